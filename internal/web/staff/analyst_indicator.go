package staff

import (
	"errors"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// indicatorPage is one indicator: its definition, the distribution of the
// answers, and a breakdown by up to two dimensions as chart and table.
type indicatorPage struct {
	survey.IndicatorRef
	Theme survey.Theme
	Meta  *metaView
	Res   *indicator.Result
	// Notice is a message shown instead of the table: the index is still
	// being built, or the selection holds too few children to show.
	Notice  string
	Filters *filterForm
	Dims    []indicator.Dim
	By      [2]string
	Period  string
	Chart   template.HTML
	Head    []string   // column labels of a two-way table
	Rows    []tableRow // the table, margins last
	Total   tableCell
	Dist    []distRow
	Diffs   []diffRow // comparisons of a one-way breakdown's levels
	Tests   []string  // the overall test and the trend, in words
	Query   string    // the page's query, for the JSON and export links
	K       int
	// FewSessions is indicator.FewClusters when a shown number rests on
	// fewer sessions than that, 0 otherwise.
	FewSessions int
	// Flagged: some shown number is flagged for reliability, so the
	// page explains the marks.
	Flagged bool
	// Weights: whether a population table can weight this page, the
	// page's query with weighting switched the other way, and the names
	// of the provinces that were raked.
	CanWeight     bool
	WeightsToggle string
	Raked         string
}

type tableRow struct {
	Label string
	Cells []tableCell
	Total *tableCell
}

type tableCell struct {
	Value, Interval string
	N               int
	Hidden          bool
	Deff, NEff      string // design effect and effective n; "" when unknown
	// Flag is the reliability level of a flagged number (caution or
	// unreliable), "" otherwise; FlagText says why in words.
	Flag, FlagText string
}

type distRow struct {
	Label string
	Share string
}

// IndicatorDetail is GET /indicators/{survey}/{indicator}: one indicator
// in depth.
func (h *Handler) IndicatorDetail(c *gin.Context) {
	refs, err := h.Catalog.Indicators(c.Param("survey"), c.Param("indicator"))
	if err != nil {
		h.Fail(c, err)
		return
	}
	req, err := h.request(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	ref := refs[0]
	th, _ := h.Catalog.Theme(ref.Indicator.Theme)
	v := &indicatorPage{IndicatorRef: ref, Theme: th, Filters: h.filterForm(c, req), Dims: indicator.Dims, Period: req.Period,
		Query: req.Raw.Encode(), K: h.K(), Meta: h.metaView(c, &ref.Indicator.Meta, ref.Indicator.CRC)}
	for i, d := range req.By {
		v.By[i] = string(d)
	}
	ix := h.Index()
	if ix == nil {
		v.Notice = "results.counting"
		h.renderIndicator(c, v)
		return
	}
	res, err := ix.Compute(req.Query(ref, h.Release(c)))
	if indicator.BaseTooSmall(err) {
		// The page stays, with its filters, so the analyst can widen the
		// selection; only the numbers are left out.
		v.Notice = "error.base_too_small"
		var f *fault.Error
		if errors.As(err, &f) {
			v.Notice = f.Message // the higher base of a figure by a background variable says so
		}
		h.renderIndicator(c, v)
		return
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	v.Res = res
	h.fillWeights(c, v, ix.HasPopulation())
	h.fillTable(c, v)
	h.renderIndicator(c, v)
}

func (h *Handler) renderIndicator(c *gin.Context, v *indicatorPage) {
	p := h.Page(c, v.Indicator.Title, v)
	p.Report = h.reportNote(c)
	p.Nav = "indicators"
	h.Render(c, http.StatusOK, "indicator", p)
}

// fillTable lays the result out as a table and a chart in the reader's
// language and number format.
func (h *Handler) fillTable(c *gin.Context, v *indicatorPage) {
	res := v.Res
	l := h.Localizer(c)
	nf := numbers(l.Lang().Tag)
	orgs := h.organisationNames(c)
	cell := func(x *indicator.Cell) tableCell {
		if !x.Suppressed && x.N > 0 && x.Clusters < indicator.FewClusters {
			v.FewSessions = indicator.FewClusters
		}
		deff, neff := nf.design(x)
		out := tableCell{Value: nf.value(res, x), Interval: nf.interval(res, x), N: x.N, Hidden: x.Suppressed, Deff: deff, NEff: neff}
		out.Flag, out.FlagText = flagWords(l.T, x.Reliability)
		v.Flagged = v.Flagged || out.Flag != ""
		return out
	}
	v.Total = cell(res.Grid.Total)
	label := func(i int, key string) string {
		if i >= len(res.By) {
			return l.T("indicators.all")
		}
		return h.levelLabel(l.T, res.By[i], key, orgs)
	}
	var groups []chartGroup
	for r, rl := range res.Rows {
		row := tableRow{Label: label(0, rl.Key)}
		group := chartGroup{Label: row.Label}
		for col, cl := range res.Cols {
			x := res.Grid.Cells[r][col]
			row.Cells = append(row.Cells, cell(x))
			group.Bars = append(group.Bars, chartBar{Label: label(1, cl.Key), Value: x.Value, Lower: x.Lower, Upper: x.Upper, Hidden: x.Suppressed, Colour: col})
		}
		if res.Grid.RowTotals != nil {
			t := cell(res.Grid.RowTotals[r])
			row.Total = &t
		}
		v.Rows = append(v.Rows, row)
		groups = append(groups, group)
	}
	if len(res.By) == 2 {
		for _, cl := range res.Cols {
			v.Head = append(v.Head, label(1, cl.Key))
		}
		totals := tableRow{Label: l.T("indicators.all")}
		for _, x := range res.Grid.ColTotals {
			totals.Cells = append(totals.Cells, cell(x))
		}
		t := cell(res.Grid.Total)
		totals.Total = &t
		v.Rows = append(v.Rows, totals)
	}
	v.Diffs = h.differenceRows(l.T, nf, res, label)
	v.Tests = testSentences(l.T, nf, res)
	hidden := l.T("indicators.hidden", "K", v.K)
	title := l.T(v.Indicator.Title)
	switch {
	case len(res.By) == 1 && res.By[0] == indicator.DimPeriod:
		labels, bars := trendBars(res)
		v.Chart = lineChart(title, labels, bars, res.Scale, nf.formatter(res), 720, 260, true)
	case len(res.By) > 0 && len(res.Cols) <= len(palette):
		v.Chart = barChart(title, groups, res.Scale, nf.formatter(res), hidden)
	}
	for _, b := range res.Distribution {
		share := nf.p.Sprintf("%d%%", percent(b.Value))
		v.Dist = append(v.Dist, distRow{Label: distLabel(l.T, b), Share: share})
	}
}

// fillWeights offers the switch between unweighted and population
// weights, and names the provinces raked.
func (h *Handler) fillWeights(c *gin.Context, v *indicatorPage, can bool) {
	v.CanWeight = can
	q := url.Values{}
	for k, vs := range c.Request.URL.Query() {
		q[k] = vs
	}
	if v.Res.Weighting == nil {
		q.Set("weights", indicator.WeightsPopulation)
	} else {
		q.Del("weights")
		var names []string
		for _, code := range v.Res.Weighting.Raked {
			names = append(names, h.levelLabel(h.Localizer(c).T, indicator.DimProvince, code, nil))
		}
		v.Raked = strings.Join(names, ", ")
	}
	v.WeightsToggle = q.Encode()
}

func distLabel(t func(string, ...any) string, b indicator.Bucket) string {
	return export.DistributionLabel(t, b)
}

// design writes a cell's design effect with two decimals and its
// effective n whole; both empty when hidden or not estimable.
func (nf numberFormat) design(c *indicator.Cell) (deff, neff string) {
	if c.Suppressed || math.IsNaN(c.Deff) || math.IsNaN(c.NEffective) {
		return "", ""
	}
	return nf.p.Sprintf("%.2f", c.Deff), nf.p.Sprintf("%d", int(c.NEffective))
}

// flagWords turns a reliability flag into its level and a sentence: the
// level's words and each reason's. A reliable number has neither.
func flagWords(t func(string, ...any) string, r indicator.Reliability) (level, text string) {
	if r.Level == "" || r.Level == indicator.Reliable {
		return "", ""
	}
	words := []string{t("reliability." + r.Level)}
	for _, why := range r.Reasons {
		words = append(words, t("reliability.why."+why))
	}
	return r.Level, strings.Join(words, " · ")
}
