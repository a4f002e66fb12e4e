package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"

	"github.com/kinderstem/kinderstem/internal/web"
)

// labelValues gathers every value of label name across the registry's
// series of family fam.
func labelValues(tb testing.TB, e *env, fam, name string) map[string]bool {
	tb.Helper()
	mfs, err := e.metrics.Registry().Gather()
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]bool{}
	for _, mf := range mfs {
		if mf.GetName() != fam {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, lp := range m.GetLabel() {
				if lp.GetName() == name {
					out[lp.GetValue()] = true
				}
			}
		}
	}
	return out
}

// counter reads one series of a counter family by its labels.
func counter(tb testing.TB, e *env, fam string, labels ...string) float64 {
	tb.Helper()
	mfs, err := e.metrics.Registry().Gather()
	if err != nil {
		tb.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != fam {
			continue
		}
	series:
		for _, m := range mf.GetMetric() {
			for i := 0; i+1 < len(labels); i += 2 {
				if !hasLabel(m, labels[i], labels[i+1]) {
					continue series
				}
			}
			return m.GetCounter().GetValue()
		}
	}
	return 0
}

func hasLabel(m *dto.Metric, name, value string) bool {
	for _, lp := range m.GetLabel() {
		if lp.GetName() == name && lp.GetValue() == value {
			return true
		}
	}
	return false
}

// The metrics pass Prometheus's own lint (names, units, help), count
// requests by route template with no session code in any label, and
// count refused submissions by reason.
func TestMetricsNamesAndLabels(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) { c.ClientRate, c.SessionRate = 1<<20, 1<<20 })
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	c := e.client()
	api := "/api/v1/sessions/" + sess.Code + "/submissions"
	c.postJSON(api, fmt.Sprintf(validJSON, uid(1), "nl")).want(t, http.StatusCreated)
	c.postJSON(api, fmt.Sprintf(validJSON, uid(1), "nl")).want(t, http.StatusOK)
	c.postJSON(api, strings.Replace(fmt.Sprintf(validJSON, uid(2), "nl"), `"life_satisfaction":8`, `"life_satisfaction":99`, 1)).want(t, http.StatusUnprocessableEntity)
	c.postJSON("/api/v1/sessions/ZZZZZZ/submissions", fmt.Sprintf(validJSON, uid(3), "nl")).want(t, http.StatusNotFound)
	c.get("/s/"+sess.Code).want(t, http.StatusOK)
	c.get("/no/such/" + sess.Code)

	problems, err := testutil.GatherAndLint(e.metrics.Registry())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
	mfs, _ := e.metrics.Registry().Gather()
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			for _, lp := range m.GetLabel() {
				if strings.Contains(lp.GetValue(), sess.Code) {
					t.Errorf("%s{%s=%q} carries the session code", mf.GetName(), lp.GetName(), lp.GetValue())
				}
			}
		}
	}
	for _, tc := range []struct {
		labels []string
		want   float64
	}{
		{[]string{"method", "POST", "route", "/api/v1/sessions/:code/submissions", "status", "201"}, 1},
		{[]string{"method", "POST", "route", "/api/v1/sessions/:code/submissions", "status", "200"}, 1},
		{[]string{"method", "GET", "route", "/s/:code", "status", "200"}, 1},
		{[]string{"method", "GET", "route", "unmatched", "status", "404"}, 1},
	} {
		if got := counter(t, e, "kinderstem_http_requests_total", tc.labels...); got != tc.want {
			t.Errorf("kinderstem_http_requests_total%v = %v, want %v", tc.labels, got, tc.want)
		}
	}
	for reason, want := range map[string]float64{"invalid": 1, "unknown_code": 1, "closed": 0, "rate_limited": 0} {
		if got := counter(t, e, "kinderstem_submissions_refused_total", "reason", reason); got != want {
			t.Errorf("refused{reason=%q} = %v, want %v", reason, got, want)
		}
	}
}

// Rate limits and staff logins are counted by which limit and which
// outcome, never by who.
func TestMetricsRateLimitsAndLogins(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) { c.ClientRate, c.SessionRate = 1, 1 })
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	c := e.client()
	api := "/api/v1/sessions/" + sess.Code + "/submissions"
	limited := 0
	for i := 0; i < 80 && limited == 0; i++ {
		if r := c.postJSON(api, fmt.Sprintf(validJSON, uid(100+i), "nl")); r.StatusCode == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("no submission was rate limited")
	}
	if got := counter(t, e, "kinderstem_rate_limit_refusals_total", "limit", "client"); got < 1 {
		t.Errorf("rate_limit_refusals_total{limit=client} = %v, want ≥ 1", got)
	}
	if got := counter(t, e, "kinderstem_submissions_refused_total", "reason", "rate_limited"); got < 1 {
		t.Errorf("submissions_refused_total{reason=rate_limited} = %v, want ≥ 1", got)
	}
	e.addUser("worker", "w@example.org", "Org")
	page := c.get("/login")
	c.postForm("/login", url.Values{"csrf": {page.csrf(t)}, "email": {"w@example.org"}, "password": {"wrong password"}}).want(t, http.StatusUnauthorized)
	if got := counter(t, e, "kinderstem_logins_total", "outcome", "failed"); got != 1 {
		t.Errorf("logins_total{outcome=failed} = %v, want 1", got)
	}
}

// However odd the path and method, a request adds no label value of its
// own: routes are the table's templates or "unmatched", methods a short
// list.
func FuzzMetricsLabelsBounded(f *testing.F) {
	for _, s := range []string{"/s/ABCDEF", "/api/v1/sessions/K7PX3M/submissions", "/%2e%2e/etc/passwd", "/static/../x", "/sessions/1/../../admin",
		"/i/" + strings.Repeat("x", 300), "/r/secret?lang=nl", "//double", "/api/v1/../healthz"} {
		f.Add("GET", s)
		f.Add("POST", s)
	}
	f.Add("BREW", "/")
	e := newEnv(f)
	routes := map[string]bool{"unmatched": true}
	for _, r := range e.app.Routes() {
		routes[r.Path] = true
	}
	methods := map[string]bool{"GET": true, "HEAD": true, "POST": true, "PUT": true, "DELETE": true, "OPTIONS": true, "PATCH": true, "other": true}
	f.Fuzz(func(t *testing.T, method, path string) {
		req, err := http.NewRequest(method, e.srv.URL+"/", nil)
		if err != nil {
			return // not a method or URL a client can send
		}
		req.URL.Opaque = path // sent as written, not cleaned by the client
		resp, err := e.srv.Client().Do(req)
		if err == nil {
			resp.Body.Close()
		}
		for r := range labelValues(t, e, "kinderstem_http_requests_total", "route") {
			if !routes[r] {
				t.Fatalf("route label %q is not a route template (%s %q)", r, method, path)
			}
		}
		for m := range labelValues(t, e, "kinderstem_http_requests_total", "method") {
			if !methods[m] {
				t.Fatalf("method label %q (%s %q)", m, method, path)
			}
		}
	})
}

// A thousand different paths and methods leave the number of series
// bounded by the route table, not by the requests.
func TestMetricsSeriesBoundedUnderManyPaths(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	for i := 0; i < 1000; i++ {
		path := fmt.Sprintf("/s/C%05d/%x", i, i*7919)
		if i%3 == 0 {
			path = fmt.Sprintf("/api/v1/sessions/X%05d", i)
		}
		if i%5 == 0 {
			path = fmt.Sprintf("/n%d", i)
		}
		req, _ := http.NewRequest([]string{"GET", "POST", "PUT", "FROB"}[i%4], e.srv.URL+path, nil)
		c.do(req)
	}
	routes := labelValues(t, e, "kinderstem_http_requests_total", "route")
	if len(routes) > 10 {
		t.Fatalf("%d route label values after 1000 distinct paths: %v", len(routes), routes)
	}
	if n := testutil.CollectAndCount(e.metrics.Registry(), "kinderstem_http_requests_total"); n > 40 {
		t.Fatalf("%d series of kinderstem_http_requests_total after 1000 distinct paths", n)
	}
}
