package api

import (
	"github.com/kinderstem/kinderstem/internal/survey"
)

// apiMeta is an indicator's metadata in the API: why it measures the
// right, the UN Committee's observations and the policy goals it answers,
// and the reference values and targets to read it against, each with its
// source. Paragraph numbers appear only where they were checked against
// the published text.
type apiMeta struct {
	Basis        string         `json:"basis,omitempty"`
	Observations []apiCitation  `json:"observations,omitempty"`
	Goals        []apiCitation  `json:"goals,omitempty"`
	References   []apiReference `json:"references,omitempty"`
}

type apiSource struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Year      int    `json:"year,omitempty"`
	Symbol    string `json:"symbol,omitempty"`
	URL       string `json:"url,omitempty"`
	Licence   string `json:"licence,omitempty"`
}

type apiCitation struct {
	Source     apiSource `json:"source"`
	Paragraphs []string  `json:"paragraphs,omitempty"`
	Note       string    `json:"note,omitempty"`
}

type apiReference struct {
	Kind   string    `json:"kind"` // reference or target
	Value  float64   `json:"value"`
	Unit   string    `json:"unit"`
	Period string    `json:"period"`
	Area   string    `json:"area,omitempty"`
	Query  string    `json:"query,omitempty"` // the filters that select the same children
	N      int       `json:"n,omitempty"`
	Source apiSource `json:"source"`
	Table  string    `json:"table"`
	Note   string    `json:"note,omitempty"`
}

func (h *Handler) apiMetaOf(m *survey.Meta, t func(string, ...any) string) apiMeta {
	text := func(id string) string {
		if id == "" {
			return ""
		}
		return t(id)
	}
	src := func(id string) apiSource {
		s, _ := h.Catalog.Source(id)
		return apiSource{ID: s.ID, Kind: s.Kind, Title: s.Title, Publisher: s.Publisher, Year: s.Year, Symbol: s.Symbol, URL: s.URL, Licence: s.Licence}
	}
	out := apiMeta{Basis: text(m.Basis)}
	for _, c := range m.Observations {
		out.Observations = append(out.Observations, apiCitation{Source: src(c.Source), Paragraphs: c.Paragraphs, Note: text(c.Note)})
	}
	for _, c := range m.Goals {
		out.Goals = append(out.Goals, apiCitation{Source: src(c.Source), Paragraphs: c.Paragraphs, Note: text(c.Note)})
	}
	for _, r := range m.References {
		out.References = append(out.References, apiReference{Kind: r.Kind, Value: r.Value, Unit: r.Unit, Period: r.Period, Area: r.Area,
			Query: r.Query, N: r.N, Source: src(r.Source), Table: r.Table, Note: text(r.Note)})
	}
	return out
}
