package child

import (
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

const ctxCode = "kinderstem.code"

// codeOf is the request's session code, normalised once (any case, spaces,
// dashes) and kept in the context: every limit, lookup and redirect uses
// this value. "" when it cannot be a code.
func codeOf(c *gin.Context) string {
	if v, ok := c.Get(ctxCode); ok {
		return v.(string)
	}
	code := store.NormalizeCode(c.Param("code"))
	c.Set(ctxCode, code)
	return code
}

// sessionByCode is the one way a child's request finds its session: the
// normalised code, a limit on wrong codes per client address, and the
// session from the cache (the submission path, where only what never
// changes is used) or from the database.
func (h *Handler) sessionByCode(c *gin.Context, cached bool) (*store.Session, error) {
	now := time.Now()
	client := httpkit.ClientAddress(c)
	if ok, wait := h.wrongCodes.Exhausted(client, now); ok {
		c.Header("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
		return nil, fault.New(fault.TooMany, "error.too_many_codes", "too many wrong session codes from this address")
	}
	code := codeOf(c)
	var sess *store.Session
	err := error(fault.New(fault.NotFound, "error.session_unknown", "not a code"))
	if code != "" && cached {
		sess, err = h.cachedSession(c.Request.Context(), code)
	} else if code != "" {
		sess, err = h.Store.SessionByCode(c.Request.Context(), code)
	}
	if fault.Is(err, fault.NotFound) {
		h.wrongCodes.Allow(client, now)
	}
	return sess, err
}
