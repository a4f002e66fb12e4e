package staff

import (
	"html/template"
	"math"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/registration"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// regFigure is one registration figure as it may leave the server.
type regFigure = registration.Figure

// format writes a registration value the way the reader's language does.
func (nf numberFormat) reg(reg *survey.Registration, v float64) string {
	if reg.Unit == survey.UnitCount {
		return nf.p.Sprintf("%d", int64(math.Round(v)))
	}
	// As published: 13.65 keeps its two decimals, 17.5 its one.
	f := "%.1f"
	if r := math.Round(v * 100); r != math.Round(v*10)*10 {
		f = "%.2f"
	}
	if reg.Unit == survey.UnitShare {
		f += "%%"
	}
	return nf.p.Sprintf(f, v)
}

// regChart draws the trend line of figures; hidden ones leave a gap.
func regChart(title string, nf numberFormat, reg *survey.Registration, figs []regFigure, w, h float64, axes bool) template.HTML {
	var labels []string
	var bars []chartBar
	hi := 0.0
	for _, f := range figs {
		labels = append(labels, f.Period)
		bars = append(bars, chartBar{Label: f.Period, Value: f.Value, Lower: math.NaN(), Upper: math.NaN(), Hidden: f.Hidden})
		if !f.Hidden {
			hi = max(hi, f.Value)
		}
	}
	scale := [2]float64{0, hi * 1.1}
	if reg.Unit == survey.UnitShare {
		scale[1] = min(100, max(scale[1], 10))
	}
	if scale[1] == 0 {
		scale[1] = 1
	}
	return lineChart(title, labels, bars, scale, func(v float64) string { return nf.reg(reg, v) }, w, h, axes)
}

// regRow is a registration indicator on the overview: its latest figure
// for the highest area with figures, and its trend there.
type regRow struct {
	Reg    *survey.Registration
	URL    string
	Latest *regFigure
	Trend  template.HTML
	Value  string
	// NotHere: the selection's filters cannot apply to this source's
	// figures (registration.SelectionFor); none is shown.
	NotHere bool
}

func (h *Handler) registrationRows(c *gin.Context, theme string, f indicator.Filter, article int, nf numberFormat) ([]regRow, error) {
	l := h.Localizer(c)
	var out []regRow
	for _, reg := range h.Catalog.Registrations() {
		if reg.Theme != theme || !survey.Cites(reg.CRC, article) {
			continue
		}
		row := regRow{Reg: reg, URL: "/indicators/registration/" + reg.ID}
		sel, ok := registration.SelectionFor(reg, f)
		if !ok {
			row.NotHere = true
			out = append(out, row)
			continue
		}
		s, err := registration.SeriesFor(c.Request.Context(), h.Store, h.Catalog, reg, sel, l.Lang().Tag, h.Release(c))
		if err != nil {
			return nil, err
		}
		if t := s.Trend(s.Headline()); len(t) > 0 {
			last := t[len(t)-1]
			row.Latest = &last
			if !last.Hidden {
				row.Value = nf.reg(reg, last.Value)
			}
			row.Trend = regChart(l.T("indicators.trend_label", "Title", l.T(reg.Title)), nf, reg, t, 120, 28, false)
		}
		out = append(out, row)
	}
	return out, nil
}
