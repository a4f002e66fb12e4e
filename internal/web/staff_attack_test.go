package web_test

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/kinderstem/kinderstem/internal/web"
)

// loginFrom posts a login as if from addr, behind a trusted proxy; it is
// safe to call from many goroutines.
func (c *client) loginFrom(addr, email, password, csrf string) (int, error) {
	form := url.Values{"email": {email}, "password": {password}, "csrf": {csrf}}
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if addr != "" {
		req.Header.Set("X-Forwarded-For", addr)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// 40 parallel guesses from one address: the check and the count are one
// step, so no more than the free attempts are ever checked, and the rest
// are refused at once (also when every core is busy hashing).
func TestParallelGuessesAreCountedBeforeChecking(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pw := e.addUser("admin", "ada@example.org", "Stad")
	c := e.client()
	csrf := c.get("/login").csrf(t)
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, err := c.loginFrom("", "ada@example.org", fmt.Sprintf("wrong-password-%d", i), csrf)
			if err != nil {
				code = -1
			}
			mu.Lock()
			statuses[code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if statuses[http.StatusUnauthorized] > 5 || statuses[http.StatusUnauthorized]+statuses[http.StatusTooManyRequests] != 40 {
		t.Fatalf("40 parallel wrong passwords: %v; want at most 5 checked (401), the rest 429", statuses)
	}
	for i := 0; i < 10; i++ {
		code, _ := c.loginFrom("", "ada@example.org", "wrong-password", csrf)
		statuses[code]++
	}
	if statuses[http.StatusUnauthorized] != 5 {
		t.Fatalf("after 50 wrong passwords: %v; want exactly 5 checked", statuses)
	}
	if code, _ := c.loginFrom("", "ada@example.org", pw, csrf); code != http.StatusTooManyRequests {
		t.Fatalf("the right password after the guesses: %d, want 429", code)
	}
}

// A stranger's wrong passwords from elsewhere do not lock the owner out:
// the lock holds the account at the stranger's address only.
func TestStrangerCannotLockTheOwnerOut(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) { c.TrustedProxies = []string{"127.0.0.1", "::1"} })
	pw := e.addUser("worker", "mia@example.org", "Club")
	attacker, owner := e.client(), e.client()
	csrf := attacker.get("/login").csrf(t)
	for i := 0; i < 10; i++ {
		attacker.loginFrom("198.51.100.7", "mia@example.org", "wrong-password", csrf)
	}
	if code, _ := attacker.loginFrom("198.51.100.7", "mia@example.org", pw, csrf); code != http.StatusTooManyRequests {
		t.Fatalf("the attacker's address after 10 failures: %d, want 429", code)
	}
	ownerCSRF := owner.get("/login").csrf(t)
	if code, _ := owner.loginFrom("203.0.113.5", "mia@example.org", pw, ownerCSRF); code != http.StatusSeeOther {
		t.Fatalf("the owner from their own address: %d, want 303 (logged in)", code)
	}
}

// Behind a trusted proxy each child has their own submission bucket;
// without one, X-Forwarded-For is not believed.
func TestTrustedProxiesDecideTheClient(t *testing.T) {
	t.Parallel()
	for _, trusted := range []bool{false, true} {
		// A bucket of 60 (the least burst) that refills once a minute: the
		// 61st submission is refused however long the 61 take to send.
		e := newEnvWith(t, func(c *web.Config) {
			c.ClientRate, c.SessionRate = 1, 6000
			if trusted {
				c.TrustedProxies = []string{"127.0.0.1/32", "::1"}
			}
		})
		sess := e.openSession("wellbeing", "10-13", "nl", "school")
		c := e.client()
		api := "/api/v1/sessions/" + sess.Code + "/submissions"
		var last *response
		for i := 0; i < 61; i++ {
			last = c.postJSON(api, fmt.Sprintf(validJSON, uid(i), "nl"), "X-Forwarded-For", "10.0.0.1")
		}
		last.want(t, http.StatusTooManyRequests)
		other := c.postJSON(api, fmt.Sprintf(validJSON, uid(100), "nl"), "X-Forwarded-For", "10.0.0.2")
		if want := map[bool]int{false: http.StatusTooManyRequests, true: http.StatusCreated}[trusted]; other.StatusCode != want {
			t.Fatalf("trusted=%v: another child behind the proxy gets %d, want %d", trusted, other.StatusCode, want)
		}
	}
}

// Weak passwords are refused with the reason (NIST SP 800-63B): length by
// role, lists of common passwords, and the words someone who knows the
// site, the organisation and the user tries first.
func TestWeakPasswordsAreRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for i, c := range []struct{ role, pw, want string }{
		{"admin", "1234567890", "at least 12 characters"},
		{"worker", "1234567890", "lists of common passwords"},
		{"analyst", "password2026", "lists of common passwords"},
		{"worker", "short", "at least 10 characters"},
		{"admin", "Kinderstem2026", "the name of this site or of your organisation"},
		{"analyst", "StadGent2026!", "the name of this site or of your organisation"},
		{"worker", "mia.peeters.2026", "your e-mail address or your name"},
	} {
		email := fmt.Sprintf("mia.peeters-%d@example.org", i)
		pw := e.addUser(c.role, email, "Stad Gent")
		cl := e.client()
		page := cl.get("/login")
		cl.postForm("/login", url.Values{"email": {email}, "password": {pw}, "csrf": {page.csrf(t)}}).want(t, http.StatusSeeOther)
		acc := cl.get("/account?lang=en")
		cl.postForm("/account/password?lang=en", url.Values{"csrf": {acc.csrf(t)}, "current": {pw}, "new": {c.pw}, "repeat": {c.pw}}).
			want(t, http.StatusUnprocessableEntity, c.want)
	}
}

// "Kinderstem2026" is refused as an admin's password, with the reason in
// every shipped language.
func TestProductNameRefusedInEveryLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pw := e.addUser("admin", "ada@example.org", "Stad")
	cl := e.client()
	cl.postForm("/login", url.Values{"email": {"ada@example.org"}, "password": {pw}, "csrf": {cl.get("/login").csrf(t)}}).want(t, http.StatusSeeOther)
	for _, l := range e.locales.Languages() {
		acc := cl.get("/account?lang=" + l.Tag)
		r := cl.postForm("/account/password?lang="+l.Tag, url.Values{"csrf": {acc.csrf(t)}, "current": {pw}, "new": {"Kinderstem2026"}, "repeat": {"Kinderstem2026"}})
		r.want(t, http.StatusUnprocessableEntity, template.HTMLEscapeString(e.locales.For(l.Tag).T("password.context")))
	}
}
