package web

import (
	"encoding/base64"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// maxAuthorization bounds the Authorization header a token is read from;
// a token is 46 characters.
const maxAuthorization = 1024

// tokenFromHeader reads an API token from an Authorization header:
// "Bearer TOKEN", or Basic credentials with the token as the password and
// any user name, which is what Excel's and Power BI's "From Web" send
// when given Basic credentials.
func tokenFromHeader(h string) (string, bool) {
	if len(h) > maxAuthorization {
		return "", false
	}
	scheme, rest, ok := strings.Cut(strings.TrimSpace(h), " ")
	rest = strings.TrimSpace(rest)
	if !ok || rest == "" {
		return "", false
	}
	switch strings.ToLower(scheme) {
	case "bearer":
		return rest, true
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(rest)
		if err != nil {
			return "", false
		}
		_, secret, ok := strings.Cut(string(raw), ":")
		secret = strings.TrimSpace(secret)
		return secret, ok && secret != ""
	}
	return "", false
}

// feedAuth guards the exports: a staff session or an API token of one of
// the roles, so spreadsheets and scripts can pull a CSV by URL. A program
// that sends no credentials (it does not ask for HTML) is challenged for
// Basic credentials instead of being sent to the login page; a browser is
// sent there as before.
func (a *App) feedAuth(roles ...string) gin.HandlerFunc {
	withToken := a.apiAuth(roles...)
	return func(c *gin.Context) {
		if viewer(c) == nil && c.GetHeader("Authorization") == "" && !strings.Contains(c.GetHeader("Accept"), "text/html") {
			c.Header("WWW-Authenticate", `Basic realm="Kinderstem exports", charset="UTF-8"`)
			a.fail(c, fault.New(fault.Unauthorized, "error.login_required", "log in or send an API token"))
			c.Abort()
			return
		}
		withToken(c)
	}
}
