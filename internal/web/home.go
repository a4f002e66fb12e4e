package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// home is the front door: what Kinderstem is, a big box for a child's
// session code, and the way in for youth workers and analysts.
func (a *App) home(c *gin.Context) {
	p := a.kit.Page(c, "home.title", map[string]any{"BadCode": c.Query("bad") == "1"})
	p.BodyClass = "home"
	p.Help = a.kit.HelpFor(p.Lang().Tag)
	a.kit.Render(c, http.StatusOK, "home", p)
}

// accessibilityPage is the accessibility statement, in the model of the
// EU Web Accessibility Directive: what was tested, what is not yet
// accessible, how to report a problem. Every footer links to it.
func (a *App) accessibilityPage(c *gin.Context) {
	p := a.kit.Page(c, "a11y.title", nil)
	p.Help = a.kit.HelpFor(p.Lang().Tag)
	a.kit.Render(c, http.StatusOK, "accessibility", p)
}

// healthz answers 200 {"status":"ok"} while the database answers and the
// last write to it succeeded; 503 with the writer's state when it cannot
// store (a full disk), so a monitor sees what children see. While the
// last erasure pass left a child's view due unerased it adds
// "erasure":"failing".
func (a *App) healthz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	if err := a.kit.Store.Ping(c.Request.Context()); err != nil {
		a.kit.Log.Error("health check", "err", err)
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "reader": "error"})
		return
	}
	if err := a.kit.Store.Writable(); err != nil {
		c.Header("Retry-After", "60")
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "writer": "full"})
		return
	}
	// Children can still take part while an erasure fails, so the status
	// stays ok; the monitor is told the pass is failing (it is tried again
	// every hour).
	if a.kit.Decisions.LastErasure().Failed != 0 {
		c.JSON(http.StatusOK, gin.H{"status": "ok", "erasure": "failing"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}
