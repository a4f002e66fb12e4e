package web

import (
	"net/http"
	"net/url"
	"strconv"
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
// takes as long, and counts against the account at this address, the
// address and the account (auth.LoginKeys). At most one password hash per
// core is worked out at a time: more attempts at once get 429 at once, so
// a flood of logins cannot take the server's memory.
func (a *App) login(c *gin.Context) {
	email := strings.TrimSpace(c.PostForm("email"))
	password := c.PostForm("password")
	f := loginForm{Email: email, Next: safeNext(c.PostForm("next"))}
	account := strings.ToLower(email)
	if len(account) > 254 {
		account = account[:254]
	}
	pair, keys := auth.LoginKeys(account, c.ClientIP())
	release, ok := a.hashSlot()
	if !ok {
		c.Header("Retry-After", "1")
		f.Error, f.Wait = "login.throttled", 1
		a.renderLogin(c, http.StatusTooManyRequests, f)
		return
	}
	defer release()
	v := a.throttle.Attempt(keys...)
	if v.LockedNow != "" {
		a.audit(c, 0, "login_locked", email, "100 failed logins within an hour: locked for an hour")
	}
	if v.Wait > 0 {
		c.Header("Retry-After", strconv.Itoa(int(v.Wait/time.Second)+1))
		f.Error, f.Wait = "login.throttled", int(v.Wait.Round(time.Minute)/time.Minute)+1
		a.renderLogin(c, http.StatusTooManyRequests, f)
		return
	}
	u, err := a.Store.UserByEmail(c.Request.Context(), email)
	hash := a.Config.Passwords.DummyHash()
	if err == nil {
		hash = u.PasswordHash
	}
	ok, _ = auth.CheckPassword(hash, password)
	if err != nil || !ok || u.Disabled {
		a.audit(c, 0, "login_failed", email, "")
		f.Error = "login.failed"
		a.renderLogin(c, http.StatusUnauthorized, f)
		return
	}
	a.throttle.Forget(pair.Name)
	if err := a.startStaffSession(c, u.ID, u.SessionEpoch); err != nil {
		a.fail(c, err)
		return
	}
	a.audit(c, u.ID, "login", u.Email, "")
	c.Redirect(http.StatusSeeOther, f.Next)
}

// hashSlot takes one of the slots for argon2id work (one per core), or
// reports that all are busy.
func (a *App) hashSlot() (release func(), ok bool) {
	select {
	case a.hashing <- struct{}{}:
		return func() { <-a.hashing }, true
	default:
		return nil, false
	}
}

// logout ends the staff session.
func (a *App) logout(c *gin.Context) {
	if v := viewer(c); v != nil {
		a.audit(c, v.ID, "logout", v.Email, "")
	}
	a.endStaffSession(c, staffSessionOf(c))
	c.Redirect(http.StatusSeeOther, "/")
}

// safeNext keeps a post-login redirect on this site: a path of printable
// ASCII without backslashes, not starting "//". Browsers drop tabs and
// newlines from a URL and read a backslash as a slash, so "/\t/evil" and
// "/\\evil" would leave the site.
func safeNext(next string) string {
	if len(next) > 512 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/staff"
	}
	for i := 0; i < len(next); i++ {
		if b := next[i]; b <= ' ' || b >= 0x7f || b == '\\' {
			return "/staff"
		}
	}
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
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
