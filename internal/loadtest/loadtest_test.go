package loadtest_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/loadtest"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
	"github.com/kinderstem/kinderstem/internal/web"
)

// A short, bounded run against the real application: every acknowledged
// submission is stored once, replays are answered 200, wrong answers 422.
func TestRunAgainstTheApp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, dbPath, cat, bundle := testkit.OpenCatalogStore(t, store.Options{})
	org, _ := st.CreateOrganisation(ctx, "o", "ngo")
	s, _ := cat.Survey("participation")
	sess := &store.Session{OrganisationID: org, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash, AgeBand: "10-13", Lang: "nl",
		Setting: "youth_care", Region: "gent", ClosesAt: time.Now().Add(time.Hour), ResultsUntil: time.Now().Add(time.Hour)}
	st.CreateSession(ctx, sess)
	app, err := web.New(web.Deps{Store: st, Catalog: cat, Locales: bundle, Assets: kinderstem.Assets(), Keys: testkit.Keys(t), Log: slog.New(slog.DiscardHandler),
		Config: web.Config{ClientRate: 1 << 30, SessionRate: 1 << 30}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler())
	defer srv.Close()
	rep, err := loadtest.Run(ctx, cat, loadtest.Config{URL: srv.URL, Code: sess.Code, Clients: 4, Duration: time.Minute, Max: 400, Replays: 0.1, Invalid: 0.1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Requests != 400 || rep.ByStatus[201] == 0 || rep.ByStatus[200] == 0 || rep.ByStatus[422] == 0 || rep.Failures != 0 {
		t.Fatalf("report %+v", rep)
	}
	n, _ := st.CountSubmissions(ctx, sess.ID)
	if n != rep.Created {
		t.Fatalf("%d stored, %d created", n, rep.Created)
	}
	before, _ := st.SurveyCounts(ctx)
	// The ceiling stops at its 200 submissions; the minute only bounds a
	// run that hangs (a second was too short under the race detector on a
	// loaded machine: none stored, a rate of 0).
	for _, from := range []string{"", dbPath} {
		rate, err := loadtest.Ceiling(ctx, cat, t.TempDir(), from, loadtest.Shape{Survey: s.ID, Band: "10-13", Setting: "school"}, 4, time.Minute, 200)
		if err != nil || rate <= 0 {
			t.Fatalf("ceiling from %q: %.0f/s, %v", from, rate, err)
		}
	}
	// The ceiling writes into a copy; the server's file is left as it was.
	if after, _ := st.SurveyCounts(ctx); after[s.ID] != before[s.ID] || before[s.ID] != n {
		t.Fatalf("the ceiling run changed the server's database: %d submissions, was %d", after[s.ID], before[s.ID])
	}
}

// Children are spread over many sessions, a session's worth at a time,
// as on a school day, in the run and in its ceiling alike.
func TestRunSpreadsOverSessions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, _, cat, bundle := testkit.OpenCatalogStore(t, store.Options{})
	codes, err := loadtest.OpenSessions(ctx, st, cat, "wellbeing", 12)
	if err != nil {
		t.Fatal(err)
	}
	app, err := web.New(web.Deps{Store: st, Catalog: cat, Locales: bundle, Assets: kinderstem.Assets(), Keys: testkit.Keys(t), Log: slog.New(slog.DiscardHandler),
		Config: web.Config{ClientRate: 1 << 30, SessionRate: 1 << 30}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler())
	defer srv.Close()
	rep, err := loadtest.Run(ctx, cat, loadtest.Config{URL: srv.URL, Codes: codes, Children: 5, Clients: 4, Duration: time.Minute, Max: 120, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 120 || rep.Sessions != 12 {
		t.Fatalf("report %+v", rep)
	}
	bands, settings := map[string]bool{}, map[string]bool{}
	for _, code := range codes {
		sess, err := st.SessionByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		bands[sess.AgeBand], settings[sess.Setting] = true, true
		// 120 children, 5 to a session in turn: two turns of 12 sessions.
		if n, _ := st.CountSubmissions(ctx, sess.ID); n != 10 {
			t.Errorf("session %s: %d children, want 10", code, n)
		}
	}
	if len(bands) < 2 || len(settings) < 2 {
		t.Errorf("the sessions are all alike: bands %v, settings %v", bands, settings)
	}
	rate, err := loadtest.Ceiling(ctx, cat, t.TempDir(), "", loadtest.Shape{Survey: "wellbeing", Sessions: 12, Children: 5}, 4, time.Minute, 120)
	if err != nil || rate <= 0 {
		t.Fatalf("ceiling over sessions: %.0f/s, %v", rate, err)
	}
}

func TestRunRefusesOtherMachines(t *testing.T) {
	t.Parallel()
	_, err := loadtest.Run(context.Background(), nil, loadtest.Config{URL: "http://192.0.2.10:8080", Code: "AAAAAA", Clients: 1, Duration: time.Second})
	if err == nil {
		t.Fatal("the load tool would send traffic off this machine")
	}
}
