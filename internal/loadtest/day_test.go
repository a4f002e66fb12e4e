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

// A short day against the real application: workers open sessions
// through the staff pages, every child is acknowledged once and stored,
// every class is closed and published, and no request gets a 5xx.
func TestDayAgainstTheApp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, _, cat, bundle := testkit.OpenCatalogStore(t, store.Options{})
	org, _ := st.CreateOrganisation(ctx, "School", "school")
	var workers, analysts []loadtest.Account
	for i, role := range []string{"worker", "worker", "analyst"} {
		email := []string{"w1@example.org", "w2@example.org", "a@example.org"}[i]
		hash, _ := testkit.Passwords.Hash("a long test password")
		if err := st.CreateUser(ctx, &store.User{OrganisationID: org, Email: email, Role: role, PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
		a := loadtest.Account{Email: email, Password: "a long test password"}
		if role == "worker" {
			workers = append(workers, a)
		} else {
			analysts = append(analysts, a)
		}
	}
	app, err := web.New(web.Deps{Store: st, Catalog: cat, Locales: bundle, Assets: kinderstem.Assets(), Keys: testkit.Keys(t), Log: slog.New(slog.DiscardHandler),
		Config: web.Config{ClientRate: 1 << 30, Passwords: testkit.Passwords}})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := indicator.Load(ctx, st, cat)
	if err != nil {
		t.Fatal(err)
	}
	app.SetIndex(ix)
	srv := httptest.NewServer(app.Handler())
	defer srv.Close()
	rep, err := loadtest.Day(ctx, loadtest.DayConfig{URL: srv.URL, Classes: 3, ClassSize: 12, Duration: 3 * time.Second,
		Workers: workers, Analysts: analysts, Catalog: cat, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if rep.ClassesDone != 3 || rep.Acknowledged != 36 || len(rep.AckedIDs()) != 36 {
		t.Fatalf("classes done %d, acknowledged %d (%d ids); want 3 and 36", rep.ClassesDone, rep.Acknowledged, len(rep.AckedIDs()))
	}
	for _, r := range rep.Routes.Report() {
		if r.Errors() > 0 || r.Failures > 0 {
			t.Errorf("%s: %d errors, %d without an answer", r.Route, r.Errors(), r.Failures)
		}
	}
	n, err := st.SurveyCounts(ctx)
	if err != nil || n["wellbeing"] != 36 {
		t.Fatalf("stored %v, %v; want 36 wellbeing submissions", n, err)
	}
}
