package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/web"
)

// behindProxy trusts the test client's loopback address as a proxy, so
// X-Forwarded-For says which address a request comes from; failed logins
// on an account under attack are answered at most 5 ms late.
func behindProxy(c *web.Config) {
	c.TrustedProxies = []string{"127.0.0.1", "::1"}
	c.LoginHold = 5 * time.Millisecond
}

// A home or school on IPv6 picks addresses from its /64 at will: every
// per-address limit counts the /64 as one client (logins, submissions,
// wrong session codes, professionals' saves).
func TestIPv6LimitsCountTheSlash64(t *testing.T) {
	t.Parallel()
	in64 := func(i int) string { return fmt.Sprintf("2001:db8:5:6:%x::1", i+1) }
	t.Run("logins", func(t *testing.T) {
		t.Parallel()
		e := newEnvWith(t, behindProxy)
		pw := e.addUser("worker", "mia@example.org", "Club")
		c := e.client()
		csrf := c.get("/login").csrf(t)
		for i := range 5 {
			c.loginFrom(in64(i), "mia@example.org", "wrong-password", csrf)
		}
		if code, _ := c.loginFrom(in64(9), "mia@example.org", pw, csrf); code != http.StatusTooManyRequests {
			t.Fatalf("after 5 wrong passwords from one /64, another address in it: %d, want 429", code)
		}
		if code, _ := c.loginFrom("2001:db8:5:7::1", "mia@example.org", pw, csrf); code != http.StatusSeeOther {
			t.Fatalf("from the next /64: %d, want 303", code)
		}
	})
	t.Run("submissions", func(t *testing.T) {
		t.Parallel()
		e := newEnvWith(t, func(c *web.Config) { behindProxy(c); c.ClientRate, c.SessionRate = 1, 6000 })
		sess := e.openSession("wellbeing", "10-13", "nl", "school")
		c := e.client()
		api := "/api/v1/sessions/" + sess.Code + "/submissions"
		for i := range 60 { // the least burst
			c.postJSON(api, fmt.Sprintf(validJSON, uid(i), "nl"), "X-Forwarded-For", in64(i)).want(t, http.StatusCreated)
		}
		c.postJSON(api, fmt.Sprintf(validJSON, uid(60), "nl"), "X-Forwarded-For", in64(60)).want(t, http.StatusTooManyRequests)
	})
	t.Run("wrong codes", func(t *testing.T) {
		t.Parallel()
		e := newEnvWith(t, behindProxy)
		c := e.client()
		for i := range 30 {
			code := fmt.Sprintf("AAAA%c%c", "ACDEFHJKMN"[i%10], "ACDEFHJKMN"[i/10])
			c.get("/api/v1/sessions/"+code, "X-Forwarded-For", in64(i)).want(t, http.StatusNotFound)
		}
		c.get("/s/AAAAAA", "X-Forwarded-For", in64(30)).want(t, http.StatusTooManyRequests)
	})
	t.Run("link saves", func(t *testing.T) {
		t.Parallel()
		e := newEnvWith(t, func(c *web.Config) { behindProxy(c); c.ClientRate = 1 })
		_, links := e.newRound(61, false)
		c := e.client()
		save := func(link string, addr string) *response {
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/i/"+link, strings.NewReader(url.Values{"lang": {"nl"}, "a.org_kind": {"1"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", addr)
			return c.do(req)
		}
		for i := range 60 {
			save(links[i], in64(i)).want(t, http.StatusSeeOther)
		}
		save(links[60], in64(60)).want(t, http.StatusTooManyRequests)
	})
}

// Behind a trusted proxy, only the header configured names the client:
// X-Forwarded-For by default. An X-Real-IP the proxy passes on from the
// client is not believed, so a guesser cannot make up a new address for
// every try; a proxy that sets X-Real-IP is configured to be read.
func TestOnlyTheConfiguredProxyHeaderIsBelieved(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		header, ignored string
	}{
		{"", "X-Real-IP"},
		{"X-Real-IP", "X-Forwarded-For"},
	} {
		e := newEnvWith(t, func(cfg *web.Config) { behindProxy(cfg); cfg.ProxyHeader = c.header })
		pw := e.addUser("worker", "mia@example.org", "Club")
		cl := e.client()
		csrf := cl.get("/login").csrf(t)
		try := func(password string, i int) int {
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/login", strings.NewReader(url.Values{"email": {"mia@example.org"}, "password": {password}, "csrf": {csrf}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set(c.ignored, fmt.Sprintf("192.0.2.%d", i+1))
			return cl.do(req).StatusCode
		}
		for i := range 5 {
			try("wrong-password", i)
		}
		if code := try(pw, 5); code != http.StatusTooManyRequests {
			t.Fatalf("proxy header %q: six tries with a made-up %s each: %d, want 429 (one client)", c.header, c.ignored, code)
		}
	}
}
