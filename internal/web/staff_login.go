package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/auth"
)

type loginForm struct {
	Email string
	Next  string
	Error string // message id
	Wait  int    // minutes, with error.login_throttled
}

// loginPage shows the staff login form.
func (a *App) loginPage(c *gin.Context) {
	next := safeNext(c.Query("next"))
	if viewer(c) != nil {
		c.Redirect(http.StatusSeeOther, next)
		return
	}
	a.renderLogin(c, http.StatusOK, loginForm{Next: next})
}

func (a *App) renderLogin(c *gin.Context, status int, f loginForm) {
	p := a.page(c, "login.title", f)
	p.NoIndex = true
	a.render(c, status, "login", p)
}

// login checks an e-mail and password. Every failure says the same thing,
// takes as long, and counts against both the address and the client.
func (a *App) login(c *gin.Context) {
	email := strings.TrimSpace(c.PostForm("email"))
	password := c.PostForm("password")
	f := loginForm{Email: email, Next: safeNext(c.PostForm("next"))}
	keys := []string{"email:" + strings.ToLower(email), "client:" + c.ClientIP()}
	for _, k := range keys {
		if wait := a.throttle.Wait(k); wait > 0 {
			f.Error, f.Wait = "login.throttled", int(wait.Round(time.Minute)/time.Minute)+1
			a.renderLogin(c, http.StatusTooManyRequests, f)
			return
		}
	}
	u, err := a.Store.UserByEmail(c.Request.Context(), email)
	hash := auth.DummyHash
	if err == nil {
		hash = u.PasswordHash
	}
	ok, _ := auth.CheckPassword(hash, password)
	if err != nil || !ok || u.Disabled {
		a.throttle.Fail(keys...)
		a.audit(c, 0, "login_failed", email, "")
		f.Error = "login.failed"
		a.renderLogin(c, http.StatusUnauthorized, f)
		return
	}
	a.throttle.Reset(keys[0])
	if err := a.startStaffSession(c, u.ID, u.SessionEpoch); err != nil {
		a.fail(c, err)
		return
	}
	a.audit(c, u.ID, "login", u.Email, "")
	c.Redirect(http.StatusSeeOther, f.Next)
}

// logout ends the staff session.
func (a *App) logout(c *gin.Context) {
	if v := viewer(c); v != nil {
		a.audit(c, v.ID, "logout", v.Email, "")
	}
	a.endStaffSession(c, staffSessionOf(c))
	c.Redirect(http.StatusSeeOther, "/")
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || len(next) > 512 {
		return "/staff"
	}
	return next
}

// audit writes to the audit log; a failure to do so is logged, not shown.
func (a *App) audit(c *gin.Context, userID int64, action, target, detail string) {
	// A token has no user: the entry names the token.
	if v := viewer(c); userID == 0 && v != nil && strings.HasPrefix(v.Email, "token:") {
		detail = strings.TrimSpace(detail + " " + v.Email)
	}
	if err := a.Store.Audit(c.Request.Context(), userID, action, target, detail); err != nil {
		a.Log.Error("audit", "action", action, "err", err)
	}
}
