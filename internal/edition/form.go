package edition

import (
	"net/url"
	"strings"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// SpecFromForm reads an edition's form: title, from, to (months of whole
// quarters), indicator (each "survey:wellbeing/life_satisfied",
// "registration:kansarmoede", "pool:…"), breakdown (each one of
// Breakdowns). Every problem is an Invalid fault naming its field, in the
// words of the message id it carries; nothing is read twice.
func SpecFromForm(form url.Values, cat *survey.Catalog) (Spec, error) {
	for _, one := range []string{"title", "from", "to"} {
		if len(form[one]) > 1 {
			return Spec{}, fault.Field(one, "edition.field_once", "one value only")
		}
	}
	if len(form["indicator"]) > 500 || len(form["breakdown"]) > len(Breakdowns) {
		return Spec{}, fault.Field("indicators", "edition.indicator_unknown", "too many values")
	}
	s := Spec{Title: form.Get("title"), From: strings.TrimSpace(form.Get("from")), To: strings.TrimSpace(form.Get("to"))}
	for _, v := range form["indicator"] {
		ref, ok := ParseRef(v)
		if !ok {
			return Spec{}, fault.Field("indicators", "edition.indicator_unknown", "no indicator "+survey.Clip(v))
		}
		s.Indicators = append(s.Indicators, ref)
	}
	s.Breakdowns = append(s.Breakdowns, form["breakdown"]...)
	return s, s.Check(cat)
}

// Quarters lists the quarters an edition's form offers, oldest first:
// from the first given to the last, as their first and last months.
func Quarters(from, to string) [][2]string { return quartersBetween(from, to) }
