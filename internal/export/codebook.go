package export

import (
	"fmt"
	"strings"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// itemColumn is one microdata column of an item (a multi item has one per
// option).
type itemColumn struct {
	item   *survey.Item
	option int
}

// columns returns the microdata columns with their codebook entries.
func (m *Microdata) columns() ([]Column, []itemColumn) {
	t := m.T
	var genders []Category
	for _, g := range survey.Genders {
		genders = append(genders, Category{g, t("gender." + g)})
	}
	var settings []Category
	for _, s := range m.Catalog.Settings {
		settings = append(settings, Category{s, t("setting." + s)})
	}
	var bands []Category
	for _, b := range m.Survey.AgeBands {
		bands = append(bands, Category{b.String(), b.String()})
	}
	cols := []Column{
		{Name: "submission", Type: "string", Description: "A random id of the row, made for this export only: not the order of arrival, and not the same in another export."},
		{Name: "survey", Type: "string", Description: "Survey id."},
		{Name: "survey_version", Type: "integer", Description: "Version of the survey the child answered."},
		{Name: "session", Type: "string", Description: "Pseudonym of the session (a group of children answering together), made for this export only; empty where suppressed (fewer than 5 rows would share it)."},
		{Name: "setting", Type: "string", Description: "Where the session took place.", Categories: settings},
		{Name: "region", Type: "string", Description: "Always empty in this file: municipalities are recoded to their province (see province)."},
		{Name: "province", Type: "string", Description: "Province of the region (Brussels-Capital Region as 'brussel')."},
		{Name: "age_band", Type: "string", Description: "Age band: from the child's age when given, else the session's band.", Categories: bands},
		{Name: "age", Type: "integer", Description: "Always empty in this file: ages are recoded to their band (see age_band)."},
		{Name: "gender", Type: "string", Description: "Gender as the child chose to say it; empty where suppressed (fewer than 5 rows would share it).", Categories: genders},
		{Name: "quarter", Type: "string", Description: "Quarter the answers arrived, as 2026-Q1 (the month is recoded to its quarter); empty where suppressed."},
		{Name: "lang", Type: "string", Description: "Language the child answered in (BCP 47)."},
		{Name: "complete", Type: "boolean", Description: "true when no question was skipped (\"don't know\" counts as an answer)."},
	}
	var items []itemColumn
	for _, it := range m.Survey.Items() {
		switch {
		case it.Kind == survey.KindText && !m.Texts:
			continue
		case it.Kind == survey.KindText:
			cols = append(cols, Column{Name: it.ID, Type: "string", Title: t(it.Text), Description: "Free text, as written (included by an administrator)."})
			items = append(items, itemColumn{item: it})
		case it.Kind == survey.KindMulti:
			for _, o := range it.Options {
				cols = append(cols, Column{Name: fmt.Sprintf("%s__%d", it.ID, o.Code), Type: "integer", Title: t(it.Text) + " — " + t(o.Label),
					Description: itemDescription(it, "1 chosen, 0 not chosen"),
					Categories:  append([]Category{{1, t(o.Label)}, {0, "-"}}, missingCategories(it, t)...)})
				items = append(items, itemColumn{item: it, option: o.Code})
			}
		default:
			cols = append(cols, Column{Name: it.ID, Type: "integer", Title: t(it.Text), Description: itemDescription(it, scaleWords(it)),
				Categories: append(choiceCategories(it, t), missingCategories(it, t)...)})
			items = append(items, itemColumn{item: it})
		}
	}
	return cols, items
}

func scaleWords(it *survey.Item) string {
	lo, hi := it.CodeRange()
	s := fmt.Sprintf("%s, codes %d-%d", it.Kind, lo, hi)
	if sc := it.ScaleDef(); sc != nil && sc.Young != nil {
		s += fmt.Sprintf("; children of 6-9 saw %d faces, stored as %v", sc.Young.Points, sc.Young.Map)
	}
	if it.Negative {
		s += "; worded negatively (a high code is a bad answer)"
	}
	return s
}

func itemDescription(it *survey.Item, codes string) string {
	var crc []string
	for _, a := range it.CRC {
		crc = append(crc, fmt.Sprint(a))
	}
	d := codes + ". -1 skipped"
	if it.OffersDontKnow() {
		d += ", -2 don't know"
	}
	d += "; empty: not asked."
	if len(crc) > 0 {
		d += " UNCRC articles " + strings.Join(crc, ", ") + "."
	}
	if len(it.Settings) > 0 {
		d += " Asked only in: " + strings.Join(it.Settings, ", ") + "."
	}
	return d
}

func choiceCategories(it *survey.Item, t Text) []Category {
	var out []Category
	for _, ch := range it.Choices(survey.Band{Min: 10, Max: 17}) {
		label := fmt.Sprint(ch.Code)
		if ch.Label != "" {
			label = t(ch.Label)
		}
		out = append(out, Category{ch.Code, label})
	}
	return out
}

func missingCategories(it *survey.Item, t Text) []Category {
	out := []Category{{codeSkipped, t("answer.skipped")}}
	if it.OffersDontKnow() {
		out = append(out, Category{codeDontKnow, t("answer.dont_know")})
	}
	return out
}
