package httpkit

import (
	"encoding/base64"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

// maxAuthorization bounds the Authorization header a token is read from;
// a token is 46 characters.
const maxAuthorization = 1024

// TokenFromHeader reads an API token from an Authorization header:
// "Bearer TOKEN", or Basic credentials with the token as the password and
// any user name, which is what Excel's and Power BI's "From Web" send
// when given Basic credentials.
func TokenFromHeader(h string) (string, bool) {
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

// FeedAuth guards the exports: a staff session or an API token of one of
// the roles, so spreadsheets and scripts can pull a CSV by URL. A program
// that sends no credentials (it does not ask for HTML) is challenged for
// Basic credentials instead of being sent to the login page; a browser is
// sent there as before.
func (k *Kit) FeedAuth(roles ...string) gin.HandlerFunc {
	withToken := k.APIAuth(roles...)
	return func(c *gin.Context) {
		if ViewerOf(c) == nil && c.GetHeader("Authorization") == "" && !strings.Contains(c.GetHeader("Accept"), "text/html") {
			c.Header("WWW-Authenticate", `Basic realm="Kinderstem exports", charset="UTF-8"`)
			k.Fail(c, fault.New(fault.Unauthorized, "error.login_required", "log in or send an API token"))
			c.Abort()
			return
		}
		withToken(c)
	}
}

// APIAuth lets a request in with an API token (Authorization: Bearer, or
// Basic with the token as password; see TokenFromHeader) or a staff
// session, for one of the roles. A token acts as a viewer of its role in
// its organisation (Org): an analyst's token sees its organisation's rounds
// and pools, as its analysts do; an admin's token made for every
// organisation sees all, as an admin does. A token of no organisation that
// is not an admin's (made before tokens had one) is refused.
func (k *Kit) APIAuth(roles ...string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if h := c.GetHeader("Authorization"); h != "" {
			secret, ok := TokenFromHeader(h)
			t, err := k.Store.TokenBySecret(c.Request.Context(), secret)
			if !ok || err != nil || (t.OrganisationID == 0 && t.Role != store.RoleAdmin) {
				k.Fail(c, fault.New(fault.Unauthorized, "error.token_invalid", "unknown or revoked token"))
				return
			}
			c.Set(ctxViewer, &Viewer{Role: t.Role, Name: t.Name, Email: "token:" + t.Name, OrganisationID: t.OrganisationID,
				Organisation: t.Organisation, AllOrganisations: t.OrganisationID == 0})
		}
		k.RequireRole(roles...)(c)
	}
}
