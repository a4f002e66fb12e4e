package metrics_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/kinderstem/kinderstem/internal/metrics"
)

type fakeStore struct {
	queued  int
	db, wal int64
	full    error
}

func (f fakeStore) Queued() int                      { return f.queued }
func (f fakeStore) FileSizes() (int64, int64, error) { return f.db, f.wal, nil }
func (f fakeStore) Writable() error                  { return f.full }

// Every metric, with the store's and the drill's gauges added, passes
// Prometheus's lint, and the gauges read what they watch.
func TestEveryMetricPassesLint(t *testing.T) {
	m := metrics.New()
	m.WatchStore(fakeStore{queued: 3, db: 4096, wal: 8192, full: errors.New("full")})
	success := time.Unix(1_800_000_000, 0)
	m.WatchDrill(func() (time.Time, time.Time, bool) { return success.Add(time.Hour), success, false })
	m.WatchErasure(func() (time.Time, int) { return success, 2 })
	m.Request("GET", "/s/:code", 200, time.Millisecond)
	m.Batch(10, 8, 2, 3*time.Millisecond)
	m.Refused(http.StatusUnprocessableEntity)
	m.RateLimited("client")
	m.Login("ok")
	m.IndexBuilt(2*time.Second, 1<<20)
	problems, err := testutil.GatherAndLint(m.Registry())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
	want := `
# HELP kinderstem_restore_drill_last_success_timestamp_seconds When the restore drill last passed (Unix time), 0 when never.
# TYPE kinderstem_restore_drill_last_success_timestamp_seconds gauge
kinderstem_restore_drill_last_success_timestamp_seconds 1.8e+09
# HELP kinderstem_storage_full 1 while the last write failed because the disk or the file is full (children are told to try again), else 0.
# TYPE kinderstem_storage_full gauge
kinderstem_storage_full 1
# HELP kinderstem_wal_size_bytes Size of the SQLite write-ahead log; one that only grows means a checkpoint cannot finish.
# TYPE kinderstem_wal_size_bytes gauge
kinderstem_wal_size_bytes 8192
# HELP kinderstem_submissions_total Children's submissions acknowledged by the writer: stored new, or already received (a replay).
# TYPE kinderstem_submissions_total counter
kinderstem_submissions_total{outcome="already_received"} 2
kinderstem_submissions_total{outcome="stored"} 8
# HELP kinderstem_voice_erase_failed Children's views due for erasure that the last pass could not erase (tried again at the next), -1 when it could not list them.
# TYPE kinderstem_voice_erase_failed gauge
kinderstem_voice_erase_failed 2
`
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want), "kinderstem_restore_drill_last_success_timestamp_seconds",
		"kinderstem_storage_full", "kinderstem_wal_size_bytes", "kinderstem_submissions_total", "kinderstem_voice_erase_failed"); err != nil {
		t.Error(err)
	}
}

// Values from outside the code (a method, a limit's or an outcome's
// name) fall into "other"; a status becomes a reason from a short list.
func TestLabelValuesAreClosedSets(t *testing.T) {
	m := metrics.New()
	m.Request("BREW", "", 999, 0)
	m.RateLimited("anything")
	m.Login("anything")
	for _, tc := range []struct {
		fam, label, want string
	}{
		{"kinderstem_http_requests_total", "method", "other"},
		{"kinderstem_http_requests_total", "route", "unmatched"},
		{"kinderstem_http_requests_total", "status", "0"},
		{"kinderstem_rate_limit_refusals_total", "limit", "other"},
		{"kinderstem_logins_total", "outcome", "other"},
	} {
		mfs, _ := m.Registry().Gather()
		found := false
		for _, mf := range mfs {
			for _, s := range mf.GetMetric() {
				for _, lp := range s.GetLabel() {
					if mf.GetName() == tc.fam && lp.GetName() == tc.label && lp.GetValue() == tc.want {
						found = true
					}
				}
			}
		}
		if !found {
			t.Errorf("%s{%s=%q} not found", tc.fam, tc.label, tc.want)
		}
	}
	for status, reason := range map[int]string{400: "invalid", 422: "invalid", 404: "unknown_code", 409: "closed", 410: "closed",
		429: "rate_limited", 413: "too_large", 503: "unavailable", 500: "other", 418: "other"} {
		if got := metrics.RefusalReason(status); got != reason {
			t.Errorf("RefusalReason(%d) = %q, want %q", status, got, reason)
		}
	}
}
