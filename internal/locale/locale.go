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

// Lang is a shipped language, as the registry describes it.
type Lang struct {
	Tag    string // BCP 47, e.g. "nl", "ar"
	Name   string // the language's name in its own script, e.g. "العربية"
	Dir    string // "ltr" or "rtl"
	Speech []string
	Status Status
	Flag   string // picture under static/flags, or empty
}

// RTL reports whether the language is written right to left.
func (l Lang) RTL() bool { return l.Dir == "rtl" }

// Draft reports whether the language is a child-facing draft: complete
// for what a child sees, not reviewed by a native speaker.
func (l Lang) Draft() bool { return l.Status == ChildDraft }

// SpeechTags are the read-aloud tags, space separated, for a page's
// data attribute.
func (l Lang) SpeechTags() string { return strings.Join(l.Speech, " ") }

// Bundle holds every shipped language's messages. It is read-only after
// Load and safe for concurrent use.
type Bundle struct {
	bundle     *i18n.Bundle
	langs      []Lang // offered: the full languages, the default first, then the drafts
	localizers map[string]*Localizer
	matcher    language.Matcher
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
	// go-i18n reads the language from the file name; a language it knows
	// by another name (Dari as fa-AF) is handed over under that name.
	base := path.Base(name)
	if parts := strings.Split(base, "."); len(parts) == 3 {
		parts[1] = rulesTag(parts[1])
		base = strings.Join(parts, ".")
	}
	mf, err := b.bundle.ParseMessageFileBytes(data, base)
	if err != nil {
		return fmt.Errorf("locale: %s: %w", name, err)
	}
	tag := fromRulesTag(mf.Tag.String())
	if tag == "und" {
		return fmt.Errorf("locale: %s: name must be <domain>.<language>.toml", name)
	}
	if _, ok := registered(tag); !ok {
		return fmt.Errorf("locale: %s: language %q is not in the registry (internal/locale/registry.go)", name, tag)
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

// index orders the languages (default first, then the other full ones by
// tag, then the drafts by tag) and builds one Localizer per language,
// shared by every request. Only full languages are matched from a
// browser's or cookie's wish (Negotiate): a draft is chosen on purpose.
func (b *Bundle) index() {
	tags := make([]string, 0, len(b.messages))
	for tag := range b.messages {
		if tag != Default {
			tags = append(tags, tag)
		}
	}
	sort.Slice(tags, func(i, j int) bool {
		ri, _ := registered(tags[i])
		rj, _ := registered(tags[j])
		if ri.Status != rj.Status {
			return ri.Status == Full
		}
		return tags[i] < tags[j]
	})
	tags = append([]string{Default}, tags...)
	var full []language.Tag
	for _, tag := range tags {
		r, _ := registered(tag)
		lang := Lang{Tag: tag, Name: r.Name, Dir: r.Dir, Speech: r.Speech, Status: r.Status, Flag: r.Flag}
		b.langs = append(b.langs, lang)
		if r.Status == Full {
			full = append(full, language.MustParse(tag))
		}
		b.localizers[tag] = &Localizer{lang: lang, l: i18n.NewLocalizer(b.bundle, rulesTag(tag)), b: b}
	}
	b.matcher = language.NewMatcher(full)
}

// Languages returns the full languages, default first: those every page
// speaks, offered to staff and the public.
func (b *Bundle) Languages() []Lang {
	var out []Lang
	for _, l := range b.langs {
		if l.Status == Full {
			out = append(out, l)
		}
	}
	return out
}

// Offered returns every language whose files are present: the full ones,
// default first, then the child-facing drafts. A child chooses among
// these, and a worker chooses a session's language among them.
func (b *Bundle) Offered() []Lang { return b.langs }

// Lang returns the offered language with this tag, full or draft.
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
