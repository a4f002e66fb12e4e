package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
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
		t.Skip("starts serve with the demo, then a copy of its database; runs without -short")
	}
	first := sharedDemo(t)
	if !strings.Contains(first.out, "from_snapshot=false") {
		t.Fatalf("a first start read a snapshot:\n%s", first.out)
	}
	fi, err := os.Stat(indicator.SnapshotPath(first.db))
	if err != nil {
		t.Fatalf("no snapshot after a stop: %v\n%s", err, first.out)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("the snapshot is %v, want 0600", fi.Mode().Perm())
	}
	second := startServe(t, "--db", copyDemo(t), "--no-demo")
	defer second.stop(t)
	if out := second.out.String(); !strings.Contains(out, "from_snapshot=true") || strings.Contains(out, "snapshot not used") {
		t.Fatalf("the second start did not read the snapshot:\n%s", out)
	}
}

// demoRun is what one first start of serve with the demo, on a fresh
// database, left behind once stopped. Making the demo is the dearest part
// of a start, so the tests that only read what a first start leaves
// share one (sharedDemo) and start a copy of its files without the demo
// (copyDemo) where they need a server.
type demoRun struct {
	db          string                 // the stopped database; never started again
	code        string                 // the demo session's code, open in the copies too
	url, out    string                 // where it ran and what it printed
	modes       map[string]os.FileMode // the database's files while it ran
	sessionPage string                 // the demo session's page for its worker, asked for with Host evil.example
	loopCode    string                 // the demo loop group's session code
	loopPage    string                 // that group's results page, its one-time tokens removed
}

var demoShared struct {
	sync.Mutex
	run   *demoRun
	tried bool
}

// sharedDemo returns the shared first start, making it on first use.
func sharedDemo(tb testing.TB) *demoRun {
	tb.Helper()
	demoShared.Lock()
	defer demoShared.Unlock()
	if demoShared.run == nil {
		if demoShared.tried {
			tb.Fatal("the shared first start with the demo failed in another test")
		}
		demoShared.tried = true
		demoShared.run = newDemoRun(tb)
	}
	return demoShared.run
}

func newDemoRun(tb testing.TB) *demoRun {
	tb.Helper()
	dir, err := os.MkdirTemp(binDir, "demo-")
	if err != nil {
		tb.Fatal(err)
	}
	d := &demoRun{db: filepath.Join(dir, "k.db"), modes: map[string]os.FileMode{}}
	s := startServe(tb, "--db", d.db)
	for _, p := range []string{d.db, d.db + "-wal", d.db + "-shm", d.db + ".keys"} {
		if st, err := os.Stat(p); err == nil {
			d.modes[p] = st.Mode().Perm()
		}
	}
	d.sessionPage = s.workerSessionPage(tb, "evil.example", s.out.String())
	d.loopCode = queryDB(tb, d.db, `SELECT code FROM sessions WHERE id = (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'demo_loop_session')`)
	d.loopPage = oneTimeTokens.ReplaceAllString(s.get(tb, "/s/"+d.loopCode), "")
	s.stop(tb)
	d.url, d.out = s.url, s.out.String()
	m := demoCode.FindStringSubmatch(d.out)
	if m == nil {
		tb.Fatalf("no demo session code:\n%s", d.out)
	}
	d.code = m[1]
	return d
}

// copyDemo copies the shared first start's database, key file and index
// snapshot into a directory of the test's own and returns the copy's
// database path.
func copyDemo(tb testing.TB) string {
	tb.Helper()
	db := filepath.Join(tb.TempDir(), "k.db")
	copyDemoTo(tb, db)
	return db
}

// copyDemoTo copies the shared first start's files to db (and db's key
// file and snapshot) and returns its demo session's code: a server started
// on the copy with --no-demo takes submissions for that session at once.
func copyDemoTo(tb testing.TB, db string) (code string) {
	tb.Helper()
	d := sharedDemo(tb)
	copyFile(tb, d.db, db)
	copyFile(tb, d.db+".keys", db+".keys")
	if _, err := os.Stat(indicator.SnapshotPath(d.db)); err == nil {
		copyFile(tb, indicator.SnapshotPath(d.db), indicator.SnapshotPath(db))
	}
	return d.code
}
