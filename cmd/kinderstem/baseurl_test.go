package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The address the worker's page tells children to type comes from
// --base-url, or else from the listen address (so the two-command start
// shows a working address), never from the request's Host.
func TestSessionPageShowsTheConfiguredAddress(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts serve with the demo once per address; runs without -short")
	}
	for _, c := range []struct {
		args []string
		want func(s *serveRun) string
	}{
		{nil, func(s *serveRun) string { return strings.TrimPrefix(s.url, "http://") }},
		{[]string{"--base-url", "https://kinderstem.example.org/"}, func(*serveRun) string { return "kinderstem.example.org" }},
	} {
		s := startServe(t, append([]string{"--db", filepath.Join(t.TempDir(), "k.db")}, c.args...)...)
		page := s.workerSessionPage(t, "evil.example")
		s.stop(t)
		if want := "naar " + c.want(s) + " en typ"; !strings.Contains(page, want) {
			t.Errorf("%v: the session page lacks %q:\n%s", c.args, want, page)
		}
		if strings.Contains(page, "evil.example") {
			t.Errorf("%v: the session page shows the request's Host", c.args)
		}
	}
}

// workerSessionPage logs in as the demo's youth worker and returns the
// page of the demo session, asked for with the Host header host.
func (s *serveRun) workerSessionPage(tb testing.TB, host string) string {
	tb.Helper()
	pw := regexp.MustCompile(`worker@\S+\s+password: (\S+)`).FindStringSubmatch(s.out.String())
	if pw == nil {
		tb.Fatalf("no demo worker password in:\n%s", s.out)
	}
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar}
	body := func(req *http.Request) string {
		resp, err := hc.Do(req)
		if err != nil {
			tb.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	get := func(path string) *http.Request {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, s.url+path, nil)
		return req
	}
	login := body(get("/login"))
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(login)
	form := url.Values{"email": {strings.Fields(pw[0])[0]}, "password": {pw[1]}, "csrf": {csrf[1]}, "next": {"/sessions"}}
	req, _ := http.NewRequest(http.MethodPost, s.url+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	list := body(req)
	id := regexp.MustCompile(`href="/sessions/(\d+)"`).FindStringSubmatch(list)
	if id == nil {
		tb.Fatalf("no session on the worker's list:\n%s", list)
	}
	req = get("/sessions/" + id[1])
	for _, ck := range jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	req.Host = host
	return body(req)
}
