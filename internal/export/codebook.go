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
	cats := map[int][]Category{colSetting: settings, colAgeBand: bands, colGender: genders}
	cols := make([]Column, 0, nFixed+len(m.Survey.Items()))
	for i, fc := range fixed {
		cols = append(cols, Column{Name: fc.name, Type: fc.typ, Description: fill(t("exports2.col."+fc.name), "k", MicroK),
			Categories: cats[i], Ordered: i == colAgeBand, Protection: fc.protection})
	}
	var items []itemColumn
	for _, it := range m.Survey.Items() {
		switch {
		case it.Kind == survey.KindText && !m.Texts:
			continue
		case it.Kind == survey.KindText:
			cols = append(cols, Column{Name: it.ID, Type: "string", Title: t(it.Text), Description: t("exports2.item.text")})
			items = append(items, itemColumn{item: it})
		case it.Kind == survey.KindMulti:
			for _, o := range it.Options {
				cols = append(cols, Column{Name: fmt.Sprintf("%s__%d", it.ID, o.Code), Type: "integer", Title: t(it.Text) + " — " + t(o.Label),
					Description: itemDescription(it, t, t("exports2.item.multi")),
					Categories:  []Category{{0, t("exports2.not_chosen")}, {1, t(o.Label)}}, Missing: missingCategories(it, t)})
				items = append(items, itemColumn{item: it, option: o.Code})
			}
		default:
			cols = append(cols, Column{Name: it.ID, Type: "integer", Title: t(it.Text), Description: itemDescription(it, t, scaleWords(it, t)),
				Categories: choiceCategories(it, t), Ordered: it.Kind == survey.KindScale || it.Kind == survey.KindLadder,
				Missing: missingCategories(it, t)})
			items = append(items, itemColumn{item: it})
		}
	}
	return cols, items
}

func scaleWords(it *survey.Item, t Text) string {
	lo, hi := it.CodeRange()
	s := fill(t("exports2.item.codes"), "lo", lo, "hi", hi)
	if sc := it.ScaleDef(); sc != nil && sc.Young != nil {
		s += " " + fill(t("exports2.item.young"), "points", sc.Young.Points, "map", sc.Young.Map)
	}
	if it.Negative {
		s += " " + t("exports2.item.negative")
	}
	return s
}

func itemDescription(it *survey.Item, t Text, codes string) string {
	var crc []string
	for _, a := range it.CRC {
		crc = append(crc, fmt.Sprint(a))
	}
	d := codes + " " + t("exports2.item.missing")
	if it.OffersDontKnow() {
		d = codes + " " + t("exports2.item.missing_dk")
	}
	if len(crc) > 0 {
		d += " " + fill(t("exports2.item.crc"), "articles", strings.Join(crc, ", "))
	}
	if len(it.Settings) > 0 {
		var where []string
		for _, s := range it.Settings {
			where = append(where, t("setting."+s))
		}
		d += " " + fill(t("exports2.item.settings"), "settings", strings.Join(where, ", "))
	}
	return d
}

// fill puts values into a translated text's {name} places. Export texts
// use this small syntax instead of go-i18n's templates because Text takes
// only a message id.
func fill(s string, pairs ...any) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		s = strings.ReplaceAll(s, "{"+fmt.Sprint(pairs[i])+"}", fmt.Sprint(pairs[i+1]))
	}
	return s
}

func choiceCategories(it *survey.Item, t Text) []Category {
	var out []Category
	for _, ch := range it.StoredChoices() {
		label := fmt.Sprint(ch.Code)
		if ch.Label != "" {
			label = t(ch.Label)
		}
		out = append(out, Category{ch.Code, label})
	}
	return out
}

// missingCategories are the codes of no answer: empty (not asked), skipped
// and, where offered, "don't know".
func missingCategories(it *survey.Item, t Text) []Category {
	out := []Category{{nil, t("exports2.not_asked")}, {codeSkipped, t("answer.skipped")}}
	if it.OffersDontKnow() {
		out = append(out, Category{codeDontKnow, t("answer.dont_know")})
	}
	return out
}
