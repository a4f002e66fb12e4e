package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/store"
)

// home is the front door: what Kinderstem is, a big box for a child's
// session code, and the way in for youth workers and analysts.
func (a *App) home(c *gin.Context) {
	p := a.page(c, "home.title", map[string]any{"BadCode": c.Query("bad") == "1"})
	p.BodyClass = "home"
	a.render(c, http.StatusOK, "home", p)
}

// codeEntry takes the code typed in the home page's box (GET /s?code=...)
// and sends the child to the session, or back with a gentle message.
func (a *App) codeEntry(c *gin.Context) {
	code := store.NormalizeCode(c.Query("code"))
	if code == "" {
		c.Redirect(http.StatusSeeOther, "/?bad=1#code")
		return
	}
	c.Redirect(http.StatusSeeOther, "/s/"+code)
}

// healthz answers 200 {"status":"ok"} while the database answers and the
// last write to it succeeded; 503 with the writer's state when it cannot
// store (a full disk), so a monitor sees what children see.
func (a *App) healthz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	if err := a.Store.Ping(c.Request.Context()); err != nil {
		a.Log.Error("health check", "err", err)
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "reader": "error"})
		return
	}
	if err := a.Store.Writable(); err != nil {
		c.Header("Retry-After", "60")
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "writer": "full"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// staffHome sends each role to where its work is.
func (a *App) staffHome(c *gin.Context) {
	p := a.page(c, "staff.title", nil)
	a.render(c, http.StatusOK, "staff", p)
}
