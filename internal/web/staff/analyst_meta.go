package staff

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// metaView is an indicator's metadata as the analysts' pages show it:
// why it measures the right, what the UN Committee and the policy plans
// say, and the reference values and targets to read it against, each
// with its source (partials/meta.html).
type metaView struct {
	Basis        string
	CRC          []int
	Observations []citeView
	Goals        []citeView
	References   []refView
}

type citeView struct {
	Title, Publisher, Symbol, URL, Year, Paragraphs, Note string
}

type refView struct {
	Target                                        bool
	Value, Period, Area, Query, N, Note           string
	Source, SourceURL, Publisher, Year, TableName string
}

func (h *Handler) metaView(c *gin.Context, m *survey.Meta, crc []int) *metaView {
	l := h.Localizer(c)
	nf := numbers(l.Lang().Tag)
	v := &metaView{CRC: crc}
	if m.Basis != "" {
		v.Basis = l.T(m.Basis)
	}
	cite := func(ct survey.Citation) citeView {
		src, _ := h.Catalog.Source(ct.Source)
		out := citeView{Title: src.Title, Publisher: src.Publisher, Symbol: src.Symbol, URL: src.URL, Paragraphs: strings.Join(ct.Paragraphs, ", ")}
		if src.Year > 0 {
			out.Year = strconv.Itoa(src.Year)
		}
		if ct.Note != "" {
			out.Note = l.T(ct.Note)
		}
		return out
	}
	for _, ct := range m.Observations {
		v.Observations = append(v.Observations, cite(ct))
	}
	for _, ct := range m.Goals {
		v.Goals = append(v.Goals, cite(ct))
	}
	for _, r := range m.References {
		src, _ := h.Catalog.Source(r.Source)
		rv := refView{Target: r.Kind == survey.ReferenceTarget, Period: r.Period, Query: r.Query, Source: src.Title, SourceURL: src.URL,
			Publisher: src.Publisher, TableName: r.Table, Value: nf.unit(r.Unit, r.Value)}
		if src.Year > 0 {
			rv.Year = strconv.Itoa(src.Year)
		}
		if a, ok := h.Catalog.Area(r.Area); ok {
			rv.Area = a.NameIn(l.Lang().Tag)
		}
		if r.N > 0 {
			rv.N = nf.p.Sprintf("%d", r.N)
		}
		if r.Note != "" {
			rv.Note = l.T(r.Note)
		}
		v.References = append(v.References, rv)
	}
	return v
}

// unit writes a value in a unit the way the reader's language does: a
// share as a percentage with its published decimals, a count whole.
func (nf numberFormat) unit(unit string, v float64) string {
	return nf.reg(&survey.Registration{Unit: unit}, v)
}
