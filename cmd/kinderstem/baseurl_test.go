package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The address the worker's page tells children to type comes from
// --base-url, or else from the listen address (so the two-command start
// shows a working address), never from the request's Host. The first is
// the shared first start's page; the second a restart of its copy.
func TestSessionPageShowsTheConfiguredAddress(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts serve with the demo, then a copy of its database; runs without -short")
	}
	first := sharedDemo(t)
	s := startServe(t, "--db", copyDemo(t), "--no-demo", "--base-url", "https://kinderstem.example.org/")
	withBase := s.workerSessionPage(t, "evil.example", first.out)
	s.stop(t)
	for _, c := range []struct {
		name, page, want string
	}{
		{"listen address", first.sessionPage, strings.TrimPrefix(first.url, "http://")},
		{"--base-url", withBase, "kinderstem.example.org"},
	} {
		if want := "naar " + c.want + " en typ"; !strings.Contains(c.page, want) {
			t.Errorf("%s: the session page lacks %q:\n%s", c.name, want, c.page)
		}
		if strings.Contains(c.page, "evil.example") {
			t.Errorf("%s: the session page shows the request's Host", c.name)
		}
	}
}

// workerSessionPage logs in as the demo's youth worker, whose password
// is in printed (the first start's output), and returns the page of the
// demo session, asked for with the Host header host.
func (s *serveRun) workerSessionPage(tb testing.TB, host, printed string) string {
	tb.Helper()
	pw := regexp.MustCompile(`worker@\S+\s+password: (\S+)`).FindStringSubmatch(printed)
	if pw == nil {
		tb.Fatalf("no demo worker password in:\n%s", printed)
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
