package staff

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// Home is GET /staff: each role's way to where its work is.
func (h *Handler) Home(c *gin.Context) {
	h.Render(c, http.StatusOK, "staff", h.Page(c, "staff.title", nil))
}
