package child

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// LimitSubmissions caps submissions per client address and per session
// code. A class on one school network sends a few dozen at once, and a
// tablet back online flushes its queue: the bursts allow for both.
func (h *Handler) LimitSubmissions(c *gin.Context) {
	now := time.Now()
	for _, check := range []struct {
		l   *httpkit.Limiter
		key string
	}{{h.PerClient, httpkit.ClientAddress(c)}, {h.perSession, codeOf(c)}} {
		if ok, wait := check.l.Allow(check.key, now); !ok {
			c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			h.Fail(c, fault.New(fault.TooMany, "error.too_many", "too many submissions; try again later"))
			return
		}
	}
	c.Next()
}

// CodeEntry takes the code typed in the home page's box (GET /s?code=...)
// and sends the child to the session, or back with a gentle message.
func (h *Handler) CodeEntry(c *gin.Context) {
	code := store.NormalizeCode(c.Query("code"))
	if code == "" {
		c.Redirect(http.StatusSeeOther, "/?bad=1#code")
		return
	}
	c.Redirect(http.StatusSeeOther, "/s/"+code)
}
