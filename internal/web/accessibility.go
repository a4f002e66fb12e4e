package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// accessibilityPage is the accessibility statement, in the model of the
// EU Web Accessibility Directive: what was tested, what is not yet
// accessible, how to report a problem. Every footer links to it.
func (a *App) accessibilityPage(c *gin.Context) {
	a.render(c, http.StatusOK, "accessibility", a.page(c, "a11y.title", nil))
}
