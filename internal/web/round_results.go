package web

import (
	"fmt"
	"math/rand/v2"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// roundResultsView is a closed round's results, laid out like the Child
// Guarantee report: a block per service, a table per statement with a row
// per group, then the pools, then each block's comments.
type roundResultsView struct {
	Round          roundRow
	Matrix         *indicator.Matrix
	Points         []int // the scale's codes, for the distribution's columns
	Comments       []commentBlock
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
}

type commentBlock struct {
	ItemID  string
	Section string // message id of the block's title
	Item    string // message id of the question
	Texts   []string
}

// roundResults is GET /rounds/{id}/results.
func (a *App) roundResults(c *gin.Context) {
	r, s, ok := a.staffRound(c)
	if !ok {
		return
	}
	v, err := a.roundResultsOf(c, r, s)
	if err != nil {
		a.fail(c, err)
		return
	}
	p := a.page(c, "rounds.results_title", v)
	p.Nav = "rounds"
	a.render(c, http.StatusOK, "round_results", p)
}

// apiRoundResults is GET /api/v1/rounds/{id}/results: the same numbers as
// JSON, hidden cells with no numbers at all.
func (a *App) apiRoundResults(c *gin.Context) {
	r, s, ok := a.staffRound(c)
	if !ok {
		return
	}
	v, err := a.roundResultsOf(c, r, s)
	if err != nil {
		a.failJSON(c, err)
		return
	}
	c.JSON(http.StatusOK, apiMatrixOf(v, a.localizer(c).T))
}

// roundResultsOf computes a round's results. Only a closed round has any:
// while respondents can still change their answers, a figure that moves
// with one change would tell what that change was.
func (a *App) roundResultsOf(c *gin.Context, r *store.Round, s *survey.Survey) (*roundResultsView, error) {
	if r.IsOpen(a.Store.Now()) {
		return nil, fault.New(fault.Conflict, "error.round_open", "results are shown once the round has closed")
	}
	by, err := breakdownOf(c, s)
	if err != nil {
		return nil, err
	}
	ctx := c.Request.Context()
	rounds := []int64{r.ID}
	each := func(f func(map[string]int) error) error {
		return a.Store.EachResponse(ctx, rounds, f)
	}
	var m *indicator.Matrix
	var bd *indicator.Breakdown
	if by != nil {
		bd, err = indicator.MatrixBreakdown(s, by, each, a.Config.K)
		if bd != nil {
			m = bd.Total
		}
	} else {
		m, err = indicator.MatrixResults(s, each, a.Config.K)
	}
	if err != nil {
		return nil, err
	}
	row, err := a.roundRow(c, r)
	if err != nil {
		return nil, err
	}
	v := &roundResultsView{Round: row, Matrix: m, K: a.Config.K, Breakdown: bd, By: byOptions(s)}
	for _, cr := range m.Choices {
		ct := choiceTable{Text: cr.Item.Text, Hidden: cr.Suppressed}
		for _, b := range cr.Answers {
			ct.Answers = append(ct.Answers, choiceRow{Label: b.Label, Percent: percent(b.Value), N: b.N})
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
	if m.Responses < max(a.Config.K, indicator.MinK) {
		v.FewForComments = true
		return v, nil
	}
	for _, sec := range s.Sections {
		for _, it := range sec.Items {
			if it.Kind != survey.KindText {
				continue
			}
			texts, err := a.Store.Comments(ctx, rounds, it.ID)
			if err != nil {
				return nil, err
			}
			rand.Shuffle(len(texts), func(i, j int) { texts[i], texts[j] = texts[j], texts[i] })
			for i, t := range texts {
				texts[i] = survey.MaskContact(t)
			}
			v.Comments = append(v.Comments, commentBlock{ItemID: it.ID, Section: sec.Title, Item: it.Text, Texts: texts})
		}
	}
	return v, nil
}

// exportRound is GET /rounds/{id}/export/{csv,xlsx}: the results page as a
// tidy table, written to the audit log like every export.
func (a *App) exportRound(c *gin.Context) {
	r, s, ok := a.staffRound(c)
	if !ok {
		return
	}
	v, err := a.roundResultsOf(c, r, s)
	if err != nil {
		a.fail(c, err)
		return
	}
	l := a.localizer(c)
	text := func(id string) string { return l.T(id) }
	t := export.MatrixTable(s, v.Matrix, text)
	if v.Breakdown != nil {
		t = export.MatrixTableBy(s, v.Breakdown, text)
	}
	a.audit(c, viewer(c).ID, "export", "round "+c.Param("id")+" "+c.Param("format")+v.ByQuery(), "")
	name := fmt.Sprintf("kinderstem-round-%d", r.ID)
	switch c.Param("format") {
	case "csv":
		attach(c, name+".csv", "text/csv; charset=utf-8")
		if err := export.WriteCSV(c.Writer, t, exportFormat(c)); err != nil {
			a.Log.Error("export", "err", err)
		}
	case "xlsx":
		attach(c, name+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		if err := export.WriteXLSX(c.Writer, t); err != nil {
			a.Log.Error("export", "err", err)
		}
	default:
		a.notFound(c)
	}
}
