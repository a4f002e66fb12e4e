package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/testkit"
	"github.com/kinderstem/kinderstem/internal/web"
)

// The attacks of the attack table on the analysts' tables and the group's
// published results.

// Averaging over equivalent queries: the same children asked for in other
// words (a filter that keeps everyone, another parameter order, a one-way
// breakdown's margin) get the same noise, so averaging many answers
// learns nothing a single one does not say.
func attackAveragingEquivalentQueries(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	school := e.openSession("wellbeing", "10-13", "nl", "school")
	e.children(t, school, "averaging", append(many(40, "girl", "nl"), many(35, "boy", "nl")...))
	analyst := e.login("analyst", "Stad")
	total := func(query string) (int, float64) {
		var out apiResult
		r := analyst.get("/api/v1/indicators?" + query)
		r.want(t, http.StatusOK)
		if err := json.Unmarshal([]byte(r.body), &out); err != nil || len(out.Indicators) != 1 || out.Indicators[0].Total.N == nil {
			t.Fatalf("?%s: %v %s", query, err, r.body)
		}
		return *out.Indicators[0].Total.N, *out.Indicators[0].Total.Value
	}
	n0, v0 := total("survey=wellbeing&indicator=life_satisfied")
	for _, q := range []string{
		"indicator=life_satisfied&survey=wellbeing",
		"survey=wellbeing&indicator=life_satisfied&from=2000-01",
		"survey=wellbeing&indicator=life_satisfied&to=2199-12&setting=school",
		"survey=wellbeing&indicator=life_satisfied&region=oost-vlaanderen",
		"survey=wellbeing&indicator=life_satisfied&by=gender",
		"survey=wellbeing&indicator=life_satisfied&age_band=10-13",
	} {
		if n, v := total(q); n != n0 || v != v0 {
			t.Errorf("?%s: n %d value %v; the same children asked plainly: n %d value %v", q, n, v, n0, v0)
		}
	}
}

// A threshold raised since a group's results were published applies to
// what was published: a group of 6 published under k = 5 is not shown
// once the server runs with k = 10.
func attackRepublishUnderRaisedK(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) { c.K = 5 })
	w := e.login("worker", "Testclub")
	id, code := w.closedSession(t, 6)
	sid, _ := strconv.ParseInt(id, 10, 64)
	e.publish(t, w, sid, 6).want(t, http.StatusSeeOther)
	e.client().get("/s/"+code).want(t, http.StatusOK, `class="results-list"`)
	later := e.withConfig(t, func(c *web.Config) { c.K = 10 })
	if r := later.client().get("/s/" + code); strings.Contains(r.body, `class="results-list"`) {
		t.Error("a group of 6 published under k = 5 is shown under k = 10")
	}
}

// withConfig is a second server on the same database with another
// configuration, as after a restart with other flags.
func (e *env) withConfig(t *testing.T, configure func(*web.Config)) *env {
	t.Helper()
	cfg := web.Config{Passwords: testkit.Passwords}
	configure(&cfg)
	app, err := web.New(web.Deps{Store: e.store, Catalog: e.catalog, Locales: e.locales, Assets: kinderstem.Assets(), Keys: testkit.Keys(t), Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := indicator.Load(context.Background(), e.store, e.catalog, indicator.WithRecordKey([]byte("the tests' record key")))
	if err != nil {
		t.Fatal(err)
	}
	app.SetIndex(ix)
	srv := httptest.NewServer(app.Handler())
	t.Cleanup(srv.Close)
	return &env{t: t, app: app, path: e.path, store: e.store, catalog: e.catalog, locales: e.locales, srv: srv, clock: e.clock, logs: e.logs}
}
