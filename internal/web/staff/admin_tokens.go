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
	Tokens        []*store.Token
	Organisations []store.Organisation
	Created       string // the new token's secret, shown once
	Error         string
}

func (h *Handler) TokensPage(c *gin.Context) { h.renderTokens(c, http.StatusOK, &tokensView{}) }

func (h *Handler) renderTokens(c *gin.Context, status int, v *tokensView) {
	var err error
	if v.Tokens, err = h.Store.Tokens(c.Request.Context()); err != nil {
		h.Fail(c, err)
		return
	}
	if v.Organisations, err = h.Store.Organisations(c.Request.Context()); err != nil {
		h.Fail(c, err)
		return
	}
	p := h.Page(c, "tokens.title", v)
	p.Nav = "admin"
	h.Render(c, status, "tokens", p)
}

// CreateToken issues an API token and shows it once; only its hash stays.
// A token belongs to the organisation chosen and sees what a user of its
// role there sees; "all" (every organisation) is for an admin's token only.
func (h *Handler) CreateToken(c *gin.Context) {
	name := strings.TrimSpace(c.PostForm("name"))
	role := c.PostForm("role")
	if name == "" || len(name) > 100 || !slices.Contains([]string{store.RoleAnalyst, store.RoleAdmin}, role) {
		h.renderTokens(c, http.StatusUnprocessableEntity, &tokensView{Error: "tokens.error"})
		return
	}
	org, err := strconv.ParseInt(c.PostForm("organisation"), 10, 64)
	if c.PostForm("organisation") == "all" && role == store.RoleAdmin {
		org, err = 0, nil
	}
	if err != nil {
		h.renderTokens(c, http.StatusUnprocessableEntity, &tokensView{Error: "tokens.error_organisation"})
		return
	}
	who := httpkit.ViewerOf(c)
	t := &store.Token{Name: name, Role: role, OrganisationID: org, CreatedBy: who.ID}
	secret, err := h.Store.CreateToken(c.Request.Context(), t)
	if msg := userMessage(err); msg != "" {
		h.renderTokens(c, http.StatusUnprocessableEntity, &tokensView{Error: msg})
		return
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	h.Audit(c, who.ID, "token_add", t.Name, "role="+t.Role+" "+tokenScope(t.OrganisationID))
	h.renderTokens(c, http.StatusOK, &tokensView{Created: secret})
}

// tokenScope says in the audit log whose records a token sees.
func tokenScope(org int64) string {
	if org == 0 {
		return "organisation=all"
	}
	return "organisation=" + strconv.FormatInt(org, 10)
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
