package staff

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// roundResultsView is a closed round's results, laid out like the Child
// Guarantee report: a block per service, a table per statement with a row
// per group, then the pools, then each block's comments.
type roundResultsView struct {
	Round          roundRow
	Matrix         *indicator.Matrix
	Points         []int // the scale's codes, for the distribution's columns
	Comments       []indicator.RoundComments
	K              int
	FewForComments bool // fewer than k responses: comments stay hidden
	Choices        []choiceTable
	// The breakdown by a single-answer question (?by=), nil without one;
	// the questions one can break down by.
	Breakdown *indicator.Breakdown
	By        []byOption
}

// choiceTable is a profile or awareness question's answers in per cent.
type choiceTable struct {
	Text    string
	Hidden  bool
	Answers []choiceRow
}

type choiceRow struct {
	Label      string
	Percent, N int
	Hidden     bool // given by fewer than k: no numbers
}

// RoundResults is GET /rounds/{id}/results.
func (h *Handler) RoundResults(c *gin.Context) {
	r, s, ok := h.StaffRound(c)
	if !ok {
		return
	}
	v, err := h.roundResultsOf(c, r, s)
	if err != nil {
		h.Fail(c, err)
		return
	}
	p := h.Page(c, "rounds.results_title", v)
	p.Nav = "rounds"
	h.Render(c, http.StatusOK, "round_results", p)
}

// roundResultsOf computes a round's results (only a closed round has
// any) and lays them out for the page and the export.
func (h *Handler) roundResultsOf(c *gin.Context, r *store.Round, s *survey.Survey) (*roundResultsView, error) {
	by, err := indicator.RoundBreakdown(s, c.Query("by"))
	if err != nil {
		return nil, err
	}
	res, err := indicator.ResultsOfRound(c.Request.Context(), h.Store, r, s, by, h.Release(c), h.Store.Now())
	if err != nil {
		return nil, err
	}
	row, err := h.roundRow(c, r)
	if err != nil {
		return nil, err
	}
	m := res.Matrix
	v := &roundResultsView{Round: row, Matrix: m, K: h.K(), Breakdown: res.Breakdown, By: byOptions(s),
		Comments: res.Comments, FewForComments: res.FewForComments}
	for _, cr := range m.Choices {
		ct := choiceTable{Text: cr.Item.Text, Hidden: cr.Suppressed}
		for _, b := range cr.Answers {
			ct.Answers = append(ct.Answers, choiceRow{Label: b.Label, Percent: percent(b.Value), N: b.N, Hidden: b.Suppressed})
		}
		v.Choices = append(v.Choices, ct)
	}
	for _, b := range m.Blocks {
		if sc := b.Items[0].Item.ScaleDef(); v.Points == nil {
			for code := sc.First(); code <= sc.Last(); code++ {
				v.Points = append(v.Points, code)
			}
		}
	}
	return v, nil
}

// ExportRound is GET /rounds/{id}/export/{csv,xlsx}: the results page as a
// tidy table, written to the audit log like every export.
func (h *Handler) ExportRound(c *gin.Context) {
	r, s, ok := h.StaffRound(c)
	if !ok {
		return
	}
	v, err := h.roundResultsOf(c, r, s)
	if err != nil {
		h.Fail(c, err)
		return
	}
	l := h.Localizer(c)
	text := func(id string) string { return l.T(id) }
	t := export.MatrixTable(s, v.Matrix, text)
	if v.Breakdown != nil {
		t = export.MatrixTableBy(s, v.Breakdown, text)
	}
	h.Audit(c, httpkit.ViewerOf(c).ID, "export", "round "+c.Param("id")+" "+c.Param("format")+v.ByQuery(), "")
	name := fmt.Sprintf("kinderstem-round-%d", r.ID)
	switch c.Param("format") {
	case "csv":
		attach(c, name+".csv", "text/csv; charset=utf-8")
		if err := export.WriteCSV(c.Writer, t, exportFormat(c)); err != nil {
			h.Log.Error("export", "err", err)
		}
	case "xlsx":
		attach(c, name+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		if err := export.WriteXLSX(c.Writer, t); err != nil {
			h.Log.Error("export", "err", err)
		}
	default:
		h.NotFound(c)
	}
}
