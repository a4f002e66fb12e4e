// Package locale owns the translations: a go-i18n bundle loaded from the
// locales folder, language negotiation, and the per-language Localizer that
// templates call. (Not named i18n: that is go-i18n's own package name.)
package locale

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Default is the language every other is checked against and the one used
// when nothing better matches.
const Default = "nl"

// Lang is a shipped language.
type Lang struct {
	Tag  string // BCP 47, e.g. "nl", "ar"
	Name string // the language's name in its own script, e.g. "العربية"
	Dir  string // "ltr" or "rtl"
}

// RTL reports whether the language is written right to left.
func (l Lang) RTL() bool { return l.Dir == "rtl" }

// Bundle holds every shipped language's messages. It is read-only after
// Load and safe for concurrent use.
type Bundle struct {
	bundle     *i18n.Bundle
	langs      []Lang
	localizers map[string]*Localizer
	matcher    language.Matcher
	matchTo    []Lang                              // the language of each of the matcher's tags
	messages   map[string]map[string]*i18n.Message // lang -> id -> message
	// written are the words of surveys their users wrote and published,
	// added while the server runs (AddTexts): a new map swapped in whole,
	// so readers take no lock.
	written   atomic.Pointer[Overlay]
	writtenMu sync.Mutex
}

// Load reads every <domain>.<lang>.toml file at the top of fsys (the locales
// folder). The default language must be among them.
func Load(fsys fs.FS) (*Bundle, error) {
	names, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		return nil, fmt.Errorf("locale: list files: %w", err)
	}
	b := &Bundle{
		bundle:     i18n.NewBundle(language.MustParse(Default)),
		localizers: map[string]*Localizer{},
		messages:   map[string]map[string]*i18n.Message{},
	}
	b.bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, name := range names {
		if err := b.loadFile(fsys, name); err != nil {
			return nil, err
		}
	}
	if _, ok := b.messages[Default]; !ok {
		return nil, fmt.Errorf("locale: no messages for the default language %q", Default)
	}
	b.index()
	return b, nil
}

func (b *Bundle) loadFile(fsys fs.FS, name string) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("locale: read %s: %w", name, err)
	}
	mf, err := i18n.ParseMessageFileBytes(data, path.Base(name), map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal})
	if err != nil {
		return fmt.Errorf("locale: %s: %w", name, err)
	}
	tag := mf.Tag.String()
	if tag == "und" {
		return fmt.Errorf("locale: %s: name must be <domain>.<language>.toml", name)
	}
	if err := b.bundle.AddMessages(cldrTag(tag), mf.Messages...); err != nil {
		return fmt.Errorf("locale: %s: %w", name, err)
	}
	set := b.messages[tag]
	if set == nil {
		set = map[string]*i18n.Message{}
		b.messages[tag] = set
	}
	for _, m := range mf.Messages {
		if _, dup := set[m.ID]; dup {
			return fmt.Errorf("locale: %s: message %s is defined twice for %s", name, m.ID, tag)
		}
		set[m.ID] = m
	}
	return nil
}

// index orders the languages (default first, then by tag) and builds one
// Localizer per language, shared by every request.
func (b *Bundle) index() {
	tags := make([]string, 0, len(b.messages))
	for tag := range b.messages {
		if tag != Default {
			tags = append(tags, tag)
		}
	}
	sort.Strings(tags)
	tags = append([]string{Default}, tags...)
	parsed := make([]language.Tag, len(tags))
	for i, tag := range tags {
		parsed[i] = language.MustParse(tag)
		lang := Lang{Tag: tag, Name: b.text(tag, "meta.name", tag), Dir: direction(cldrTag(tag))}
		b.langs = append(b.langs, lang)
		b.localizers[tag] = &Localizer{lang: lang, l: i18n.NewLocalizer(b.bundle, cldrTag(tag).String()), b: b}
	}
	// A browser set to Dari says fa-AF (CLDR's name for it): the matcher
	// also knows each shipped language by its CLDR alias.
	b.matchTo = append([]Lang(nil), b.langs...)
	for _, l := range b.langs {
		if alias, ok := cldrAlias[l.Tag]; ok {
			parsed = append(parsed, language.MustParse(alias))
			b.matchTo = append(b.matchTo, l)
		}
	}
	b.matcher = language.NewMatcher(parsed)
}

func (b *Bundle) text(tag, id, fallback string) string {
	if m, ok := b.messages[tag][id]; ok && m.Other != "" {
		return m.Other
	}
	return fallback
}

// cldrAlias names, for a shipped language that CLDR (and so go-i18n and
// x/text) knows only under another tag, the tag whose plural rules and script
// it shares. Dari (prs) is CLDR's Persian of Afghanistan: without the alias
// go-i18n has no plural rule for it and refuses its files, and its script
// would be unknown, so it would be laid out left to right.
var cldrAlias = map[string]string{"prs": "fa-AF"}

// cldrTag returns the tag to ask CLDR data about for a shipped language.
func cldrTag(tag string) language.Tag {
	if alias, ok := cldrAlias[tag]; ok {
		return language.MustParse(alias)
	}
	return language.Make(tag)
}

// direction reads the writing direction from the language's likely script.
func direction(t language.Tag) string {
	script, _ := t.Script()
	switch script.String() {
	case "Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr":
		return "rtl"
	}
	return "ltr"
}

// Languages returns the shipped languages, default first.
func (b *Bundle) Languages() []Lang { return b.langs }

// Lang returns the shipped language with this tag.
func (b *Bundle) Lang(tag string) (Lang, bool) {
	l, ok := b.localizers[tag]
	if !ok {
		return Lang{}, false
	}
	return l.lang, true
}

// For returns the localizer of a shipped language, or of the default.
func (b *Bundle) For(tag string) *Localizer {
	if l, ok := b.localizers[tag]; ok {
		return l
	}
	return b.localizers[Default]
}

// Has reports whether lang has a non-empty text for message id.
func (b *Bundle) Has(lang, id string) bool {
	if _, ok := b.written.Load().lookup(lang, id); ok {
		return true
	}
	m, ok := b.messages[lang][id]
	return ok && strings.TrimSpace(m.Other) != ""
}

// IDs returns the message ids of a language, sorted.
func (b *Bundle) IDs(lang string) []string {
	ids := make([]string, 0, len(b.messages[lang]))
	for id := range b.messages[lang] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
