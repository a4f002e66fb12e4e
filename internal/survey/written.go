package survey

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Texts are the words of a survey its users wrote, by language and then
// message id: what locales/ holds for a shipped survey.
type Texts map[string]map[string]string

// Get returns the text of id in lang, or "" when there is none.
func (t Texts) Get(lang, id string) string { return t[lang][id] }

// Written reports whether the survey was written by its users (an XLSForm
// kept in the database) and carries its own words, rather than shipped
// with its words in locales/.
func (s *Survey) Written() bool { return s.Source != "" }

// Languages returns the languages a written survey has every one of its
// words in (its source first): the ones it can be answered in. A shipped
// survey returns nil: it speaks every shipped language.
func (s *Survey) Languages() []string { return s.langs }

// Speaks reports whether children can answer the survey in lang.
func (s *Survey) Speaks(lang string) bool { return s.langs == nil || slices.Contains(s.langs, lang) }

// ParseWritten reads and checks a survey its users wrote, kept as the YAML
// of a survey file with its words under texts (Marshal writes it): every
// rule of a shipped survey file, and words for every text it shows in its
// source language. Message ids it does not define itself must be ones the
// shipped catalog uses (the words of a shared scale, yes and no). langs
// are the languages texts may be in. The hash is the definition's own.
func ParseWritten(cat *Catalog, langs []string, name string, data []byte) (*Survey, error) {
	l := &loader{}
	s := l.surveyBytes(cat, name, data)
	if s == nil {
		return nil, l.problems
	}
	sum := sha256.Sum256(data)
	s.Hash = hex.EncodeToString(sum[:])[:16]
	shared := map[string]bool{}
	for _, id := range cat.MessageIDs() {
		shared[id] = true
	}
	fail := func(path []any, format string, args ...any) {
		l.problems = append(l.problems, Problem{File: name, Msg: fmt.Sprintf(format, args...), Path: path})
	}
	if !slices.Contains(langs, s.Source) {
		fail([]any{"source"}, "source: %q is not one of the languages %s", s.Source, strings.Join(langs, ", "))
	}
	for lang := range s.Texts {
		if !slices.Contains(langs, lang) {
			fail([]any{"texts", lang}, "texts: %q is not one of the languages %s", lang, strings.Join(langs, ", "))
		}
	}
	own := map[string]bool{}
	for _, r := range l.refs {
		switch {
		case s.Texts.Get(s.Source, r.ID) != "":
			own[r.ID] = true
		case !shared[r.ID]:
			fail(nil, "message %s has no text in the source language %s", r.ID, s.Source)
		}
	}
	if len(l.problems) > 0 {
		return nil, l.problems
	}
	for _, lang := range langs {
		complete := len(s.Texts[lang]) > 0
		for id := range own {
			if strings.TrimSpace(s.Texts.Get(lang, id)) == "" {
				complete = false
				break
			}
		}
		if complete || lang == s.Source {
			s.langs = append(s.langs, lang)
		}
	}
	slices.SortStableFunc(s.langs, func(a, b string) int {
		switch {
		case a == s.Source:
			return -1
		case b == s.Source:
			return 1
		}
		return 0
	})
	l.refs = nil
	return s, nil
}

// Marshal writes a survey as the YAML of a survey file, with its own words
// under texts: what ParseWritten reads. Keys come out in a fixed order,
// so the same survey always gives the same bytes and the same hash.
func Marshal(s *Survey) ([]byte, error) {
	out, err := yaml.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("survey: marshal %s: %w", s.ID, err)
	}
	return out, nil
}

// MarshalYAML writes a band as "6-9".
func (b Band) MarshalYAML() (any, error) { return b.String(), nil }

// Namespace prefixes every message id the survey defines in its own texts
// with ns, so two written surveys (or two versions of one) never share an
// id with each other or with locales/. Ids it does not define (a shared
// scale's words, yes and no) stay as they are. Call it once, before the
// survey is shown.
func (s *Survey) Namespace(ns string) {
	own := s.Texts[s.Source]
	re := func(id *string) {
		if _, ok := own[*id]; ok && *id != "" {
			*id = ns + *id
		}
	}
	re(&s.Title)
	re(&s.Intro)
	for _, sc := range s.Scales {
		for i := range sc.Labels {
			re(&sc.Labels[i])
		}
		if sc.Young != nil {
			for i := range sc.Young.Labels {
				re(&sc.Young.Labels[i])
			}
		}
	}
	for _, sec := range s.Sections {
		re(&sec.Title)
		for _, it := range sec.Items {
			re(&it.Text)
			re(&it.Young)
			re(&it.Low)
			re(&it.High)
			for i := range it.Options {
				re(&it.Options[i].Label)
			}
			for i := range it.Rows {
				re(&it.Rows[i].Label)
			}
		}
	}
	for _, ind := range s.Indicators {
		re(&ind.Title)
		re(&ind.Definition)
	}
	texts := make(Texts, len(s.Texts))
	for lang, m := range s.Texts {
		texts[lang] = make(map[string]string, len(m))
		for id, text := range m {
			texts[lang][ns+id] = text
		}
	}
	s.Texts = texts
}
