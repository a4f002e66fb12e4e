package web

import (
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// csp allows nothing but our own origin: no inline script or style, no
// third-party request, no framing. Templates never use style= or <script>.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; media-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// strictHeaders are set on every answer. Each value is a slice of one,
// shared by all requests: Header.Set would make a new one for each header
// of each request, and a submission's whole budget is a few kilobytes.
// len == cap, so an Add elsewhere copies rather than writes into them.
var strictHeaders = [][2]string{
	{"Content-Security-Policy", csp},
	{"X-Content-Type-Options", "nosniff"},
	{"X-Frame-Options", "DENY"},
	// Session codes are in URLs; never hand them to another site.
	{"Referrer-Policy", "no-referrer"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"Cross-Origin-Resource-Policy", "same-origin"},
}

var (
	securityValues = func() [][]string {
		v := make([][]string, len(strictHeaders))
		for i, h := range strictHeaders {
			v[i] = []string{h[1]}[:1:1]
		}
		return v
	}()
	hstsValue = []string{"max-age=31536000"}[:1:1]
)

// securityHeaders sets strict headers on every answer.
func (a *App) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	for i, kv := range strictHeaders {
		h[kv[0]] = securityValues[i]
	}
	if a.kit.Config.HSTS {
		h["Strict-Transport-Security"] = hstsValue
	}
	c.Next()
}

// limitBody caps every request body, at the configured limit or at the
// larger one its route declared (group.Uploads); a larger body fails to
// read with http.MaxBytesError, which handlers turn into 413.
func (a *App) limitBody(c *gin.Context) {
	if c.Request.Body != nil {
		limit := a.kit.Config.BodyLimit
		if n, ok := a.bodyLimits[c.Request.Method+" "+c.FullPath()]; ok {
			limit = max(limit, n)
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	}
	c.Next()
}

// maxHost is the longest Host header read: a DNS name (253) and a port.
const maxHost = 253 + 6

// checkRequest refuses what is not a request we can read before any
// handler sees it: an overlong or malformed Host (it ends up in links and
// QR codes), and a form body that is too large (413) or broken (400).
// Forms are parsed here, once, so no handler swallows a parse error.
func (a *App) checkRequest(c *gin.Context) {
	if h := c.Request.Host; len(h) > maxHost || strings.ContainsAny(h, " /\\@?#%\"<>") {
		a.kit.Fail(c, fault.New(fault.BadRequest, "error.invalid", "bad Host header"))
		return
	}
	if c.Request.Method == http.MethodPost && c.ContentType() == "application/x-www-form-urlencoded" {
		if err := c.Request.ParseForm(); err != nil {
			if httpkit.IsTooLarge(err) {
				a.kit.Fail(c, httpkit.ErrTooLarge)
				return
			}
			a.kit.Fail(c, fault.New(fault.BadRequest, "error.body_invalid", err.Error()))
			return
		}
	}
	c.Next()
}

// recovery turns a panic into a logged stack and a friendly 500 page. No
// input should ever get here; tests and fuzzing look for it.
func (a *App) recovery(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if r == http.ErrAbortHandler {
				panic(r)
			}
			a.kit.Log.Error("panic", "route", c.FullPath(), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			if c.Writer.Written() {
				return
			}
			a.kit.Fail(c, errors.New("panic"))
		}
	}()
	c.Next()
}

const langParam = "lang"

// language picks the request's language once: ?lang=, then the cookie, then
// Accept-Language. An explicit choice is remembered in a cookie (a language
// is not about the child; it is only ever about the device), but only on
// the surfaces that may leave something on the device: never on a child's
// shared tablet or a professional's link, and not for a script.
func (a *App) language(c *gin.Context) {
	cookie, _ := c.Cookie(langParam)
	lang := a.kit.Locales.Negotiate(c.Query(langParam), cookie, c.GetHeader("Accept-Language"))
	remember := httpkit.SurfaceOf(c).Remembers() && httpkit.AnswerOf(c) != httpkit.JSON
	if q := c.Query(langParam); q != "" && q == lang.Tag && cookie != lang.Tag && remember {
		http.SetCookie(c.Writer, &http.Cookie{Name: langParam, Value: lang.Tag, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
			HttpOnly: true, Secure: a.kit.Config.SecureCookies, SameSite: http.SameSiteLaxMode})
	}
	httpkit.SetLang(c, lang.Tag)
	c.Header("Content-Language", lang.Tag)
	c.Next()
}

// methodNotAllowed answers a known path with the wrong method: 405.
func (a *App) methodNotAllowed(c *gin.Context) {
	a.kit.Fail(c, fault.New(fault.MethodNotAllowed, "error.method", c.Request.Method+" "+c.Request.URL.Path))
}
