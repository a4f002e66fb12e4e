package public

import (
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/edition"
)

// Framable lets the sites on the allow-list (Config.EmbedOrigins) frame
// an embeddable chart, and no other: frame-ancestors in the CSP, which
// replaces X-Frame-Options (that header has no allow-list). Every other
// page of Kinderstem keeps framing denied.
func (h *Handler) Framable(c *gin.Context) {
	hd := c.Writer.Header()
	hd.Set("Content-Security-Policy", EmbedCSP(h.Config.EmbedOrigins))
	hd.Del("X-Frame-Options")
	hd.Set("Cross-Origin-Resource-Policy", "cross-origin")
	c.Next()
}

// EmbedCSP is the policy of an embeddable chart: the application's own,
// with frame-ancestors from the allow-list (and the server itself).
func EmbedCSP(origins []string) string {
	ancestors := "'self'"
	for _, o := range origins {
		ancestors += " " + o
	}
	return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
		"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors " + ancestors
}

// Embed is GET /embed/{lang}/{survey}/{indicator}/: an indicator's chart
// and its table, to be framed by the sites on the allow-list.
func (h *Handler) Embed(c *gin.Context) {
	h.showIn(c, "open_embed", "embed_layout", "embed", func(s *edition.Site) (any, error) {
		return s.Embed(c.Param("survey") + "/" + c.Param("indicator"))
	})
}

// CheckOrigin reports whether an origin may stand on the embed
// allow-list: a scheme and a host (and port), nothing else.
func CheckOrigin(o string) bool {
	scheme, rest, ok := strings.Cut(o, "://")
	return ok && (scheme == "https" || scheme == "http") && rest != "" && !strings.ContainsAny(rest, "/?#;, '\"*")
}
