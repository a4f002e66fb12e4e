package main

import (
	"bytes"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// litestreamBin finds the litestream program: KINDERSTEM_LITESTREAM_BIN or
// the PATH. Where it is missing the test skips, except where
// KINDERSTEM_REQUIRE_LITESTREAM or CI is set (CI installs it): there it
// fails.
func litestreamBin(tb testing.TB) string {
	tb.Helper()
	bin := os.Getenv("KINDERSTEM_LITESTREAM_BIN")
	if bin == "" {
		bin = "litestream"
	}
	path, err := exec.LookPath(bin)
	if err == nil {
		return path
	}
	if os.Getenv("KINDERSTEM_REQUIRE_LITESTREAM") != "" || os.Getenv("CI") != "" {
		tb.Fatalf("litestream is required here and not found (%v); .ci/run installs it with go install", err)
	}
	tb.Skipf("litestream not found (%v): go install github.com/benbjohnson/litestream/cmd/litestream@v0.5.18", err)
	return ""
}

// litestreamConfig writes a configuration replicating db to a file://
// replica, with the shipped configuration's shape and a short sync
// interval.
func litestreamConfig(tb testing.TB, dir, db, replica string) string {
	tb.Helper()
	cfg := fmt.Sprintf("dbs:\n  - path: %s\n    replica:\n      url: file://%s\n      sync-interval: 200ms\n", db, replica)
	path := filepath.Join(dir, "litestream.yml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// submitUntil sends submissions from 16 clients until stop is closed or
// the budget is spent, and returns the ids the server acknowledged; count,
// when not nil, counts them as they come.
func submitUntil(url, code string, stop <-chan struct{}, budget int64, seed uint64, count *atomic.Int64) map[string]bool {
	var mu sync.Mutex
	acked := map[string]bool{}
	var left atomic.Int64
	left.Store(budget)
	api := url + "/api/v1/sessions/" + code + "/submissions"
	client := &http.Client{Timeout: 10 * time.Second}
	var wg sync.WaitGroup
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := mrand.New(mrand.NewPCG(seed, uint64(w)))
			for left.Add(-1) >= 0 {
				select {
				case <-stop:
					return
				default:
				}
				id := uuid(rng)
				resp, err := client.Post(api, "application/json", bytes.NewReader(body(id)))
				if err != nil {
					continue // the server died mid-request: not acknowledged
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusCreated || resp.StatusCode == http.StatusOK {
					mu.Lock()
					acked[strings.ReplaceAll(id, "-", "")] = true
					mu.Unlock()
					if count != nil {
						count.Add(1)
					}
				}
			}
		}()
	}
	wg.Wait()
	return acked
}

// missing counts the acknowledged ids a database file lacks.
func missing(tb testing.TB, db string, acked map[string]bool) int {
	tb.Helper()
	sdb, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer sdb.Close()
	var integrity string
	if err := sdb.QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		tb.Fatalf("integrity check of %s: %q %v", db, integrity, err)
	}
	lost := 0
	for id := range acked {
		uid, err := hex.DecodeString(id)
		if err != nil {
			tb.Fatal(err)
		}
		var n int
		if err := sdb.QueryRow(`SELECT count(*) FROM submissions WHERE uid = ?`, uid).Scan(&n); err != nil {
			tb.Fatal(err)
		}
		if n != 1 {
			lost++
		}
	}
	return lost
}

// A server replicated by Litestream (a unit of its own, as with
// kinderstem-litestream.service) is killed with SIGKILL under load; once
// Litestream has shipped the WAL the server had made durable, the disk is
// lost. The database restored from the file:// replica holds every
// submission the server acknowledged, and the restore drill passes on it
// with the live server's key file.
//
// Litestream 0.5.18 sometimes leaves a replica of a killed server that
// restores to a malformed file (seen in about 1 of 7 runs with other tests
// beside it; the restore drill refuses such a replica with exit 1, see
// docs/operations.md). The kill is then played once more, and a second
// malformed replica fails the test.
func TestLitestreamRestoreHasEveryAcknowledgedSubmission(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the binary and Litestream")
	}
	ls := litestreamBin(t)
	bin := buildBinary(t)
	for attempt := 1; attempt <= 2; attempt++ {
		if !killAndRestore(t, ls, bin) {
			return
		}
		t.Logf("attempt %d: the replica restored to a malformed database (Litestream after SIGKILL)", attempt)
	}
	t.Fatal("the replica restored to a malformed database twice")
}

// killAndRestore plays the kill and the restore once; it reports a replica
// that restores to a malformed database, and fails on anything else.
func killAndRestore(t *testing.T, ls, bin string) (malformed bool) {
	dir := t.TempDir()
	db, replica := filepath.Join(dir, "live", "k.db"), filepath.Join(dir, "replica")
	os.MkdirAll(filepath.Dir(db), 0o700)
	// A copy of the shared first start, served without making the demo
	// again: Litestream's first sync ships it whole, as it would any
	// database it starts to replicate.
	code := copyDemoTo(t, db)
	cfg := litestreamConfig(t, dir, db, replica)

	out := &syncBuffer{}
	srv := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db, "--no-demo", "--litestream", "--rate-client", "100000000", "--rate-session", "100000000")
	srv.Stdout, srv.Stderr = out, out
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	url := waitFor(t, out, runningAt)[1]

	lsOut := &syncBuffer{}
	rep := exec.Command(ls, "replicate", "-config", cfg)
	rep.Stdout, rep.Stderr = lsOut, lsOut
	if err := rep.Start(); err != nil {
		t.Fatal(err)
	}
	defer rep.Process.Kill()

	// SIGKILL once 300 are acknowledged, with the clients still sending:
	// the last commits are in the WAL, some perhaps not yet shipped.
	stop := make(chan struct{})
	var count atomic.Int64
	go func() {
		for deadline := time.Now().Add(time.Minute); count.Load() < 300 && time.Now().Before(deadline); {
			time.Sleep(5 * time.Millisecond)
		}
		srv.Process.Signal(syscall.SIGKILL)
		close(stop)
	}()
	acked := submitUntil(url, code, stop, 1_000_000, 1, &count)
	srv.Wait()
	if len(acked) < 200 {
		t.Fatalf("only %d submissions acknowledged in a minute\n%s", len(acked), out)
	}
	// Litestream ships what the dead server left in the WAL, then stops
	// with a last sync.
	time.Sleep(time.Second)
	t0 := time.Now()
	rep.Process.Signal(syscall.SIGTERM)
	if err := rep.Wait(); err != nil {
		t.Logf("litestream exit: %v\n%s", err, lsOut)
	}
	t.Logf("litestream stopped in %s", time.Since(t0))
	keyFile := db + ".keys"
	keep := filepath.Join(dir, "kept.keys") // backed up apart, as docs/operations.md says
	data, _ := os.ReadFile(keyFile)
	os.WriteFile(keep, data, 0o600)
	os.RemoveAll(filepath.Dir(db)) // the disk is lost

	restored := filepath.Join(dir, "restored.db")
	if b, err := exec.Command(ls, "restore", "-o", restored, "file://"+replica).CombinedOutput(); err != nil {
		t.Fatalf("litestream restore: %v\n%s", err, b)
	}
	if !intact(t, restored) {
		return true
	}
	if lost := missing(t, restored, acked); lost > 0 {
		t.Fatalf("%d of %d acknowledged submissions are not in the restored database\nlitestream:\n%s", lost, len(acked), lsOut)
	}
	t.Logf("%d acknowledged before SIGKILL; all %d in the database restored from the replica", len(acked), len(acked))

	t0 = time.Now()
	drillOut, err := exec.Command(bin, "restore-drill", "--db", restored, "--keys", keep, "--replica", "file://"+replica, "--litestream", ls).CombinedOutput()
	if err != nil || !strings.Contains(string(drillOut), "OK:") {
		t.Fatalf("restore drill of the replica: %v\n%s", err, drillOut)
	}
	t.Logf("drill took %s", time.Since(t0))
	return false
}

// intact reports whether SQLite finds the database file sound.
func intact(t *testing.T, db string) bool {
	t.Helper()
	sdb, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var integrity string
	err = sdb.QueryRow("PRAGMA integrity_check").Scan(&integrity)
	return err == nil && integrity == "ok"
}

// The single-container way: litestream replicate -exec runs the server as
// its child. What the server acknowledged is in the replica once the
// container stops, and a replica whose files were damaged fails the
// restore drill.
func TestLitestreamExecAndCorruptedReplica(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the binary and Litestream")
	}
	ls := litestreamBin(t)
	bin := buildBinary(t)
	dir := t.TempDir()
	db, replica := filepath.Join(dir, "k.db"), filepath.Join(dir, "replica")
	cfg := litestreamConfig(t, dir, db, replica)
	out := &syncBuffer{}
	cmd := exec.Command(ls, "replicate", "-config", cfg, "-exec",
		bin+" serve --addr 127.0.0.1:0 --litestream --rate-client 100000000 --rate-session 100000000 --db "+db)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	url := waitFor(t, out, runningAt)[1]
	code := demoCode.FindStringSubmatch(out.String())[1]
	acked := submitUntil(url, code, nil, 300, 2, nil)
	cmd.Process.Signal(syscall.SIGTERM) // the container stops
	cmd.Wait()
	restored := filepath.Join(dir, "restored.db")
	if b, err := exec.Command(ls, "restore", "-o", restored, "file://"+replica).CombinedOutput(); err != nil {
		t.Fatalf("litestream restore: %v\n%s\n%s", err, b, out)
	}
	if lost := missing(t, restored, acked); lost > 0 || len(acked) != 300 {
		t.Fatalf("%d of %d acknowledged submissions are not in the restored database\n%s", lost, len(acked), out)
	}
	drill := func() (string, error) {
		b, err := exec.Command(bin, "restore-drill", "--db", db, "--replica", "file://"+replica, "--litestream", ls, "--status", filepath.Join(dir, "drill.json")).CombinedOutput()
		return string(b), err
	}
	if b, err := drill(); err != nil {
		t.Fatalf("restore drill of a sound replica: %v\n%s", err, b)
	}
	// Damage every file of the replica past its header.
	damaged := 0
	filepath.Walk(replica, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || info.Size() < 200 {
			return err
		}
		data, _ := os.ReadFile(p)
		for i := 100; i < len(data); i += 50 {
			data[i] ^= 0xff
		}
		damaged++
		return os.WriteFile(p, data, 0o600)
	})
	if damaged == 0 {
		t.Fatal("the replica has no file to damage")
	}
	b, err := drill()
	if err == nil {
		t.Fatalf("restore drill passed a damaged replica:\n%s", b)
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("restore drill of a damaged replica: %v, want exit code 1\n%s", err, b)
	}
}
