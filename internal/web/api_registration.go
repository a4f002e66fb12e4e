package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/indicator"
)

// apiRegistration answers /api/v1/indicators?survey=registration: the
// registration indicators alone.
func (a *App) apiRegistration(c *gin.Context, aq *analystQuery) {
	inds, err := a.apiRegistrationIndicators(c)
	if err != nil {
		a.failJSON(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, apiAnswer{K: max(a.Config.K, indicator.MinK), By: aq.By, Filters: aq.Filter, Indicators: inds})
}

// apiRegistrationIndicators lists registration indicators with every
// figure as a cell (levels period, area, sex, age_band), "source":
// "registration" on each; the total is the latest figure of the highest
// area. Hidden figures carry no numbers, as survey cells.
func (a *App) apiRegistrationIndicators(c *gin.Context) ([]apiIndicator, error) {
	figs, err := a.registrationFigures(c)
	if err != nil {
		return nil, err
	}
	l := a.localizer(c)
	var out []apiIndicator
	index := map[string]int{}
	for _, reg := range a.Catalog.Registrations() {
		if id := c.Query("indicator"); id != "" && id != reg.ID {
			continue
		}
		index[reg.ID] = len(out)
		out = append(out, apiIndicator{Source: "registration", ID: reg.ID, Kind: reg.Unit, Theme: reg.Theme, CRC: reg.CRC,
			Title: l.T(reg.Title), Definition: l.T(reg.Definition), Cells: []apiCell{}, Total: apiCell{Suppressed: false},
			Unit: reg.Unit, Direction: reg.Direction, Organisation: reg.Source.Organisation, SourceURL: reg.Source.URL, Reference: l.T(reg.Reference)})
	}
	for _, f := range figs {
		ind := &out[index[f.Indicator]]
		cell := regCell(f)
		ind.Cells = append(ind.Cells, cell)
		// The first area in catalog order is the highest; its latest period
		// is the headline.
		if first := ind.Cells[0].Levels["area"]; f.Area == first {
			ind.Total = cell
		}
	}
	return out, nil
}

func regCell(f export.RegistrationFigure) apiCell {
	out := apiCell{Levels: map[string]string{"period": f.Period, "area": f.Area, "sex": f.Sex, "age_band": f.AgeBand}, Suppressed: f.Hidden}
	if f.Hidden {
		return out
	}
	v := f.Value
	out.Value, out.Numerator, out.Denominator = &v, f.Numerator, f.Denominator
	return out
}
