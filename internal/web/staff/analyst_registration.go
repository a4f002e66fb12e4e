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
	Meta      *metaView
	K         int
	Area      string // the area of the trend
	AreaName  string
	Trend     []regFigureView
	Chart     template.HTML
	Period    string // the period of the breakdown by area
	Periods   []string
	ByArea    []regFigureView
	Filters   *filterForm
	Sex       string // the sex shown: total, female or male
	AgeBand   string // the age band shown
	Bands     []string
	Breakdown []regBreakdownRow // the area and period by age band and sex, where the source gives them
	Query     string
	HasCounts bool
	// Refused names a filter registration figures cannot follow; the page
	// then shows no figure rather than unfiltered ones.
	Refused string
}

// regBreakdownRow is one age band of the breakdown: total, female, male.
type regBreakdownRow struct {
	Band  string
	Cells [3]*regFigureView
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
	th, _ := h.Catalog.Theme(reg.Theme)
	v := &registrationPage{Reg: reg, Theme: th, K: h.K(), Filters: h.filterForm(c, req), Query: req.Raw.Encode(),
		Meta: h.metaView(c, &reg.Meta, reg.CRC), Bands: reg.AgeBands}
	sel, ok := registration.SelectionFor(reg, req.Filter)
	switch sex := c.Query("sex"); {
	case !ok:
		v.Refused = "monitor.reg.refused"
	case sex != "" && sex != "total" && (!reg.Breaks("sex") || (sex != "female" && sex != "male")):
		v.Refused = "monitor.reg.refused"
	case sex != "":
		sel.Sex = sex
	}
	v.Sex, v.AgeBand = sel.Sex, sel.AgeBand
	if v.Refused != "" {
		h.renderRegistration(c, http.StatusUnprocessableEntity, reg, v)
		return
	}
	s, err := registration.SeriesFor(c.Request.Context(), h.Store, h.Catalog, reg, sel, l.Lang().Tag, h.Release(c))
	if err != nil {
		h.Fail(c, err)
		return
	}
	v.Periods = s.Periods
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
	if len(reg.Breakdowns) > 0 && v.Period != "" {
		if err := h.regBreakdown(c, reg, v, nf); err != nil {
			h.Fail(c, err)
			return
		}
	}
	h.renderRegistration(c, http.StatusOK, reg, v)
}

// renderRegistration shows the page without the demo banner: registration
// figures are published ones, not synthetic answers.
func (h *Handler) renderRegistration(c *gin.Context, status int, reg *survey.Registration, v *registrationPage) {
	p := h.Page(c, reg.Title, v)
	p.Nav = "indicators"
	p.Demo = false
	h.Render(c, status, "registration", p)
}

// regBreakdown fills the breakdown of the trend's area and the chosen
// period by age band and sex, as far as the source gives them.
func (h *Handler) regBreakdown(c *gin.Context, reg *survey.Registration, v *registrationPage, nf numberFormat) error {
	l := h.Localizer(c)
	all, err := registration.SeriesFor(c.Request.Context(), h.Store, h.Catalog, reg, registration.Selection{Regions: []string{v.Area}}, l.Lang().Tag, h.Release(c))
	if err != nil {
		return err
	}
	bands := append([]string{"total"}, reg.AgeBands...)
	for _, b := range bands {
		row := regBreakdownRow{Band: b}
		for _, f := range all.Figures {
			if f.Area != v.Area || f.Period != v.Period || f.AgeBand != b {
				continue
			}
			fv := h.regView(nf, reg, f)
			switch f.Sex {
			case "total":
				row.Cells[0] = &fv
			case "female":
				row.Cells[1] = &fv
			case "male":
				row.Cells[2] = &fv
			}
		}
		v.Breakdown = append(v.Breakdown, row)
	}
	return nil
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
