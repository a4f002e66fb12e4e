package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

type tokensView struct {
	Tokens  []*store.Token
	Created string // the new token's secret, shown once
	Error   string
}

func (a *App) tokensPage(c *gin.Context) { a.renderTokens(c, http.StatusOK, &tokensView{}) }

func (a *App) renderTokens(c *gin.Context, status int, v *tokensView) {
	var err error
	if v.Tokens, err = a.Store.Tokens(c.Request.Context()); err != nil {
		a.fail(c, err)
		return
	}
	p := a.page(c, "tokens.title", v)
	p.Nav = "admin"
	a.render(c, status, "tokens", p)
}

// createToken issues an API token and shows it once; only its hash stays.
func (a *App) createToken(c *gin.Context) {
	name := strings.TrimSpace(c.PostForm("name"))
	role := c.PostForm("role")
	if name == "" || len(name) > 100 || !slices.Contains([]string{store.RoleAnalyst, store.RoleAdmin}, role) {
		a.renderTokens(c, http.StatusUnprocessableEntity, &tokensView{Error: "tokens.error"})
		return
	}
	secret, t, err := a.Store.CreateToken(c.Request.Context(), name, role, viewer(c).ID)
	if err != nil {
		a.fail(c, err)
		return
	}
	a.audit(c, viewer(c).ID, "token_add", t.Name, "role="+t.Role)
	a.renderTokens(c, http.StatusOK, &tokensView{Created: secret})
}

func (a *App) revokeToken(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		a.notFound(c)
		return
	}
	if err := a.Store.RevokeToken(c.Request.Context(), id); err != nil {
		a.fail(c, err)
		return
	}
	a.audit(c, viewer(c).ID, "token_revoke", strconv.FormatInt(id, 10), "")
	c.Redirect(http.StatusSeeOther, "/admin/tokens")
}

// apiAuth lets a request in with an API token (Authorization: Bearer, or
// Basic with the token as password; see tokenFromHeader) or a
// staff session, for one of the roles. A token acts as a viewer of its role
// with no organisation.
func (a *App) apiAuth(roles ...string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if h := c.GetHeader("Authorization"); h != "" {
			secret, ok := tokenFromHeader(h)
			t, err := a.Store.TokenBySecret(c.Request.Context(), secret)
			if !ok || err != nil {
				a.failJSON(c, fault.New(fault.Unauthorized, "error.token_invalid", "unknown or revoked token"))
				return
			}
			c.Set(ctxViewer, &Viewer{Role: t.Role, Name: t.Name, Email: "token:" + t.Name})
		}
		a.requireRole(roles...)(c)
	}
}
