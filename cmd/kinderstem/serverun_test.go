package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/indicator"
)

// serveRun is a run of "kinderstem serve" in the background.
type serveRun struct {
	url    string
	out    *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// startServe runs serve with args on a random port and waits until the
// indicator index is ready (and the demo group's results are published).
func startServe(tb testing.TB, args ...string) *serveRun {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &serveRun{out: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	go func() {
		s.done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), env(nil), strings.NewReader(""), s.out)
	}()
	s.url = waitFor(tb, s.out, runningAt)[1]
	waitFor(tb, s.out, regexp.MustCompile("indicator index ready"))
	return s
}

func (s *serveRun) stop(tb testing.TB) {
	tb.Helper()
	s.cancel()
	select {
	case err := <-s.done:
		if err != nil {
			tb.Fatalf("serve returned %v", err)
		}
	case <-time.After(30 * time.Second):
		tb.Fatal("serve did not stop")
	}
}

func (s *serveRun) get(tb testing.TB, path string) string {
	tb.Helper()
	resp, err := http.Get(s.url + path)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: %d\n%s", path, resp.StatusCode, b)
	}
	return string(b)
}

// Serve writes the index's snapshot beside the database, private, when it
// stops, and the next start reads it instead of every answer.
func TestServeKeepsTheIndexSnapshot(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts serve with the demo twice; runs without -short")
	}
	db := filepath.Join(t.TempDir(), "k.db")
	first := startServe(t, "--db", db)
	if !strings.Contains(first.out.String(), "from_snapshot=false") {
		t.Fatalf("a first start read a snapshot:\n%s", first.out)
	}
	first.stop(t)
	fi, err := os.Stat(indicator.SnapshotPath(db))
	if err != nil {
		t.Fatalf("no snapshot after a stop: %v\n%s", err, first.out)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("the snapshot is %v, want 0600", fi.Mode().Perm())
	}
	second := startServe(t, "--db", db)
	defer second.stop(t)
	if out := second.out.String(); !strings.Contains(out, "from_snapshot=true") || strings.Contains(out, "snapshot not used") {
		t.Fatalf("the second start did not read the snapshot:\n%s", out)
	}
}
