package locale

import "strings"

// Overlay is a set of plain texts over the message files: the words of a
// survey its users wrote, by language and message id. A language that
// lacks an id shows the text of the survey's own language (Source), not
// an id in brackets. Texts are shown as written: nothing in them is a
// template, so "{{" in an author's question is just two braces.
type Overlay struct {
	Texts    map[string]map[string]string // lang -> id -> text
	Fallback map[string]string            // id -> text in the language the survey was written in
}

// NewOverlay makes an overlay of texts (lang -> id -> text) written in
// source.
func NewOverlay(texts map[string]map[string]string, source string) *Overlay {
	return &Overlay{Texts: texts, Fallback: texts[source]}
}

// lookup finds id's text in lang, else in the survey's own language.
func (o *Overlay) lookup(lang, id string) (string, bool) {
	if o == nil {
		return "", false
	}
	if t := o.Texts[lang][id]; strings.TrimSpace(t) != "" {
		return t, true
	}
	t, ok := o.Fallback[id]
	return t, ok && strings.TrimSpace(t) != ""
}

// merge returns a new overlay with both overlays' texts; o is unchanged.
func (o *Overlay) merge(more *Overlay) *Overlay {
	out := &Overlay{Texts: map[string]map[string]string{}, Fallback: map[string]string{}}
	for _, src := range []*Overlay{o, more} {
		if src == nil {
			continue
		}
		for lang, m := range src.Texts {
			if out.Texts[lang] == nil {
				out.Texts[lang] = map[string]string{}
			}
			for id, t := range m {
				out.Texts[lang][id] = t
			}
		}
		for id, t := range src.Fallback {
			out.Fallback[id] = t
		}
	}
	return out
}

// AddTexts adds the words of a published survey (ids namespaced so they
// meet no other): every localizer, including those requests hold now,
// finds them from the next lookup on. Ids are never taken away: a
// survey's published version stays answerable and readable.
func (b *Bundle) AddTexts(o *Overlay) {
	b.writtenMu.Lock()
	defer b.writtenMu.Unlock()
	b.written.Store(b.written.Load().merge(o))
}

// Clone returns a bundle with the same message files whose added texts
// are its own: what a test that publishes works on.
func (b *Bundle) Clone() *Bundle {
	out := &Bundle{bundle: b.bundle, langs: b.langs, matcher: b.matcher, messages: b.messages, localizers: map[string]*Localizer{}}
	for tag, l := range b.localizers {
		out.localizers[tag] = &Localizer{lang: l.lang, l: l.l, b: out}
	}
	out.written.Store(b.written.Load())
	return out
}

// With returns a localizer that finds the texts of o first: a draft's
// words on its preview and in a pilot, for one request, added to nothing
// shared.
func (l *Localizer) With(o *Overlay) *Localizer {
	out := *l
	out.over = o
	return &out
}

// written finds id among the texts of a draft this localizer carries,
// then among published surveys' texts.
func (l *Localizer) written(id string) (string, bool) {
	if t, ok := l.over.lookup(l.lang.Tag, id); ok {
		return t, true
	}
	if l.b == nil {
		return "", false
	}
	return l.b.written.Load().lookup(l.lang.Tag, id)
}
