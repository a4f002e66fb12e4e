package loadtest_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/loadtest"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
	"github.com/kinderstem/kinderstem/internal/web"
)

// dayApp is the real application on a fresh database, served over
// loopback, with two youth workers and an analyst.
type dayApp struct {
	st                *store.Store
	workers, analysts []loadtest.Account
	cfg               loadtest.DayConfig // URL, accounts and catalog filled in
}

func newDayApp(tb testing.TB) *dayApp {
	tb.Helper()
	ctx := context.Background()
	st, _, cat, bundle := testkit.OpenCatalogStore(tb, store.Options{})
	org, _ := st.CreateOrganisation(ctx, "School", "school")
	d := &dayApp{st: st}
	for i, role := range []string{"worker", "worker", "analyst"} {
		email := []string{"w1@example.org", "w2@example.org", "a@example.org"}[i]
		hash, _ := testkit.Passwords.Hash("a long test password")
		if err := st.CreateUser(ctx, &store.User{OrganisationID: org, Email: email, Role: role, PasswordHash: hash}); err != nil {
			tb.Fatal(err)
		}
		a := loadtest.Account{Email: email, Password: "a long test password"}
		if role == "worker" {
			d.workers = append(d.workers, a)
		} else {
			d.analysts = append(d.analysts, a)
		}
	}
	app, err := web.New(web.Deps{Store: st, Catalog: cat, Locales: bundle, Assets: kinderstem.Assets(), Keys: testkit.Keys(tb), Log: slog.New(slog.DiscardHandler),
		Config: web.Config{ClientRate: 1 << 30, Passwords: testkit.Passwords}})
	if err != nil {
		tb.Fatal(err)
	}
	ix, err := indicator.Load(ctx, st, cat)
	if err != nil {
		tb.Fatal(err)
	}
	app.SetIndex(ix)
	srv := httptest.NewServer(app.Handler())
	tb.Cleanup(srv.Close)
	d.cfg = loadtest.DayConfig{URL: srv.URL, Workers: d.workers, Analysts: d.analysts, Catalog: cat}
	return d
}

// A short day against the real application: workers open sessions
// through the staff pages, every child is acknowledged once and stored,
// every class is closed and published, and no request gets a 5xx.
//
// What a day promises does not depend on the machine's speed: a class
// whose worker could not open its session before the day ended does not
// start, and every class that started finishes. So the test holds the day
// to that, not to a number of classes in a number of seconds; with seed 3
// the classes start 0.7%, 8% and 36% into a 6-s day, so on any machine
// that answers a form in a few seconds all three run. How fast the day's
// requests are answered is BenchmarkDayAgainstTheApp's.
func TestDayAgainstTheApp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newDayApp(t)
	cfg := d.cfg
	cfg.Classes, cfg.ClassSize, cfg.Duration, cfg.Seed = 3, 12, 6*time.Second, 3
	rep, err := loadtest.Day(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rep.ClassesStarted == 0 {
		t.Fatal("no class started: no worker could open a session in the whole day")
	}
	if rep.ClassesDone != rep.ClassesStarted {
		t.Errorf("%d classes started, %d closed and published", rep.ClassesStarted, rep.ClassesDone)
	}
	want := rep.ClassesStarted * int64(cfg.ClassSize)
	if rep.Acknowledged != want || int64(len(rep.AckedIDs())) != want {
		t.Fatalf("%d classes of %d started, %d children acknowledged (%d ids); want %d", rep.ClassesStarted, cfg.ClassSize, rep.Acknowledged, len(rep.AckedIDs()), want)
	}
	for _, r := range rep.Routes.Report() {
		if r.Errors() > 0 || r.Failures > 0 {
			t.Errorf("%s: %d errors, %d without an answer", r.Route, r.Errors(), r.Failures)
		}
	}
	n, err := d.st.SurveyCounts(ctx)
	if err != nil || int64(n["wellbeing"]) != want {
		t.Fatalf("stored %v, %v; want %d wellbeing submissions", n, err, want)
	}
	t.Logf("%d of %d classes started in the day, all closed and published", rep.ClassesStarted, cfg.Classes)
}

// BenchmarkDayAgainstTheApp plays a day of three classes of 25 per
// iteration and reports how fast the app answered the routes a class
// waits on: a child's submission and the worker's new session (p50 and
// p99, in ms). Run it with -benchtime 1x; a day lasts its 10 s whatever
// the machine.
func BenchmarkDayAgainstTheApp(b *testing.B) {
	d := newDayApp(b)
	cfg := d.cfg
	cfg.Classes, cfg.ClassSize, cfg.Duration = 3, 25, 10*time.Second
	var p50, p99 [2]time.Duration
	routes := [2]string{"POST /api/v1/sessions/:code/submissions", "POST /sessions"}
	for i := 0; b.Loop(); i++ {
		cfg.Seed = uint64(i + 1)
		rep, err := loadtest.Day(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range rep.Routes.Report() {
			for k, name := range routes {
				if r.Route == name {
					p50[k], p99[k] = max(p50[k], r.P50), max(p99[k], r.P99)
				}
			}
		}
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(p50[0]), "submit-p50-ms")
	b.ReportMetric(ms(p99[0]), "submit-p99-ms")
	b.ReportMetric(ms(p50[1]), "open-p50-ms")
	b.ReportMetric(ms(p99[1]), "open-p99-ms")
}
