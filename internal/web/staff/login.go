package staff

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/auth"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

type loginForm struct {
	Email string
	Next  string
	Error string // message id
	Wait  int    // minutes, with error.login_throttled
}

// LoginPage shows the staff login form.
func (h *Handler) LoginPage(c *gin.Context) {
	next := safeNext(c.Query("next"))
	if httpkit.ViewerOf(c) != nil {
		c.Redirect(http.StatusSeeOther, next)
		return
	}
	h.renderLogin(c, http.StatusOK, loginForm{Next: next})
}

func (h *Handler) renderLogin(c *gin.Context, status int, f loginForm) {
	p := h.Page(c, "login.title", f)
	p.NoIndex = true
	h.Render(c, status, "login", p)
}

// Login checks an e-mail and password. Every failure says the same thing,
// takes as long, and counts against the account at this address, the
// address and the account (auth.LoginKeys); a success counts against
// none of them. The password hash is worked out behind the gate
// (auth.Gate): one at a time per client address, so that wrong passwords
// from one address cannot keep a right one from another waiting, and a
// bounded number at once, so a flood of logins cannot take the server's
// memory. An account under attack answers failures late, never refuses
// its owner.
func (h *Handler) Login(c *gin.Context) {
	email := strings.TrimSpace(c.PostForm("email"))
	password := c.PostForm("password")
	f := loginForm{Email: email, Next: safeNext(c.PostForm("next"))}
	account := strings.ToLower(email)
	if len(account) > 254 {
		account = account[:254]
	}
	address := httpkit.ClientAddress(c)
	login := auth.LoginKeys(account, address)
	v := h.throttle.Attempt(login.Keys()...)
	if v.Wait > 0 {
		c.Header("Retry-After", strconv.Itoa(int(v.Wait/time.Second)+1))
		f.Error, f.Wait = "login.throttled", int(v.Wait.Round(time.Minute)/time.Minute)+1
		h.renderLogin(c, http.StatusTooManyRequests, f)
		return
	}
	if v.Alert != "" {
		h.Audit(c, 0, "login_attack", email, fmt.Sprintf("%d failed logins within an hour: failures are answered up to %v late; the account is not locked",
			auth.LoginAccount.Alert, auth.LoginAccount.Max))
	}
	ctx := c.Request.Context()
	pass, ok := h.gate.Enter(ctx, address)
	if !ok {
		h.throttle.Undo(login.Keys()...) // no password was checked
		c.Header("Retry-After", "1")
		f.Error, f.Wait = "login.throttled", 1
		h.renderLogin(c, http.StatusTooManyRequests, f)
		return
	}
	u, err := h.Store.UserByEmail(ctx, email)
	hash := h.Config.Passwords.DummyHash()
	if err == nil {
		hash = u.PasswordHash
	}
	ok, _ = auth.CheckPassword(hash, password)
	if err != nil || !ok || u.Disabled {
		pass.Leave(ctx, min(v.Hold, h.Config.LoginHold))
		h.Audit(c, 0, "login_failed", email, "")
		f.Error = "login.failed"
		h.renderLogin(c, http.StatusUnauthorized, f)
		return
	}
	pass.Leave(ctx, 0)
	h.throttle.Undo(login.Keys()...)
	h.throttle.Forget(login.Pair.Name)
	if err := h.StartStaffSession(c, u.ID); err != nil {
		h.Fail(c, err)
		return
	}
	h.Audit(c, u.ID, "login", u.Email, "")
	c.Redirect(http.StatusSeeOther, f.Next)
}

// Logout ends the staff session.
func (h *Handler) Logout(c *gin.Context) {
	if v := httpkit.ViewerOf(c); v != nil {
		h.Audit(c, v.ID, "logout", v.Email, "")
	}
	h.EndStaffSession(c)
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
func (h *Handler) audit(c *gin.Context, userID int64, action, target, detail string) {
	// A token has no user: the entry names the token.
	if v := httpkit.ViewerOf(c); userID == 0 && v != nil && strings.HasPrefix(v.Email, "token:") {
		detail = strings.TrimSpace(detail + " " + v.Email)
	}
	if err := h.Store.Audit(c.Request.Context(), userID, action, target, detail); err != nil {
		h.Log.Error("audit", "action", action, "err", err)
	}
}
