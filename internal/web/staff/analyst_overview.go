package staff

import (
	"html/template"
	"math"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// overview lists every indicator by children's-rights theme, with its
// value, interval, respondents and a trend line by quarter.
type overview struct {
	Themes   []overviewTheme
	Counting bool
	Filters  *filterForm
	K        int
	Article  int   // crc=: only indicators citing this article
	Articles []int // every article an indicator cites, for the filter
}

type overviewTheme struct {
	Theme        survey.Theme
	Rows         []overviewRow
	Professional []overviewRow // pooled over rounds: n counts organisations, not children
	Registration []regRow      // registration indicators of the theme, beside the survey's
}

type overviewRow struct {
	survey.IndicatorRef
	Cell     *indicator.Cell
	Value    string
	Interval string
	Trend    template.HTML
	URL      string
}

// IndicatorOverview is GET /indicators: every indicator by theme.
func (h *Handler) IndicatorOverview(c *gin.Context) {
	req, err := h.request(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	article, err := survey.ParseArticle(c.Query("crc"))
	if err != nil {
		h.Fail(c, err)
		return
	}
	v := &overview{Filters: h.filterForm(c, req), K: h.K(), Article: article, Articles: h.Catalog.Articles()}
	ix := h.Index()
	if ix == nil {
		v.Counting = true
		h.renderOverview(c, v)
		return
	}
	refs, _ := h.Catalog.Indicators("", "")
	l := h.Localizer(c)
	nf := numbers(l.Lang().Tag)
	// One pass an indicator gives both: the trend by quarter, and its
	// margin is the indicator's value over the whole selection.
	qs := make([]indicator.Query, len(refs))
	for i, ref := range refs {
		qs[i] = indicator.Query{Survey: ref.Survey.ID, Indicator: ref.Indicator.ID, Filter: req.Filter, Policy: h.Release(c),
			By: []indicator.Dim{indicator.DimPeriod}, Period: "quarter"}
	}
	results, err := ix.ComputeAll(qs)
	if indicator.BaseTooSmall(err) {
		// Every survey has too few children in this selection: each row
		// then shows as hidden, and the themes still list their indicators.
		results, err = make([]*indicator.Result, len(qs)), nil
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	pro, err := indicator.ProfessionalPools(c.Request.Context(), h.Store, h.Catalog, req, httpkit.Org(httpkit.ViewerOf(c)), "", "", h.Release(c), h.Store.Now())
	if err != nil {
		h.Fail(c, err)
		return
	}
	for _, th := range h.Catalog.Themes {
		ot := overviewTheme{Theme: th}
		for i, ref := range refs {
			if ref.Indicator.Theme != th.ID || !survey.Cites(ref.Indicator.CRC, article) {
				continue
			}
			res := results[i]
			if res == nil {
				// Too few children in this selection for this survey: the
				// row is there, hidden like a small cell.
				ot.Rows = append(ot.Rows, overviewRow{IndicatorRef: ref, Cell: &indicator.Cell{Suppressed: true},
					URL: "/indicators/" + ref.Survey.ID + "/" + ref.Indicator.ID + "?" + req.Raw.Encode()})
				continue
			}
			row := overviewRow{IndicatorRef: ref, Cell: res.Grid.Total, URL: "/indicators/" + ref.Survey.ID + "/" + ref.Indicator.ID + "?" + req.Raw.Encode()}
			row.Value, row.Interval = nf.value(res, res.Grid.Total), nf.interval(res, res.Grid.Total)
			labels, bars := trendBars(res)
			row.Trend = lineChart(l.T("indicators.trend_label", "Title", l.T(ref.Indicator.Title)), labels, bars, res.Scale, nf.formatter(res), 120, 28, false)
			ot.Rows = append(ot.Rows, row)
		}
		// Professionals' surveys: over their closed rounds, not filtered
		// (they have no age, gender or setting); the rounds' pages have
		// the detail.
		for _, res := range pro {
			if res.Indicator.Theme == th.ID && survey.Cites(res.Indicator.CRC, article) {
				ot.Professional = append(ot.Professional, overviewRow{IndicatorRef: survey.IndicatorRef{Survey: res.Survey, Indicator: res.Indicator}, Cell: res.Grid.Total,
					Value: nf.value(res, res.Grid.Total), Interval: nf.interval(res, res.Grid.Total), URL: "/rounds"})
			}
		}
		if ot.Registration, err = h.registrationRows(c, th.ID, req.Filter, article, nf); err != nil {
			h.Fail(c, err)
			return
		}
		// Every theme is listed, also one without an indicator yet: that
		// blind spot is what the monitor exists to show. With crc=, the
		// themes that cover the article or have an indicator citing it.
		if article == 0 || survey.Cites(th.CRC, article) || len(ot.Rows)+len(ot.Professional)+len(ot.Registration) > 0 {
			v.Themes = append(v.Themes, ot)
		}
	}
	h.renderOverview(c, v)
}

func (h *Handler) renderOverview(c *gin.Context, v *overview) {
	p := h.Page(c, "indicators.title", v)
	p.Report = h.reportNote(c)
	p.Nav = "indicators"
	h.Render(c, http.StatusOK, "indicators", p)
}

func trendBars(res *indicator.Result) ([]string, []chartBar) {
	var labels []string
	var bars []chartBar
	for i, lv := range res.Rows {
		c := res.Grid.Cells[i][0]
		labels = append(labels, lv.Key)
		bars = append(bars, chartBar{Label: lv.Key, Value: c.Value, Lower: c.Lower, Upper: c.Upper, Hidden: c.Suppressed})
	}
	return labels, bars
}

// numberFormat writes values the way the reader's language does.
type numberFormat struct{ p *message.Printer }

func numbers(lang string) numberFormat { return numberFormat{message.NewPrinter(language.Make(lang))} }

// formatter returns how a result's values are written: shares as whole
// percentages, means with one decimal, indices whole.
func (nf numberFormat) formatter(res *indicator.Result) func(float64) string {
	switch {
	case res.Indicator.Kind == survey.Share:
		return func(v float64) string { return nf.p.Sprintf("%d%%", int(math.Round(v*100))) }
	case res.Scale[1] <= 10:
		return func(v float64) string { return nf.p.Sprintf("%.1f", v) }
	}
	return func(v float64) string { return nf.p.Sprintf("%d", int(math.Round(v))) }
}

func (nf numberFormat) value(res *indicator.Result, c *indicator.Cell) string {
	if c.Suppressed || math.IsNaN(c.Value) {
		return ""
	}
	return nf.formatter(res)(c.Value)
}

func (nf numberFormat) interval(res *indicator.Result, c *indicator.Cell) string {
	if c.Suppressed || math.IsNaN(c.Lower) || math.IsNaN(c.Upper) {
		return ""
	}
	f := nf.formatter(res)
	return f(c.Lower) + " – " + f(c.Upper)
}

// filterForm is the filter bar of the analyst pages.
type filterForm struct {
	Values        url.Values
	Provinces     []survey.Province
	Settings      []string
	Organisations []orgOption
	MaxVersion    int
}

type orgOption struct{ ID, Name string }

func (h *Handler) filterForm(c *gin.Context, req indicator.Request) *filterForm {
	f := &filterForm{Values: req.Raw, Provinces: h.Catalog.Provinces(), Settings: h.Catalog.Settings}
	for id, name := range h.organisationNames(c) {
		f.Organisations = append(f.Organisations, orgOption{ID: id, Name: name})
	}
	sortOrgs(f.Organisations)
	for _, s := range h.Catalog.Surveys() {
		f.MaxVersion = max(f.MaxVersion, s.Version)
	}
	return f
}

func sortOrgs(o []orgOption) {
	for i := 1; i < len(o); i++ {
		for j := i; j > 0 && o[j].Name < o[j-1].Name; j-- {
			o[j], o[j-1] = o[j-1], o[j]
		}
	}
}
