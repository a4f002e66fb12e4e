package export

import (
	"strconv"
	"strings"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// MetadataTable lists every indicator's metadata, one row per reference
// value or target (one row for an indicator without): why it measures the
// right, the UN Committee's observations and the policy goals it answers,
// and for registration indicators the source's publication, table,
// licence and rhythm. It holds definitions, no figure.
func MetadataTable(cat *survey.Catalog, t Text) Table {
	cols := []Column{
		{Name: "source", Type: "string", Categories: []Category{{"survey", "children's questionnaire"}, {"professionals", "professionals' questionnaire"}, {"registration", "registration data"}}},
		{Name: "survey", Type: "string", Description: "Survey id; empty for registration indicators."},
		{Name: "indicator", Type: "string"},
		{Name: "title", Type: "string"},
		{Name: "theme", Type: "string"},
		{Name: "crc", Type: "string", Description: "Articles of the UN Convention on the Rights of the Child, separated by spaces."},
		{Name: "basis", Type: "string", Description: "Why the indicator measures the right."},
		{Name: "observations", Type: "string", Description: "The UN Committee's concluding observations cited: title (symbol, year), paragraphs only where checked against the published text; separated by \"; \"."},
		{Name: "goals", Type: "string", Description: "Policy goals: what, then the plan (publisher, year); separated by \"; \"."},
		{Name: "reference_kind", Type: "string", Categories: []Category{{"reference", "reference value"}, {"target", "target"}}},
		{Name: "reference_value", Type: "number"},
		{Name: "reference_unit", Type: "string"},
		{Name: "reference_period", Type: "string"},
		{Name: "reference_area", Type: "string", Description: "NIS code of the reference's area."},
		{Name: "reference_query", Type: "string", Description: "The analysts' filters that select the same children, e.g. age=10-12."},
		{Name: "reference_n", Type: "integer", Description: "Respondents behind a published survey figure."},
		{Name: "reference_source", Type: "string", Description: "The publication the reference value or target comes from."},
		{Name: "reference_table", Type: "string", Description: "Its table or passage, as titled."},
		{Name: "source_organisation", Type: "string"},
		{Name: "publication", Type: "string"},
		{Name: "table", Type: "string"},
		{Name: "licence", Type: "string"},
		{Name: "rhythm", Type: "string"},
	}
	cite := func(cs []survey.Citation, withNote bool) string {
		var out []string
		for _, c := range cs {
			s, _ := cat.Source(c.Source)
			txt := s.Title + " (" + strings.Join(nonEmpty(s.Symbol, s.Publisher, year(s.Year)), ", ") + ")"
			if len(c.Paragraphs) > 0 {
				txt += " paras " + strings.Join(c.Paragraphs, ", ")
			}
			if withNote && c.Note != "" {
				txt = t(c.Note) + ": " + txt
			}
			out = append(out, txt)
		}
		return strings.Join(out, "; ")
	}
	type entry struct {
		kind, surveyID, id, title, theme string
		crc                              []int
		meta                             *survey.Meta
		reg                              *survey.Registration
	}
	var entries []entry
	for _, s := range cat.All() {
		kind := "survey"
		if s.ForProfessionals() {
			kind = "professionals"
		}
		for _, ind := range s.Indicators {
			entries = append(entries, entry{kind, s.ID, ind.ID, ind.Title, ind.Theme, ind.CRC, &ind.Meta, nil})
		}
	}
	for _, r := range cat.Registrations() {
		entries = append(entries, entry{"registration", "", r.ID, r.Title, r.Theme, r.CRC, &r.Meta, r})
	}
	return Table{
		Name:        "indicator_metadata",
		Title:       "Kinderstem indicator metadata",
		Description: "Every indicator's basis, the UN Committee's concluding observations and policy goals it answers, its reference values and targets with their sources, and the terms of registration sources.",
		Columns:     cols,
		Rows: func(yield func([]any) error) error {
			for _, e := range entries {
				crc := make([]string, len(e.crc))
				for i, a := range e.crc {
					crc[i] = strconv.Itoa(a)
				}
				basis := ""
				if e.meta.Basis != "" {
					basis = t(e.meta.Basis)
				}
				head := []any{e.kind, e.surveyID, e.id, t(e.title), e.theme, strings.Join(crc, " "), basis, cite(e.meta.Observations, false), cite(e.meta.Goals, true)}
				tail := []any{nil, nil, nil, nil, nil}
				if e.reg != nil {
					src := e.reg.Source
					tail = []any{src.Organisation, src.Publication, src.Table, src.Licence, src.Rhythm}
				}
				refs := e.meta.References
				if len(refs) == 0 {
					refs = []survey.Reference{{}}
				}
				for _, r := range refs {
					ref := []any{nil, nil, nil, nil, nil, nil, nil, nil, nil}
					if r.Kind != "" {
						s, _ := cat.Source(r.Source)
						var n any
						if r.N > 0 {
							n = r.N
						}
						ref = []any{r.Kind, r.Value, r.Unit, r.Period, r.Area, r.Query, n, s.Title + " (" + strings.Join(nonEmpty(s.Publisher, year(s.Year)), ", ") + ")", r.Table}
					}
					row := append(append(append([]any{}, head...), ref...), tail...)
					if err := yield(row); err != nil {
						return err
					}
				}
			}
			return nil
		},
	}
}

func year(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
