package web

import (
	"html/template"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// registrationPage is one registration indicator: what it means and where
// it comes from, its trend by period for one area, and every area's figure
// for one period.
type registrationPage struct {
	Reg       *survey.Registration
	Theme     survey.Theme
	K         int
	Area      string // the area of the trend
	AreaName  string
	Trend     []regFigureView
	Chart     template.HTML
	Period    string // the period of the breakdown by area
	Periods   []string
	ByArea    []regFigureView
	Filters   *filterForm
	Query     string
	HasCounts bool
}

type regFigureView struct {
	regFigure
	Value, Numerator, Denominator string
}

func (a *App) registrationDetail(c *gin.Context) {
	reg, ok := a.Catalog.RegistrationByID(c.Param("id"))
	if !ok {
		a.fail(c, fault.New(fault.NotFound, "error.indicator_unknown", "no such registration indicator"))
		return
	}
	aq, err := a.analystQuery(c)
	if err != nil {
		a.fail(c, err)
		return
	}
	l := a.localizer(c)
	nf := numbers(l.Lang().Tag)
	s, err := a.registrationSeries(c.Request.Context(), reg, aq.Filter.Regions, l.Lang().Tag)
	if err != nil {
		a.fail(c, err)
		return
	}
	th, _ := a.Catalog.Theme(reg.Theme)
	v := &registrationPage{Reg: reg, Theme: th, K: max(a.Config.K, indicator.MinK), Periods: s.Periods,
		Filters: a.filterForm(c, aq), Query: aq.Raw.Encode()}
	v.Area = s.headline()
	if area := c.Query("area"); area != "" {
		v.Area = area
	}
	if r, ok := a.Catalog.Area(v.Area); ok {
		v.AreaName = r.NameIn(l.Lang().Tag)
	}
	trend := s.trend(v.Area)
	for _, f := range trend {
		v.Trend = append(v.Trend, a.regView(nf, reg, f))
	}
	if len(trend) > 0 {
		v.Chart = regChart(l.T(reg.Title)+" · "+v.AreaName, nf, reg, trend, 720, 240, true)
	}
	v.Period = c.Query("at")
	if !slices.Contains(s.Periods, v.Period) && len(s.Periods) > 0 {
		v.Period = s.Periods[len(s.Periods)-1]
	}
	for _, f := range s.Figures {
		if f.Period == v.Period {
			v.ByArea = append(v.ByArea, a.regView(nf, reg, f))
		}
		v.HasCounts = v.HasCounts || f.Numerator != nil
	}
	p := a.page(c, reg.Title, v)
	p.Nav = "indicators"
	a.render(c, http.StatusOK, "registration", p)
}

func (a *App) regView(nf numberFormat, reg *survey.Registration, f regFigure) regFigureView {
	out := regFigureView{regFigure: f}
	if f.Hidden {
		return out
	}
	out.Value = nf.reg(reg, f.Value)
	if f.Numerator != nil {
		out.Numerator = nf.p.Sprintf("%v", *f.Numerator)
	}
	if f.Denominator != nil {
		out.Denominator = nf.p.Sprintf("%v", *f.Denominator)
	}
	return out
}
