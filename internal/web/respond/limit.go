package respond

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// LimitResponses caps saves through /i/ and /r/ per client address and per
// link, so one link's flood never blocks another's respondent (they have
// no session code to share a bucket by). The link is counted by a hash of
// it, in memory only. A refusal is a plain page in the professionals'
// layout, in their language.
func (h *Handler) LimitResponses(c *gin.Context) {
	now := time.Now()
	link := c.Param("token")
	if link == "" {
		link = "r/" + c.Param("secret")
	} else {
		link = "i/" + link
	}
	sum := sha256.Sum256([]byte(link))
	for _, check := range []struct {
		l   *httpkit.Limiter
		key string
	}{{h.PerClient, httpkit.ClientAddress(c)}, {h.perLink, hex.EncodeToString(sum[:12])}} {
		if ok, wait := check.l.Allow(check.key, now); !ok {
			c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			if lang, ok := h.Locales.Lang(c.PostForm("lang")); ok {
				httpkit.SetLang(c, lang.Tag)
			}
			h.Fail(c, fault.New(fault.TooMany, "error.too_many", "too many saves through this link; try again later"))
			return
		}
	}
	c.Next()
}
