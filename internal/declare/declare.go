// Package declare adds registration indicators an administrator declares
// from the admin pages to the shipped catalogue. A declaration is what a
// developer would add as a file: the YAML of surveys/registration/*.yaml
// (one indicator) and its texts in every language, as locale TOML. It is
// checked by the very loader and translation checks the shipped files go
// through (survey.Load, CheckTranslations, locale.Load, Bundle.Check), by
// loading the shipped assets with the declarations laid over them, and is
// kept in the database (store.RegistrationDefinition). Declarations join
// the catalogue when the program starts (cmd/kinderstem openStore).
//
// The staff-written surveys that live in the database work the same way;
// when their live catalogue lands, declarations move onto it unchanged:
// a declaration is only a file's text and its translations.
package declare

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing/fstest"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Definition is one declared registration indicator: its id, the YAML of
// a registration file declaring it alone, and its texts by language and
// message id.
type Definition struct {
	ID    string
	YAML  string
	Texts map[string]map[string]string
}

// MaxYAML and MaxTexts bound what an administrator can paste.
const (
	MaxYAML  = 16 << 10
	MaxTexts = 16 << 10
)

// Parse reads a declaration as the admin form sends it: the YAML and, per
// language, its texts in TOML. The YAML must declare exactly one
// indicator, and every text must belong to it (a message id starting
// with "monitor.reg.<id>."), so a declaration can never change a shipped
// text. Problems are returned as the loader's, naming file and line.
func Parse(yamlText string, texts map[string]string) (Definition, error) {
	d := Definition{YAML: strings.ReplaceAll(yamlText, "\r\n", "\n"), Texts: map[string]map[string]string{}}
	if len(d.YAML) > MaxYAML {
		return d, survey.Problems{{File: "definition", Msg: fmt.Sprintf("longer than %d bytes", MaxYAML)}}
	}
	var doc struct {
		Indicators []struct {
			ID string `yaml:"id"`
		} `yaml:"indicators"`
	}
	if err := yaml.Unmarshal([]byte(d.YAML), &doc); err != nil {
		return d, survey.Problems{{File: "definition", Msg: "not YAML: " + err.Error()}}
	}
	if len(doc.Indicators) != 1 || doc.Indicators[0].ID == "" {
		return d, survey.Problems{{File: "definition", Msg: "declare exactly one indicator, under indicators:, with an id"}}
	}
	d.ID = doc.Indicators[0].ID
	prefix := "monitor.reg." + d.ID + "."
	var problems survey.Problems
	for lang, text := range texts {
		file := "texts." + lang + ".toml"
		if len(text) > MaxTexts {
			problems = append(problems, survey.Problem{File: file, Msg: fmt.Sprintf("longer than %d bytes", MaxTexts)})
			continue
		}
		m := map[string]string{}
		if _, err := toml.Decode(text, &m); err != nil {
			problems = append(problems, survey.Problem{File: file, Msg: "not TOML of \"id\" = \"text\" lines: " + err.Error()})
			continue
		}
		for id := range m {
			if !strings.HasPrefix(id, prefix) {
				problems = append(problems, survey.Problem{File: file, Msg: fmt.Sprintf("message %s: a declared indicator's texts start with %s", id, prefix)})
			}
		}
		if len(m) > 0 {
			d.Texts[lang] = m
		}
	}
	if len(problems) > 0 {
		slices.SortFunc(problems, func(a, b survey.Problem) int { return strings.Compare(a.Error(), b.Error()) })
		return d, problems
	}
	return d, nil
}

// Load loads the shipped catalogue and translations from assets (with its
// surveys and locales folders) with the declarations laid over them, and
// checks everything the shipped files are checked for: any problem
// returns nil and the problems, naming the declaration's file and line.
func Load(assets fs.FS, defs []Definition) (*survey.Catalog, *locale.Bundle, error) {
	surveys, err := fs.Sub(assets, "surveys")
	if err != nil {
		return nil, nil, err
	}
	locs, err := fs.Sub(assets, "locales")
	if err != nil {
		return nil, nil, err
	}
	if len(defs) > 0 {
		if surveys, err = overlay(surveys, "*.yaml", "registration/*.yaml", "reference/*.yaml"); err != nil {
			return nil, nil, err
		}
		if locs, err = overlay(locs, "*.toml"); err != nil {
			return nil, nil, err
		}
		byLang := map[string]map[string]string{}
		for _, d := range defs {
			surveys.(fstest.MapFS)[FileOf(d.ID)] = &fstest.MapFile{Data: []byte(d.YAML)}
			for lang, m := range d.Texts {
				if byLang[lang] == nil {
					byLang[lang] = map[string]string{}
				}
				for id, text := range m {
					byLang[lang][id] = text
				}
			}
		}
		for lang, m := range byLang {
			var buf bytes.Buffer
			if err := toml.NewEncoder(&buf).Encode(m); err != nil {
				return nil, nil, err
			}
			locs.(fstest.MapFS)["declared."+lang+".toml"] = &fstest.MapFile{Data: buf.Bytes()}
		}
	}
	cat, err := survey.Load(surveys)
	if err != nil {
		return nil, nil, err
	}
	bundle, err := locale.Load(locs)
	if err != nil {
		return nil, nil, survey.Problems{{File: "texts", Msg: err.Error()}}
	}
	var tags []string
	for _, l := range bundle.Languages() {
		tags = append(tags, l.Tag)
	}
	problems := cat.CheckTranslations(tags, bundle.Has)
	for _, p := range bundle.Check(nil) { // declarations are staff texts: a draft language's child-facing set is checked elsewhere
		problems = append(problems, survey.Problem{File: "texts", Msg: p})
	}
	if len(problems) > 0 {
		return nil, nil, problems
	}
	return cat, bundle, nil
}

// FileOf is the name a declaration's YAML has among the registration
// files, in the problems the loader reports.
func FileOf(id string) string { return "registration/declared-" + id + ".yaml" }

// overlay copies the files of fsys matching the patterns into a map, to
// lay declarations over.
func overlay(fsys fs.FS, patterns ...string) (fs.FS, error) {
	out := fstest.MapFS{}
	for _, p := range patterns {
		names, err := fs.Glob(fsys, p)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			data, err := fs.ReadFile(fsys, n)
			if err != nil {
				return nil, err
			}
			out[n] = &fstest.MapFile{Data: data}
		}
	}
	return out, nil
}

// FromStore turns the kept declarations into definitions.
func FromStore(ds []store.RegistrationDefinition) []Definition {
	out := make([]Definition, len(ds))
	for i, d := range ds {
		out[i] = Definition{ID: d.ID, YAML: d.YAML, Texts: d.Texts}
	}
	return out
}
