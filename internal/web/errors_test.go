package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web"
)

// A full database answers 503 with Retry-After, in the child's words, logs
// once rather than per request, and /healthz says the writer cannot store;
// once space is back, everything is as before.
func TestFullDiskAnswers503(t *testing.T) {
	t.Parallel()
	e := newEnvWithStore(t, store.Options{MaxPages: 1}, func(*web.Config) {})
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	c := e.client()
	api := "/api/v1/sessions/" + sess.Code + "/submissions"
	full := 0
	for i := 0; i < 200 && full < 5; i++ {
		r := c.postJSON(api+"?lang=en", fmt.Sprintf(validJSON, uid(i), "en"))
		switch r.StatusCode {
		case http.StatusCreated:
		case http.StatusServiceUnavailable:
			full++
			if r.Header.Get("Retry-After") == "" || !strings.Contains(r.body, `"code":"storage_full"`) {
				t.Fatalf("503 without Retry-After or code: %v %s", r.Header, r.body)
			}
		default:
			t.Fatalf("submission %d on a full disk: %d %s", i, r.StatusCode, r.body)
		}
	}
	if full < 5 {
		t.Fatal("the database never filled up")
	}
	form := url.Values{"id": {uid(500)}, "lang": {"en"}, "age": {"11"}, "gender": {"girl"}, "a.life_satisfaction": {"7"}}
	c.postForm("/s/"+sess.Code+"?lang=en", form).want(t, http.StatusServiceUnavailable, "We cannot save your answers right now.")
	h := c.get("/healthz")
	h.want(t, http.StatusServiceUnavailable, `"writer":"full"`)
	if n := strings.Count(e.logs.String(), "cannot store"); n != 1 {
		t.Fatalf("%d log lines for %d full-disk answers, want 1:\n%s", n, full+1, e.logs.String())
	}
}

// newEnvWithStore is newEnvWith on a store opened with opts.
func newEnvWithStore(tb testing.TB, opts store.Options, configure func(*web.Config)) *env {
	tb.Helper()
	return newEnvFull(tb, opts, configure)
}

// Odd requests get the status that says what is wrong, never a 500 or a
// swallowed error.
func TestRequestErrorsHaveTheirStatus(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Club")
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	// A 3,000-character Host header: 400, not 500 (it would go into the QR code).
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+fmt.Sprintf("/sessions/%d", sess.ID), nil)
	req.Host = strings.Repeat("a", 3000) + ".example"
	w.do(req).want(t, http.StatusBadRequest)
	// A wrong method on the API: 405 in JSON with Allow.
	c := e.client()
	req, _ = http.NewRequest(http.MethodPut, e.srv.URL+"/api/v1/sessions/"+sess.Code+"/submissions", strings.NewReader("{}"))
	r := c.do(req)
	r.want(t, http.StatusMethodNotAllowed, `"code":"method"`)
	if r.Header.Get("Allow") == "" {
		t.Error("405 without Allow")
	}
	c.get("/logout").want(t, http.StatusMethodNotAllowed)
	// A 70 KB form: 413, on a child's page and on a staff page.
	big := url.Values{"lang": {"nl"}, "pad": {strings.Repeat("x", 70<<10)}}
	c.postForm("/s/"+sess.Code, big).want(t, http.StatusRequestEntityTooLarge)
	c.postForm("/login", big).want(t, http.StatusRequestEntityTooLarge)
	// A broken form: 400, not an empty form read as valid.
	req, _ = http.NewRequest(http.MethodPost, e.srv.URL+"/s/"+sess.Code, strings.NewReader("a=%zz"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	c.do(req).want(t, http.StatusBadRequest)
	if e.count(sess.ID) != 0 {
		t.Fatal("a refused form stored something")
	}
}

// An anonymous failed login cannot write a long row into the audit log.
func TestAuditRowsAreCapped(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	page := c.get("/login")
	c.postForm("/login", url.Values{"email": {strings.Repeat("a", 60000) + "@example.org"}, "password": {"whatever-password"}, "csrf": {page.csrf(t)}}).
		want(t, http.StatusUnauthorized)
	log, _ := e.store.AuditLog(context.Background(), 0, 10)
	if len(log) == 0 || len(log[0].Target) > 300 || len(log[0].Detail) > 1100 {
		t.Fatalf("audit row of %d + %d bytes", len(log[0].Target), len(log[0].Detail))
	}
}
