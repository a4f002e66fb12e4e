package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestLoginLogout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pw := e.addUser("worker", "mia@example.org", "Jeugdhuis")
	c := e.client()
	c.get("/staff").want(t, http.StatusSeeOther)
	page := c.get("/login?next=/staff")
	page.want(t, http.StatusOK, `name="next" value="/staff"`)
	r := c.postForm("/login", url.Values{"email": {"MIA@example.org"}, "password": {pw}, "next": {"/staff"}, "csrf": {page.csrf(t)}})
	r.want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/staff" {
		t.Fatalf("after login: Location %q", loc)
	}
	home := c.get("/staff")
	home.want(t, http.StatusOK, "mia@example.org", "Jeugdhuis")
	c.postForm("/logout", url.Values{"csrf": {home.csrf(t)}}).want(t, http.StatusSeeOther)
	c.get("/staff").want(t, http.StatusSeeOther)
	log, _ := e.store.AuditLog(context.Background(), 0, 10)
	if len(log) < 2 || log[0].Action != "logout" || log[1].Action != "login" {
		t.Fatalf("audit log = %+v, want login then logout", log)
	}
}

// A wrong password and an unknown address get the same answer.
func TestLoginFailureSaysNothingAboutAccounts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser("admin", "ada@example.org", "Stad")
	var bodies []string
	for _, email := range []string{"ada@example.org", "nobody@example.org"} {
		c := e.client()
		page := c.get("/login?lang=en")
		r := c.postForm("/login", url.Values{"email": {email}, "password": {"wrong-password"}, "csrf": {page.csrf(t)}})
		r.want(t, http.StatusUnauthorized, "That e-mail address or password is not right.")
		bodies = append(bodies, strings.ReplaceAll(r.body, email, "EMAIL"))
	}
	// The pages differ only in the CSRF token.
	strip := func(s string) string { return csrfInput.ReplaceAllString(s, "") }
	if strip(bodies[0]) != strip(bodies[1]) {
		t.Fatal("the failure pages for a known and an unknown address differ")
	}
}

func TestLoginIsThrottled(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pw := e.addUser("analyst", "ana@example.org", "Stad")
	c := e.client()
	page := c.get("/login?lang=en")
	try := func(password string) *response {
		return c.postForm("/login", url.Values{"email": {"ana@example.org"}, "password": {password}, "csrf": {page.csrf(t)}})
	}
	for i := 0; i < 5; i++ {
		try("wrong-password").want(t, http.StatusUnauthorized)
	}
	// Even the right password waits now: the guesser cannot tell.
	try(pw).want(t, http.StatusTooManyRequests, "Too many attempts.")
	e.clock.Add(31 * time.Second)
	try(pw).want(t, http.StatusSeeOther)
}

func TestCSRFIsRequired(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pw := e.addUser("worker", "wim@example.org", "Club")
	c := e.client()
	c.get("/login")
	c.postForm("/login", url.Values{"email": {"wim@example.org"}, "password": {pw}}).want(t, http.StatusForbidden)
	c.postForm("/login", url.Values{"email": {"wim@example.org"}, "password": {pw}, "csrf": {"forged"}}).want(t, http.StatusForbidden)
	// A cross-site browser request is refused even with a token.
	page := c.get("/login")
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/login", strings.NewReader(url.Values{"email": {"wim@example.org"}, "password": {pw}, "csrf": {page.csrf(t)}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	c.do(req).want(t, http.StatusForbidden)
}

func TestPasswordChangeLogsOutEverywhere(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("worker", "Club")
	c.get("/staff").want(t, http.StatusOK)
	users, _ := e.store.Users(context.Background())
	if err := e.store.SetPassword(context.Background(), users[0].ID, "$argon2id$v=19$m=8,t=1,p=1$AAAA$AAAA"); err != nil {
		t.Fatal(err)
	}
	c.get("/staff").want(t, http.StatusSeeOther)
}

func TestStaffSessionTimesOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("analyst", "Stad")
	e.clock.Add(90 * time.Minute)
	c.get("/staff").want(t, http.StatusOK)
	e.clock.Add(2*time.Hour + time.Minute)
	c.get("/staff").want(t, http.StatusSeeOther) // idle too long
}

func TestLoginRedirectStaysOnSite(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for i, next := range []string{"https://evil.example/", "//evil.example/", "/\\evil.example",
		"/\t/evil.example/", "/\n/evil.example/", "/ /evil.example", "/\r//evil.example", "/x\\..\\\\evil.example"} {
		email := fmt.Sprintf("w%d@example.org", i)
		pw := e.addUser("worker", email, "Club")
		c := e.client()
		page := c.get("/login")
		r := c.postForm("/login", url.Values{"email": {email}, "password": {pw}, "next": {next}, "csrf": {page.csrf(t)}})
		r.want(t, http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != "/staff" {
			t.Errorf("next %q: Location %q, want /staff", next, loc)
		}
	}
	// As a link would carry it: the login form keeps only a same-site path.
	e.client().get("/login?next=/%09/evil.example/").want(t, http.StatusOK, `name="next" value="/staff"`)
}
