package staff

import (
	"html/template"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/registration"
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

// RegistrationDetail is GET /indicators/registration/{id}.
func (h *Handler) RegistrationDetail(c *gin.Context) {
	reg, ok := h.Catalog.RegistrationByID(c.Param("id"))
	if !ok {
		h.Fail(c, fault.New(fault.NotFound, "error.indicator_unknown", "no such registration indicator"))
		return
	}
	req, err := h.request(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	l := h.Localizer(c)
	nf := numbers(l.Lang().Tag)
	s, err := registration.SeriesOf(c.Request.Context(), h.Store, h.Catalog, reg, req.Filter.Regions, l.Lang().Tag, h.Release(c))
	if err != nil {
		h.Fail(c, err)
		return
	}
	th, _ := h.Catalog.Theme(reg.Theme)
	v := &registrationPage{Reg: reg, Theme: th, K: h.K(), Periods: s.Periods,
		Filters: h.filterForm(c, req), Query: req.Raw.Encode()}
	v.Area = s.Headline()
	if area := c.Query("area"); area != "" {
		v.Area = area
	}
	if r, ok := h.Catalog.Area(v.Area); ok {
		v.AreaName = r.NameIn(l.Lang().Tag)
	}
	trend := s.Trend(v.Area)
	for _, f := range trend {
		v.Trend = append(v.Trend, h.regView(nf, reg, f))
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
			v.ByArea = append(v.ByArea, h.regView(nf, reg, f))
		}
		v.HasCounts = v.HasCounts || f.Numerator != nil
	}
	p := h.Page(c, reg.Title, v)
	p.Nav = "indicators"
	h.Render(c, http.StatusOK, "registration", p)
}

func (h *Handler) regView(nf numberFormat, reg *survey.Registration, f regFigure) regFigureView {
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
