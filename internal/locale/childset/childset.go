// Package childset derives the child-facing messages: every message a
// child can see on a child's screen. A child-facing draft language must
// have each of them (locale.Bundle.Check), so the set is read from what
// the child's screens are made of, not kept by hand: a new text on a
// child's page joins the set by being used there.
//
// The set is the union of
//   - every message of the survey domains' files (Domains);
//   - every message the child's survey files and their answer scales
//     name (the survey catalog, children's surveys only);
//   - every message id written in the templates a child's pages render
//     (Pages) and in the partials they include, followed to the end;
//   - every message id written in the Go code of the child's surfaces
//     (Code); a literal ending in "." or "_" joins the ids it begins
//     ("prepare.decider." + kind), and a template's printf pattern
//     ("child.face_%d") joins the ids before its verb.
package childset

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// Domains are the survey domains: whole files a child reads.
var Domains = []string{"child", "participation", "best_interests", "wellbeing", "care", "little_voices", "heard", "topics", "ideas"}

// Pages are the templates rendered for a child (RenderChild and the
// child's error page), relative to the templates folder.
var Pages = []string{
	"child_layout.html",
	"pages/questionnaire.html", "pages/child_thanks.html", "pages/child_bye.html", "pages/child_results.html",
	"pages/child_vote.html", "pages/child_message.html",
	"pages/voice.html", "pages/voice_code.html", "pages/voice_message.html",
}

// Code are the folders of the Go code behind a child's pages.
var Code = []string{"internal/web/child", "internal/web/voice"}

// Adult are the messages a child's page shows for the adult beside the
// child, in the session's full language (the draft-language note, the
// note that the device cannot read a language aloud): not child-facing.
var Adult = map[string]bool{"lang.draft": true, "lang.no_voice": true}

// notMessages are literals in Code that look like message ids and are
// not: the paths of answer fields in error reports.
var notMessages = map[string]bool{"answers.": true, "idea.": true}

// Default is the language whose files name the messages.
const Default = "nl"

var (
	literal    = regexp.MustCompile(`"([a-z][a-z0-9_]*\.[a-z0-9_.%]*)"`)
	templateRe = regexp.MustCompile(`{{-?\s*template\s+"([^"]+)"`)
	defineRe   = regexp.MustCompile(`{{-?\s*define\s+"([^"]+)"`)
	verb       = regexp.MustCompile(`%[a-z]`)
)

// Sources are the folders the set is read from: the locales, surveys and
// templates folders, and the repository for the Code folders. Code is nil
// where the Go sources are not at hand (the binary checks its embedded
// files; the tests read the code too).
type Sources struct {
	Locales, Surveys, Templates, Code fs.FS
	// Catalog is the surveys already loaded, when the caller has them
	// (the server at start); nil loads Surveys.
	Catalog *survey.Catalog
}

// Repository returns the Sources of a repository checked out at root.
func Repository(root fs.FS) Sources {
	sub := func(dir string) fs.FS { f, _ := fs.Sub(root, dir); return f }
	return Sources{Locales: sub("locales"), Surveys: sub("surveys"), Templates: sub("templates"), Code: root}
}

// Messages returns the child-facing message ids, sorted.
func Messages(src Sources) ([]string, error) {
	ids, err := defaultIDs(src.Locales)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, d := range Domains {
		keys, err := fileKeys(src.Locales, d+"."+Default+".toml")
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			set[k] = true
		}
	}
	cat := src.Catalog
	if cat == nil {
		if cat, err = survey.Load(src.Surveys); err != nil {
			return nil, fmt.Errorf("childset: %w", err)
		}
	}
	// A children's survey's file names what children read and what
	// analysts read about its indicators; the indicators' words are left
	// out (those of the survey domains are in already).
	files := map[string]bool{"reference/scales.yaml": true}
	analysts := map[string]bool{}
	for _, s := range cat.Surveys() {
		files[s.File] = true
		for _, ind := range s.Indicators {
			for _, id := range []string{ind.Title, ind.Definition, ind.Basis} {
				analysts[id] = true
			}
			for _, c := range append(slices.Clone(ind.Observations), ind.Goals...) {
				analysts[c.Note] = true
			}
		}
	}
	for _, r := range cat.MessageRefs() {
		if files[r.File] && !analysts[r.ID] {
			set[r.ID] = true
		}
	}
	texts, err := templateTexts(src.Templates)
	if err != nil {
		return nil, err
	}
	for _, dir := range Code {
		if src.Code == nil {
			break
		}
		names, err := fs.Glob(src.Code, dir+"/*.go")
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			if strings.HasSuffix(n, "_test.go") {
				continue
			}
			b, err := fs.ReadFile(src.Code, n)
			if err != nil {
				return nil, err
			}
			texts = append(texts, string(b))
		}
	}
	known := make(map[string]bool, len(ids))
	for _, id := range ids {
		known[id] = true
	}
	seen := map[string]bool{}
	for _, t := range texts {
		for _, m := range literal.FindAllStringSubmatch(t, -1) {
			lit := m[1]
			if seen[lit] || notMessages[lit] || Adult[lit] {
				continue
			}
			seen[lit] = true
			var match func(string) bool
			switch {
			case strings.Contains(lit, "%"):
				match = regexp.MustCompile("^" + verb.ReplaceAllString(regexp.QuoteMeta(lit), "[a-z0-9_.]+") + "$").MatchString
			case strings.HasSuffix(lit, ".") || strings.HasSuffix(lit, "_"):
				match = func(id string) bool { return strings.HasPrefix(id, lit) }
			default:
				if known[lit] {
					set[lit] = true
				}
				continue
			}
			for _, id := range ids {
				if match(id) {
					set[id] = true
				}
			}
		}
	}
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	return out, nil
}

// templateTexts returns the Pages and every template block they include,
// each once: a {{template "x"}} is followed to the block that defines x in
// the partials (defines do not nest, so a block runs to the next define).
func templateTexts(root fs.FS) ([]string, error) {
	partials, err := fs.Glob(root, "partials/*.html")
	if err != nil {
		return nil, err
	}
	blocks := map[string][]string{} // define name -> its texts
	for _, n := range partials {
		b, err := fs.ReadFile(root, n)
		if err != nil {
			return nil, err
		}
		text := string(b)
		at := defineRe.FindAllStringSubmatchIndex(text, -1)
		for i, m := range at {
			end := len(text)
			if i+1 < len(at) {
				end = at[i+1][0]
			}
			name := text[m[2]:m[3]]
			blocks[name] = append(blocks[name], text[m[0]:end])
		}
	}
	var out []string
	seen := map[string]bool{}
	var follow func(text string)
	follow = func(text string) {
		out = append(out, text)
		for _, m := range templateRe.FindAllStringSubmatch(text, -1) {
			if seen[m[1]] {
				continue
			}
			seen[m[1]] = true
			for _, b := range blocks[m[1]] {
				follow(b)
			}
		}
	}
	for _, p := range Pages {
		b, err := fs.ReadFile(root, p)
		if err != nil {
			return nil, fmt.Errorf("childset: %w", err)
		}
		follow(string(b))
	}
	return out, nil
}

func defaultIDs(root fs.FS) ([]string, error) {
	names, err := fs.Glob(root, "*."+Default+".toml")
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, n := range names {
		keys, err := fileKeys(root, n)
		if err != nil {
			return nil, err
		}
		ids = append(ids, keys...)
	}
	return ids, nil
}

// fileKeys returns the message ids of one locale file.
func fileKeys(root fs.FS, name string) ([]string, error) {
	b, err := fs.ReadFile(root, name)
	if err != nil {
		return nil, fmt.Errorf("childset: %w", err)
	}
	var m map[string]any
	if err := toml.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("childset: %s: %w", name, err)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys, nil
}
