package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func lastly(path string) string {
	if path == "/logout" || path == "/login" {
		return "1"
	}
	return "0"
}

// call sends one request as the visitor: with its cookie and CSRF token,
// or with its API token.
func (v *visitor) call(t *testing.T, method, path string) *response {
	t.Helper()
	var req *http.Request
	if method == http.MethodPost {
		req, _ = http.NewRequest(method, v.c.e.srv.URL+path, strings.NewReader(url.Values{"csrf": {v.csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req, _ = http.NewRequest(method, v.c.e.srv.URL+path, nil)
	}
	if v.token != "" {
		req.Header.Set("Authorization", "Bearer "+v.token)
	}
	return v.c.do(req)
}

// outcomeOf reads a response as let in or refused, and how.
func outcomeOf(r *response, method string) string {
	switch {
	case r.StatusCode == http.StatusSeeOther && strings.HasPrefix(r.Header.Get("Location"), "/login"):
		return "login"
	case r.StatusCode == http.StatusUnauthorized:
		return "login"
	case r.StatusCode == http.StatusForbidden:
		return "forbidden"
	case r.StatusCode == http.StatusNotFound && method == http.MethodGet:
		return "not found"
	case r.StatusCode == http.StatusNotFound:
		// A POST to a record of another organisation, or a form that
		// names nothing: both refuse without saying which.
		return "not found"
	}
	return "in"
}
