package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/auth"
)

type accountForm struct {
	Error string // message id
	Saved bool
}

// accountPage lets any staff user change their password.
func (a *App) accountPage(c *gin.Context) {
	a.renderAccount(c, http.StatusOK, accountForm{Saved: c.Query("saved") == "1"})
}

func (a *App) renderAccount(c *gin.Context, status int, f accountForm) {
	p := a.page(c, "account.title", f)
	p.Nav = "account"
	a.render(c, status, "account", p)
}

// changePassword checks the current password, sets the new one and logs the
// user out everywhere else; this browser gets a fresh session.
func (a *App) changePassword(c *gin.Context) {
	v := viewer(c)
	ctx := c.Request.Context()
	u, err := a.Store.UserByID(ctx, v.ID)
	if err != nil {
		a.fail(c, err)
		return
	}
	release, ok := a.hashSlot()
	if !ok {
		c.Header("Retry-After", "1")
		a.renderAccount(c, http.StatusTooManyRequests, accountForm{Error: "error.too_many"})
		return
	}
	defer release()
	key := auth.Key{Name: "password:" + u.Email, Rule: auth.LoginPair}
	if v := a.throttle.Attempt(key); v.Wait > 0 {
		a.renderAccount(c, http.StatusTooManyRequests, accountForm{Error: "error.too_many"})
		return
	}
	if ok, _ := auth.CheckPassword(u.PasswordHash, c.PostForm("current")); !ok {
		a.renderAccount(c, http.StatusUnprocessableEntity, accountForm{Error: "account.wrong_current"})
		return
	}
	a.throttle.Forget(key.Name)
	next := c.PostForm("new")
	if next != c.PostForm("repeat") {
		a.renderAccount(c, http.StatusUnprocessableEntity, accountForm{Error: "account.no_match"})
		return
	}
	if err := auth.CheckPolicy(next, u.Role, u.Email, u.Name); err != nil {
		msg := "account.weak"
		if weak, ok := errors.AsType[*auth.WeakPassword](err); ok {
			msg = weak.Reason
		}
		a.renderAccount(c, http.StatusUnprocessableEntity, accountForm{Error: msg})
		return
	}
	hash, err := a.Config.Passwords.Hash(next)
	if err != nil {
		a.fail(c, err)
		return
	}
	if err := a.Store.SetPassword(ctx, u.ID, hash); err != nil {
		a.fail(c, err)
		return
	}
	if err := a.startStaffSession(c, u.ID, u.SessionEpoch+1); err != nil {
		a.fail(c, err)
		return
	}
	a.audit(c, u.ID, "password_change", u.Email, "logged out everywhere else")
	c.Redirect(http.StatusSeeOther, "/account?saved=1")
}
