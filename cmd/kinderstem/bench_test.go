package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/loadtest"
)

// A run that mostly met the rate limits says so, and how to lift them.
func TestBenchReportNamesRateLimits(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		byStatus map[int]int
		warned   bool
	}{
		{map[int]int{201: 950, 200: 50}, false},
		{map[int]int{201: 95, 429: 5}, false},
		{map[int]int{201: 18, 429: 982}, true},
	} {
		r := &loadtest.Report{ByStatus: tc.byStatus}
		for _, n := range tc.byStatus {
			r.Requests += n
		}
		var out bytes.Buffer
		printReport(&out, r)
		if got := strings.Contains(out.String(), "--rate-session"); got != tc.warned {
			t.Errorf("%v: warned %v, want %v:\n%s", tc.byStatus, got, tc.warned, out.String())
		}
	}
}

// bench --sessions opens sessions in the running server's database and
// spreads its children over them, and the ceiling over as many.
func TestBenchSpreadsOverSessions(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("loads a served demo database; runs without -short")
	}
	db := copyDemo(t)
	srv := startServe(t, "--db", db, "--no-demo", "--rate-client", "100000000", "--rate-session", "100000000")
	defer srv.stop(t)
	var out bytes.Buffer
	err := run(context.Background(), []string{"bench", "--url", srv.url, "--sessions", "40", "--children", "5", "--db", db,
		"--clients", "4", "--duration", "1m", "--max", "200", "--replays", "0", "--invalid", "0"}, env(nil), strings.NewReader(""), &out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"Opened 40 sessions of wellbeing", "acknowledged:", "over 40 sessions", "app/ceiling:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	err = run(context.Background(), []string{"bench", "--url", srv.url, "--sessions", "3"}, env(nil), strings.NewReader(""), &out)
	if err == nil || !strings.Contains(err.Error(), "--db") {
		t.Errorf("--sessions without --db: %v", err)
	}
}
