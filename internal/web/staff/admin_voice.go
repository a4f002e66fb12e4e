package staff

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// SetVoiceRetention is POST /admin/organisations/:id/voice: how many days
// an organisation keeps a child's view after the child read the
// explanation (7 to 730; 90 until set). Logged.
func (h *Handler) SetVoiceRetention(c *gin.Context) {
	org, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err == nil {
		_, err = h.Store.Organisation(c.Request.Context(), org)
	}
	if err != nil {
		h.Fail(c, fault.New(fault.NotFound, "error.not_found", "no such organisation"))
		return
	}
	days, err := strconv.Atoi(c.PostForm("days"))
	if err != nil {
		err = fault.Field("days", "decision.error_retention", "days is a number")
	} else {
		err = h.Decisions.SetRetention(c.Request.Context(), org, days, httpkit.ViewerOf(c).ID)
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin#organisations")
}
