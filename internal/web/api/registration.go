package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/registration"
)

// registration answers /api/v1/indicators?survey=registration: the
// registration indicators alone.
func (h *Handler) registration(c *gin.Context, req indicator.Request) {
	inds, leftOut, err := h.registrationIndicators(c, req)
	if err != nil {
		h.Fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, apiAnswer{K: h.K(), By: req.By, Filters: req.Filter, Indicators: inds, LeftOut: leftOut})
}

// registrationIndicators lists registration indicators with every figure
// as a cell (levels period, area, sex, age_band), "source":
// "registration" on each; the total is the latest figure of the highest
// area. Hidden figures carry no numbers, as survey cells.
func (h *Handler) registrationIndicators(c *gin.Context, req indicator.Request) ([]apiIndicator, []string, error) {
	l := h.Localizer(c)
	series, leftOut, err := registration.SelectFiltered(c.Request.Context(), h.Store, h.Catalog, c.Query("indicator"), req.Filter, l.Lang().Tag, h.Release(c))
	if err != nil {
		return nil, nil, err
	}
	var out []apiIndicator
	for _, s := range series {
		reg := s.Reg
		ind := apiIndicator{Source: "registration", ID: reg.ID, Kind: reg.Unit, Theme: reg.Theme, CRC: reg.CRC,
			Title: l.T(reg.Title), Definition: l.T(reg.Definition), Cells: []apiCell{}, Total: apiCell{Suppressed: false},
			Unit: reg.Unit, Direction: reg.Direction, Organisation: reg.Source.Organisation, SourceURL: reg.Source.URL, Reference: l.T(reg.Reference),
			Publication: reg.Source.Publication, Table: reg.Source.Table, Licence: reg.Source.Licence, Rhythm: reg.Source.Rhythm,
			Breakdowns: reg.Breakdowns, AgeBands: reg.AgeBands, apiMeta: h.apiMetaOf(&reg.Meta, l.T)}
		for _, f := range s.Figures {
			cell := regCell(f)
			ind.Cells = append(ind.Cells, cell)
			// The first area in catalog order is the highest; its latest
			// period is the headline.
			if f.Area == ind.Cells[0].Levels["area"] {
				ind.Total = cell
			}
		}
		out = append(out, ind)
	}
	return out, leftOut, nil
}

func regCell(f registration.Figure) apiCell {
	out := apiCell{Levels: map[string]string{"period": f.Period, "area": f.Area, "sex": f.Sex, "age_band": f.AgeBand}, Suppressed: f.Hidden}
	if f.Hidden {
		return out
	}
	v := f.Value
	out.Value, out.Numerator, out.Denominator = &v, f.Numerator, f.Denominator
	out.Publication, out.Table, out.Published = f.Publication, f.Table, f.Published
	return out
}
