package staff

import (
	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// request reads what an analyst asked of a page or an export: the one
// parser every surface and the command line use.
func (h *Handler) request(c *gin.Context) (indicator.Request, error) {
	return indicator.ParseRequest(c.Request.URL.Query(), h.Catalog, httpkit.AnalystParams...)
}

// levelLabel turns a breakdown level into words for pages and exports.
func (h *Handler) levelLabel(t func(string, ...any) string, d indicator.Dim, key string, orgs map[string]string) string {
	return export.LevelLabel(h.Catalog, t, d, key, orgs)
}

// organisationNames names the organisations by id, for labels; none when
// they cannot be read.
func (h *Handler) organisationNames(c *gin.Context) map[string]string {
	out, err := export.OrganisationNames(c.Request.Context(), h.Store)
	if err != nil {
		return map[string]string{}
	}
	return out
}
