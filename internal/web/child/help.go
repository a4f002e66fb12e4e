package child

import (
	"golang.org/x/text/language"

	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// helpView is what "Need to talk to someone?" shows a child: the free
// helplines of the country, the one in the child's language first, then
// the number for the rest of Europe. Numbers are text, never links: a tap
// on a shared tablet must not open a dialler or another site.
type helpView struct {
	Local, Elsewhere []helpLine
}

type helpLine struct {
	Name, Number, Web, Text string
}

// helpFor picks the helplines and their texts for a child reading lang.
func (h *Handler) helpFor(lang locale.Lang) helpView {
	var v helpView
	if h.Helplines == nil {
		return v
	}
	local, elsewhere := h.Helplines.For(lang.Tag)
	line := func(l survey.Helpline) helpLine {
		return helpLine{Name: l.Name, Number: l.Number, Web: l.Web, Text: l.Text[lang.Tag]}
	}
	for _, l := range local {
		v.Local = append(v.Local, line(l))
	}
	for _, l := range elsewhere {
		v.Elsewhere = append(v.Elsewhere, line(l))
	}
	return v
}

// browserLang is the first language of an Accept-Language header that is
// one of ours; false when none is.
func (h *Handler) browserLang(header string) (locale.Lang, bool) {
	if len(header) > 512 {
		return locale.Lang{}, false
	}
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil {
		return locale.Lang{}, false
	}
	for _, t := range tags {
		base, _ := t.Base()
		if l, ok := h.Locales.Lang(base.String()); ok {
			return l, true
		}
	}
	return locale.Lang{}, false
}
