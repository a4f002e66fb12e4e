package staff

import (
	"github.com/gin-gonic/gin"
)

// reportNote is what a printed analyst page says beside its numbers, so a
// "Save as PDF" is a report that stands on its own: when, from where, and
// how small groups were protected. The screen does not show it.
type reportNote struct {
	Date   string // the day it was printed, YYYY-MM-DD
	Source string // the page's address, filters included
	K      int
}

func (h *Handler) reportNote(c *gin.Context) *reportNote {
	return &reportNote{Date: h.Store.Now().Format("2006-01-02"), Source: h.PublicURL(c.Request.URL.RequestURI()), K: h.K()}
}
