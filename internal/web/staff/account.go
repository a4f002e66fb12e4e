package staff

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/auth"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

type accountForm struct {
	Error string // message id
	Saved bool
}

// AccountPage lets any staff user change their password.
func (h *Handler) AccountPage(c *gin.Context) {
	h.renderAccount(c, http.StatusOK, accountForm{Saved: c.Query("saved") == "1"})
}

func (h *Handler) renderAccount(c *gin.Context, status int, f accountForm) {
	p := h.Page(c, "account.title", f)
	p.Nav = "account"
	h.Render(c, status, "account", p)
}

// ChangePassword checks the current password, sets the new one and logs the
// user out everywhere else; this browser gets a fresh session.
func (h *Handler) ChangePassword(c *gin.Context) {
	v := httpkit.ViewerOf(c)
	ctx := c.Request.Context()
	u, err := h.Store.UserByID(ctx, v.ID)
	if err != nil {
		h.Fail(c, err)
		return
	}
	key := auth.Key{Name: "password:" + u.Email, Rule: auth.LoginPair}
	if v := h.throttle.Attempt(key); v.Wait > 0 {
		h.renderAccount(c, http.StatusTooManyRequests, accountForm{Error: "error.too_many"})
		return
	}
	pass, ok := h.gate.Enter(ctx, httpkit.ClientAddress(c))
	if !ok {
		h.throttle.Undo(key)
		c.Header("Retry-After", "1")
		h.renderAccount(c, http.StatusTooManyRequests, accountForm{Error: "error.too_many"})
		return
	}
	defer pass.Leave(ctx, 0) // the new password's hash is worked out behind the gate too
	if ok, _ := auth.CheckPassword(u.PasswordHash, c.PostForm("current")); !ok {
		h.renderAccount(c, http.StatusUnprocessableEntity, accountForm{Error: "account.wrong_current"})
		return
	}
	h.throttle.Forget(key.Name)
	next := c.PostForm("new")
	if next != c.PostForm("repeat") {
		h.renderAccount(c, http.StatusUnprocessableEntity, accountForm{Error: "account.no_match"})
		return
	}
	if err := auth.CheckPolicy(next, u.Role, auth.About{Email: u.Email, Name: u.Name, Organisation: u.Organisation}); err != nil {
		msg := "account.weak"
		if weak, ok := errors.AsType[*auth.WeakPassword](err); ok {
			msg = weak.Reason
		}
		h.renderAccount(c, http.StatusUnprocessableEntity, accountForm{Error: msg})
		return
	}
	hash, err := h.Config.Passwords.Hash(next)
	if err != nil {
		h.Fail(c, err)
		return
	}
	if err := h.Store.SetPassword(ctx, u.ID, hash); err != nil {
		h.Fail(c, err)
		return
	}
	if err := h.StartStaffSession(c, u.ID); err != nil {
		h.Fail(c, err)
		return
	}
	h.Audit(c, u.ID, "password_change", u.Email, "logged out everywhere else")
	c.Redirect(http.StatusSeeOther, "/account?saved=1")
}
