// Package voice is one child's personal link for a decision about them
// (/v/LINK): the page that asks for the code their worker handed them, the
// screens of their own say, sending it with their choice of who may read
// it, "I don't want to take part now", taking it back, and the
// explanation afterwards with "do you feel heard?" and where to ask or
// complain. Nothing is written to the device: no cookie is read or set,
// no page is cached, the visit rides in the forms and ends when the child
// sends, stops or leaves.
package voice

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// Unknown links a client address may try: a child mistyping a link now
// and then, a guesser hundreds of times. 20 at once, then one a minute;
// while the bucket is empty even a right link waits, so a guesser learns
// nothing. Codes are limited per link by the decision package.
const (
	wrongLinksPerMinute = 1
	wrongLinksBurst     = 20
	// Screens a client address may post a minute: a child takes a screen
	// every few seconds at most.
	screensPerMinute = 60
	screensBurst     = 30
)

// Handler serves a child's personal link.
type Handler struct {
	*httpkit.Kit
	wrongLinks *httpkit.Limiter
	screens    *httpkit.Limiter
}

// New makes the personal link's handlers on the shared kit.
func New(k *httpkit.Kit) *Handler {
	return &Handler{Kit: k, wrongLinks: httpkit.NewLimiter(wrongLinksPerMinute, wrongLinksBurst),
		screens: httpkit.NewLimiter(screensPerMinute, screensBurst)}
}

// Limit caps what one client address posts to personal links, and
// refuses every request while it has tried too many unknown links.
func (h *Handler) Limit(c *gin.Context) {
	now := time.Now()
	client := httpkit.ClientAddress(c)
	ok, wait := true, time.Duration(0)
	if bad, w := h.wrongLinks.Exhausted(client, now); bad {
		ok, wait = false, w
	} else if c.Request.Method == http.MethodPost {
		ok, wait = h.screens.Allow(client, now)
	}
	if !ok {
		h.language(c, "")
		c.Header("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
		h.Fail(c, fault.New(fault.TooMany, "voice.error_too_many", "too many tries from this address"))
		return
	}
	c.Next()
}

// knock finds the request of the link in the URL; an unknown link counts
// against the client address. On failure it has answered.
func (h *Handler) knock(c *gin.Context) (*store.VoiceRequest, bool) {
	r, err := h.Decisions.Knock(c.Request.Context(), c.Param("link"))
	if err != nil {
		if fault.Is(err, fault.NotFound) {
			h.wrongLinks.Allow(httpkit.ClientAddress(c), time.Now())
		}
		h.language(c, "")
		h.Fail(c, err)
		return nil, false
	}
	return r, true
}

// language sets the page's language: the child's choice (a form field or
// ?lang=), else the language the worker chose for the request, else the
// browser's. Nothing is remembered: no cookie is read or set.
func (h *Handler) language(c *gin.Context, requestLang string) locale.Lang {
	choice := c.PostForm("lang")
	if choice == "" {
		choice = c.Query("lang")
	}
	lang, ok := h.Locales.Lang(choice)
	if !ok {
		lang, ok = h.Locales.Lang(requestLang)
	}
	if !ok {
		lang = h.Locales.Negotiate("", "", c.GetHeader("Accept-Language"))
	}
	httpkit.SetLang(c, lang.Tag)
	c.Header("Content-Language", lang.Tag)
	return lang
}

// base is the path of a link's pages.
func base(c *gin.Context) string { return "/v/" + c.Param("link") }

// done sends the child, after a visit ended, to the link's first page
// with what happened: a GET, so the history holds no form and a reload
// sends nothing again.
func (h *Handler) done(c *gin.Context, what string, lang locale.Lang) {
	c.Redirect(http.StatusSeeOther, base(c)+"?"+url.Values{"done": {what}, "lang": {lang.Tag}}.Encode())
}

// dateOf formats a day for a child: 1/4/2026.
func dateOf(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return ""
	}
	return t.Format("2/1/2006")
}
