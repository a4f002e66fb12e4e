package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// registrationFigures gathers the published registration figures asked
// for: one indicator (indicator=ID) or all, in the areas of the region
// filter, counts of fewer than k children hidden.
func (a *App) registrationFigures(c *gin.Context) ([]export.RegistrationFigure, error) {
	aq, err := a.analystQuery(c)
	if err != nil {
		return nil, err
	}
	regs := a.Catalog.Registrations()
	if id := c.Query("indicator"); id != "" {
		reg, ok := a.Catalog.RegistrationByID(id)
		if !ok {
			return nil, fault.New(fault.NotFound, "error.indicator_unknown", "no registration indicator "+clip(id))
		}
		regs = []*survey.Registration{reg}
	}
	var out []export.RegistrationFigure
	for _, reg := range regs {
		s, err := a.registrationSeries(c.Request.Context(), reg, aq.Filter.Regions, a.localizer(c).Lang().Tag)
		if err != nil {
			return nil, err
		}
		for _, f := range s.Figures {
			out = append(out, export.RegistrationFigure{Figure: f, Reg: reg})
		}
	}
	return out, nil
}

// exportRegistration is GET /export/registration/{csv,xlsx,datapackage.json}.
func (a *App) exportRegistration(c *gin.Context) {
	figs, err := a.registrationFigures(c)
	if err != nil {
		a.fail(c, err)
		return
	}
	l := a.localizer(c)
	t := export.RegistrationTable(figs, func(id string) string { return l.T(id) }, max(a.Config.K, indicator.MinK))
	f := exportFormat(c)
	a.audit(c, viewer(c).ID, "export", "registration "+c.Param("format"), c.Request.URL.RawQuery)
	c.Header("Cache-Control", "no-store")
	switch c.Param("format") {
	case "csv":
		attach(c, "kinderstem-registration.csv", "text/csv; charset=utf-8")
		if err := export.WriteCSV(c.Writer, t, f); err != nil {
			a.Log.Error("export", "err", err)
		}
	case "xlsx":
		attach(c, "kinderstem-registration.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		if err := export.WriteXLSX(c.Writer, t); err != nil {
			a.Log.Error("export", "err", err)
		}
	case "datapackage.json":
		dp := export.NewDataPackage("kinderstem-registration", "Kinderstem registration figures", []export.Table{t},
			func(export.Table) string { return "kinderstem-registration.csv" }, f, a.Store.Now())
		c.Data(http.StatusOK, "application/json", dp.JSON())
	default:
		a.notFound(c)
	}
}
