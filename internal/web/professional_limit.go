package web

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// One professional saves a form now and then; a link that saves more
// often than this is a script. The burst allows a few quick corrections.
const (
	linkSavesPerMinute = 30
	linkSavesBurst     = 10
)

// limitResponses caps saves through /i/ and /r/ per client address and per
// link, so one link's flood never blocks another's respondent (they have
// no session code to share a bucket by). The link is counted by a hash of
// it, in memory only. A refusal is a plain page in the professionals'
// layout, in their language.
func (a *App) limitResponses(c *gin.Context) {
	now := time.Now()
	link := c.Param("token")
	if link == "" {
		link = "r/" + c.Param("secret")
	} else {
		link = "i/" + link
	}
	sum := sha256.Sum256([]byte(link))
	for _, check := range []struct {
		l   *limiter
		key string
	}{{a.perClient, c.ClientIP()}, {a.perLink, hex.EncodeToString(sum[:12])}} {
		if ok, wait := check.l.allow(check.key, now); !ok {
			c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			if lang, ok := a.Locales.Lang(c.PostForm("lang")); ok {
				withLang(c, lang.Tag)
			}
			a.professionalMessage(c, fault.New(fault.TooMany, "error.too_many", "too many saves through this link; try again later"))
			return
		}
	}
	c.Next()
}
