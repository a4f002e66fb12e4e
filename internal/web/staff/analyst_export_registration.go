package staff

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/registration"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// ExportRegistration is GET /export/registration/{csv,xlsx,datapackage.json}.
func (h *Handler) ExportRegistration(c *gin.Context) {
	req, err := h.request(c)
	l := h.Localizer(c)
	var series []*registration.Series
	if err == nil {
		series, err = registration.Select(c.Request.Context(), h.Store, h.Catalog, c.Query("indicator"), req.Filter.Regions, l.Lang().Tag, h.Release(c))
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	t := export.RegistrationTable(export.RegistrationFigures(series), func(id string) string { return l.T(id) }, h.Release(c))
	f := exportFormat(c)
	h.Audit(c, httpkit.ViewerOf(c).ID, "export", "registration "+c.Param("format"), c.Request.URL.RawQuery)
	c.Header("Cache-Control", "no-store")
	switch c.Param("format") {
	case "csv":
		attach(c, "kinderstem-registration.csv", "text/csv; charset=utf-8")
		if err := export.WriteCSV(c.Writer, t, f); err != nil {
			h.Log.Error("export", "err", err)
		}
	case "xlsx":
		attach(c, "kinderstem-registration.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		if err := export.WriteXLSX(c.Writer, t); err != nil {
			h.Log.Error("export", "err", err)
		}
	case "datapackage.json":
		dp := export.NewDataPackage("kinderstem-registration", "Kinderstem registration figures", []export.Table{t},
			func(export.Table) string { return "kinderstem-registration.csv" }, f, h.Store.Now())
		c.Data(http.StatusOK, "application/json", dp.JSON())
	default:
		h.NotFound(c)
	}
}
