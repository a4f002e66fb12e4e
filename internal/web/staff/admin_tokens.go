package staff

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

type tokensView struct {
	Tokens  []*store.Token
	Created string // the new token's secret, shown once
	Error   string
}

func (h *Handler) TokensPage(c *gin.Context) { h.renderTokens(c, http.StatusOK, &tokensView{}) }

func (h *Handler) renderTokens(c *gin.Context, status int, v *tokensView) {
	var err error
	if v.Tokens, err = h.Store.Tokens(c.Request.Context()); err != nil {
		h.Fail(c, err)
		return
	}
	p := h.Page(c, "tokens.title", v)
	p.Nav = "admin"
	h.Render(c, status, "tokens", p)
}

// CreateToken issues an API token and shows it once; only its hash stays.
func (h *Handler) CreateToken(c *gin.Context) {
	name := strings.TrimSpace(c.PostForm("name"))
	role := c.PostForm("role")
	if name == "" || len(name) > 100 || !slices.Contains([]string{store.RoleAnalyst, store.RoleAdmin}, role) {
		h.renderTokens(c, http.StatusUnprocessableEntity, &tokensView{Error: "tokens.error"})
		return
	}
	secret, t, err := h.Store.CreateToken(c.Request.Context(), name, role, httpkit.ViewerOf(c).ID)
	if err != nil {
		h.Fail(c, err)
		return
	}
	h.Audit(c, httpkit.ViewerOf(c).ID, "token_add", t.Name, "role="+t.Role)
	h.renderTokens(c, http.StatusOK, &tokensView{Created: secret})
}

func (h *Handler) RevokeToken(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		h.NotFound(c)
		return
	}
	if err := h.Store.RevokeToken(c.Request.Context(), id); err != nil {
		h.Fail(c, err)
		return
	}
	h.Audit(c, httpkit.ViewerOf(c).ID, "token_revoke", strconv.FormatInt(id, 10), "")
	c.Redirect(http.StatusSeeOther, "/admin/tokens")
}
