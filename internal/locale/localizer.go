package locale

import (
	"fmt"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// Localizer translates message ids into one language. Templates receive the
// request's Localizer in their page data and call {{.T "id"}}; it is never
// added to a shared template's function map, so one request cannot render in
// another's language.
type Localizer struct {
	lang Lang
	l    *i18n.Localizer
	b    *Bundle  // for the texts of published written surveys
	over *Overlay // a draft's texts (With), or nil
}

// Lang returns the language this localizer speaks.
func (l *Localizer) Lang() Lang { return l.lang }

// T returns the text of message id, filled with pairs of template data
// ("Count", 3, "Name", "x"). A message this language lacks shows the
// default language's text (go-i18n falls back to it); one no language has
// shows as its id in brackets so that it is noticed, never as an empty
// space.
func (l *Localizer) T(id string, pairs ...any) string {
	if t, ok := l.written(id); ok {
		return t
	}
	msg, err := l.l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data(pairs)})
	if msg == "" && err != nil {
		return "[" + id + "]"
	}
	return msg
}

// N returns the plural form of message id for count, which the message can
// use as {{.Count}}; the language's CLDR rules pick the form.
func (l *Localizer) N(id string, count int, pairs ...any) string {
	d := data(pairs)
	d["Count"] = count
	msg, err := l.l.Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: d})
	if msg == "" && err != nil {
		return "[" + id + "]"
	}
	return msg
}

func data(pairs []any) map[string]any {
	d := make(map[string]any, len(pairs)/2+1)
	for i := 0; i+1 < len(pairs); i += 2 {
		d[fmt.Sprint(pairs[i])] = pairs[i+1]
	}
	return d
}
