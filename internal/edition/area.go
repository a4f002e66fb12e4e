package edition

import (
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// AreaView is the latest published edition's figure for the children of
// a group's age band and province, shown beside the group's own results
// and clearly labelled as the area's, never the group's.
type AreaView struct {
	Label   string // "Children aged 10-13 in Antwerpen, monitor edition 2 (2026-07 – 2026-12)"
	Edition string
	Link    string // the monitor's home in the reader's language
	Rows    []AreaRow
}

// AreaRow is one indicator of the group's survey in the area.
type AreaRow struct {
	Title    string // the indicator's title, in words
	Question string // the question in children's words (message id), for a single-item share
	Value    string
	Interval string
	N        string
	Share    indicator.Share // in children's words: about, fewer or more than N in 10, and the bar's length
	Hidden   bool
	Faces    []string
	Answers  []KidAnswer
}

// Area is the area view for a group of a survey, age band and province
// (a province's or municipality's code), from the latest edition that
// publishes that survey by age band and province; nil when none does.
func Area(list []*Published, cat *survey.Catalog, l *locale.Localizer, surveyID, band, region string) *AreaView {
	province := cat.ProvinceOf(region)
	if province == "" {
		return nil
	}
	for i := len(list) - 1; i >= 0; i-- {
		e := list[i]
		site := &Site{Base: "/open", Lang: l.Lang(), L: l, Cat: cat, Editions: list[:i+1]}
		var rows []AreaRow
		for _, ind := range e.Snap.Indicators {
			if ind.Source != SourceSurvey || ind.Survey != surveyID || ind.Kind != string(survey.Share) {
				continue
			}
			t := ind.Table("age_band+province")
			if t == nil || t.TooFew {
				continue
			}
			row := AreaRow{Title: l.T(ind.Title)}
			if ind.Child != nil {
				row.Question, row.Faces = ind.Child.Question, ind.Child.Faces
				for _, a := range ind.Child.Answers {
					if len(a) > 1 && a[0] == '#' {
						row.Answers = append(row.Answers, KidAnswer{Number: a[1:]})
					} else {
						row.Answers = append(row.Answers, KidAnswer{ID: a})
					}
				}
			}
			c := t.Cell(band, province)
			sh := site.shown(ind, "", c)
			row.Value, row.Interval, row.N, row.Hidden = sh.Value, sh.Interval, sh.N, sh.Hidden
			if !sh.Hidden {
				row.Share = indicator.ShareOf(c.Value, c.N)
			}
			rows = append(rows, row)
		}
		if len(rows) == 0 {
			continue
		}
		name := province
		if r, ok := cat.Area(province); ok {
			name = r.NameIn(l.Lang().Tag)
		}
		return &AreaView{Label: l.T("area.label", "Band", band, "Province", name), Edition: site.editionLabel(e) + " · " + site.span(e.From, e.To),
			Link: site.URL(""), Rows: rows}
	}
	return nil
}
