package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/web"
)

// asHost sends a request with another Host header, as anyone can.
func (c *client) asHost(host, method, path string, form url.Values) *response {
	c.e.t.Helper()
	var req *http.Request
	if form != nil {
		req, _ = http.NewRequest(method, c.e.srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req, _ = http.NewRequest(method, c.e.srv.URL+path, nil)
	}
	// The jar files cookies under the Host the request names: send the
	// ones of the server's own address by hand.
	for _, ck := range c.hc.Jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	req.Host = host
	return c.do(req)
}

// The address children type and scan, professionals' personal links and
// the printed source line come from the configuration, never from the
// request's Host: a request for Host evil.example shows evil.example
// nowhere.
func TestHostHeaderIsNeverShown(t *testing.T) {
	t.Parallel()
	const evil = "evil.example"
	e := newEnvWith(t, func(c *web.Config) { c.BaseURL = "https://kinderstem.example.org/" })
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	worker := e.login("worker", "Testclub")
	page := "/sessions/" + strconv.FormatInt(sess.ID, 10)

	r := worker.asHost(evil, http.MethodGet, page, nil)
	r.want(t, http.StatusOK, "Ga naar kinderstem.example.org ")
	qr := worker.asHost(evil, http.MethodGet, page+"/qr.svg", nil)
	qr.want(t, http.StatusOK)
	if plain := worker.get(page + "/qr.svg"); plain.body != qr.body {
		t.Error("the QR code depends on the Host header")
	}
	shown := []*response{r}

	// The analyst's new round shows its invitation links.
	analyst := e.login("analyst", "Coalitie")
	rounds := analyst.get("/rounds")
	made := analyst.asHost(evil, http.MethodPost, "/rounds", url.Values{"csrf": {rounds.csrf(t)}, "survey": {"child_guarantee"},
		"kind": {"links"}, "count": {"2"}, "closes": {e.clock.Now().AddDate(0, 0, 10).Format("2006-01-02")}})
	made.want(t, http.StatusCreated, "https://kinderstem.example.org/i/")
	shown = append(shown, made)

	// A professional's personal link, shown after the first save.
	_, links := e.newRound(1, false)
	pro := e.client()
	saved := pro.asHost(evil, http.MethodPost, "/i/"+links[0], url.Values{"lang": {"nl"}, "a.org_kind": {"1"}})
	saved.want(t, http.StatusSeeOther)
	personal := pro.asHost(evil, http.MethodGet, saved.Header.Get("Location"), nil)
	personal.want(t, http.StatusOK, "https://kinderstem.example.org/r/")
	shown = append(shown, personal)

	// The source line of a printed indicator page.
	printed := analyst.asHost(evil, http.MethodGet, "/indicators", nil)
	printed.want(t, http.StatusOK, "https://kinderstem.example.org/indicators")
	shown = append(shown, printed)

	for _, r := range shown {
		if strings.Contains(r.body, evil) {
			t.Errorf("%s %s shows the Host header %s", r.Request.Method, r.Request.URL.Path, evil)
		}
	}
}

// A base URL that is not an address children can be sent to is refused
// when the server is built.
func TestBaseURLIsChecked(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"kinderstem.example.org", "ftp://x.example", "https://x.example/kinderstem", "https://x.example/?a=1", "https://user@x.example", "https://"} {
		if _, err := web.BaseURL(bad); err == nil {
			t.Errorf("base URL %q accepted", bad)
		}
	}
	for in, want := range map[string]string{"https://x.example/": "https://x.example", "http://10.0.0.5:8080": "http://10.0.0.5:8080", "http://[2001:db8::1]:8080": "http://[2001:db8::1]:8080"} {
		if got, err := web.BaseURL(in); err != nil || got != want {
			t.Errorf("BaseURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
