package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/keys"
)

// refusedStart runs serve with args and returns its error; a server that
// starts instead is stopped, and the test fails.
func refusedStart(tb testing.TB, args ...string) error {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), env(nil), strings.NewReader(""), out)
	}()
	deadline := time.After(60 * time.Second)
	for {
		select {
		case err := <-done:
			return err
		case <-deadline:
			tb.Fatal("serve neither started nor refused")
		case <-time.After(20 * time.Millisecond):
		}
		if runningAt.MatchString(out.String()) {
			cancel()
			<-done
			tb.Fatalf("serve %v started:\n%s", args, out)
		}
	}
}

// queryDB reads one value from a database file, past the program.
func queryDB(tb testing.TB, path, query string) string {
	tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	var v sql.NullString
	if err := db.QueryRow(query).Scan(&v); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return v.String
}

// wantPrivateFiles fails unless each file exists with mode 0600.
func wantPrivateFiles(tb testing.TB, paths ...string) {
	tb.Helper()
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			tb.Errorf("%s: %v", filepath.Base(p), err)
		} else if perm := st.Mode().Perm(); perm != 0o600 {
			tb.Errorf("%s has mode %v, want 0600", filepath.Base(p), perm)
		}
	}
}

// oneTimeTokens are the page's "do you feel heard?" tokens, new on every
// load.
var oneTimeTokens = regexp.MustCompile(`name="token" value="[^"]*"`)

// A backup restored without its key file refuses to start and says how to
// go on; with its key file it starts as before; with --new-noise-epoch it
// starts, the audit log says so, and the published group results are
// unchanged. The flag cannot be left on. The live database is the shared
// first start with the demo (its files' modes taken while it ran), copied.
func TestRestoreWithoutTheKeyFile(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts serve four times; runs without -short")
	}
	ctx := context.Background()
	dir := t.TempDir()
	live := sharedDemo(t)
	for _, p := range []string{live.db, live.db + "-wal", live.db + "-shm", live.db + ".keys"} {
		if mode, ok := live.modes[p]; !ok || mode != 0o600 {
			t.Errorf("%s had mode %v (there: %v) while serving, want 0600", filepath.Base(p), mode, ok)
		}
	}
	db := filepath.Join(dir, "k.db")
	copyFile(t, live.db, db)
	copyFile(t, live.db+".keys", db+".keys")
	code, results := live.loopCode, live.loopPage
	published := queryDB(t, db, `SELECT hex(group_concat(results, '')) FROM (SELECT results FROM published_results ORDER BY session_id)`)
	if published == "" {
		t.Fatal("the demo published no group results")
	}

	var out bytes.Buffer
	backup := filepath.Join(dir, "backup.db")
	if err := run(ctx, []string{"backup", "--db", db, "--out", backup}, env(nil), nil, &out); err != nil {
		t.Fatal(err)
	}
	wantPrivateFiles(t, backup)

	// Restored elsewhere without the key file: refused, nothing written.
	elsewhere := filepath.Join(t.TempDir(), "k.db")
	copyFile(t, backup, elsewhere)
	before := queryDB(t, elsewhere, `SELECT count(*) FROM audit`)
	err := refusedStart(t, "--db", elsewhere)
	for _, want := range []string{"another record secret", "has no record secret", "bring back the key file", elsewhere + ".keys", "--new-noise-epoch", "Published group results stay as they are"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal does not say %q:\n%v", want, err)
		}
	}
	if exitCode(err) != 1 {
		t.Errorf("exit code %d, want 1", exitCode(err))
	}
	if after := queryDB(t, elsewhere, `SELECT count(*) FROM audit`); after != before {
		t.Error("the refused start wrote to the database")
	}
	if data, _ := os.ReadFile(elsewhere + ".keys"); bytes.Contains(data, []byte("record ")) {
		t.Error("the refused start made a record secret")
	}
	// Nor does an export make figures with another secret.
	err = run(ctx, []string{"export", "indicators", "--db", elsewhere, "--out", t.TempDir()}, env(nil), nil, &out)
	if err == nil || !strings.Contains(err.Error(), "bring back the key file") {
		t.Fatalf("export from the restored copy: %v, want the refusal", err)
	}

	// With its own key file it starts as before.
	withKeys := filepath.Join(t.TempDir(), "k.db")
	copyFile(t, backup, withKeys)
	copyFile(t, db+".keys", withKeys+".keys")
	startServe(t, "--db", withKeys, "--no-demo").stop(t)

	// A new noise epoch, on purpose.
	restored := startServe(t, "--db", elsewhere, "--new-noise-epoch")
	if !strings.Contains(restored.out.String(), "Started noise epoch 2") {
		t.Errorf("serve --new-noise-epoch does not say it started epoch 2:\n%s", restored.out)
	}
	if got := oneTimeTokens.ReplaceAllString(restored.get(t, "/s/"+code), ""); got != results {
		t.Errorf("the group's published results changed in the new epoch:\nbefore:\n%s\nafter:\n%s", results, got)
	}
	restored.stop(t)
	if got := queryDB(t, elsewhere, `SELECT hex(group_concat(results, '')) FROM (SELECT results FROM published_results ORDER BY session_id)`); got != published {
		t.Error("published_results changed in the new epoch")
	}
	if n := queryDB(t, elsewhere, `SELECT count(*) FROM audit WHERE action = 'noise_epoch' AND target = 'epoch 2'`); n != "1" {
		t.Errorf("%s noise_epoch entries in the audit log, want 1", n)
	}

	// The flag cannot be left on; without it the new key is the own.
	err = refusedStart(t, "--db", elsewhere, "--new-noise-epoch")
	if err == nil || !strings.Contains(err.Error(), "no new noise epoch to start") || exitCode(err) != 2 {
		t.Fatalf("--new-noise-epoch a second time: %v, want a usage error", err)
	}
	startServe(t, "--db", elsewhere, "--no-demo").stop(t)
}

// A key file whose record secret is not the database's own is refused
// too, with both fingerprints.
func TestForeignKeyFileIsRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	startServe(t, "--db", db, "--no-demo").stop(t)
	other := filepath.Join(t.TempDir(), "other.keys")
	ks, err := keys.Open(other, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ks.Secret(keys.Record); err != nil {
		t.Fatal(err)
	}
	err = refusedStart(t, "--db", db, "--keys", other)
	if err == nil || !regexp.MustCompile(`record secret [0-9a-f]{16} \(since`).MatchString(err.Error()) ||
		!regexp.MustCompile(`the key file: has the record secret [0-9a-f]{16}`).MatchString(err.Error()) {
		t.Fatalf("serve with another key file: %v", err)
	}
}

func copyFile(tb testing.TB, from, to string) {
	tb.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		tb.Fatal(err)
	}
}
