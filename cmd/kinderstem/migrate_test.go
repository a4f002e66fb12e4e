package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
)

// oldDatabase makes a database at the schema version before this build's,
// from the migration files as an older binary would have applied them.
func oldDatabase(tb testing.TB) (path string, version int) {
	tb.Helper()
	files, err := filepath.Glob("../../internal/store/migrations/*.sql")
	if err != nil || len(files) < 2 {
		tb.Fatalf("migration files: %v %v", files, err)
	}
	sort.Strings(files)
	version = len(files) - 1
	path = filepath.Join(tb.TempDir(), "old.db")
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_foreign_keys=on")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	for _, f := range files[:version] {
		b, _ := os.ReadFile(f)
		if _, err := db.Exec(string(b)); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
	}
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", version)); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		tb.Fatal(err)
	}
	return path, version
}

func fileSum(tb testing.TB, path string) [32]byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return sha256.Sum256(b)
}

// migrate --dry-run lists the migrations that would run and changes
// nothing; migrate takes a copy at the old version, then migrates.
func TestMigrateDryRunThenMigrate(t *testing.T) {
	t.Parallel()
	path, version := oldDatabase(t)
	before := fileSum(t, path)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "--db", path, "--dry-run"}, env(nil), strings.NewReader(""), &out); err != nil {
		t.Fatal(err)
	}
	last := fmt.Sprintf("%03d_", version+1)
	if !strings.Contains(out.String(), last) || !strings.Contains(out.String(), "Dry run: nothing was changed") {
		t.Fatalf("dry run said:\n%s", out.String())
	}
	if fileSum(t, path) != before {
		t.Fatal("migrate --dry-run changed the file")
	}
	out.Reset()
	if err := run(context.Background(), []string{"migrate", "--db", path}, env(nil), strings.NewReader(""), &out); err != nil {
		t.Fatal(err)
	}
	copies, _ := filepath.Glob(path + fmt.Sprintf(".schema-%03d-*.backup", version))
	if len(copies) != 1 {
		t.Fatalf("copies before migrating: %v\n%s", copies, out.String())
	}
	plan, err := store.PlanUpgrade(context.Background(), copies[0])
	if err != nil || plan.From != version {
		t.Fatalf("the copy is at %d (%v), want %d", plan.From, err, version)
	}
	if plan, err := store.PlanUpgrade(context.Background(), path); err != nil || plan.From != store.SchemaVersion() || len(plan.Pending) != 0 {
		t.Fatalf("after migrate: %+v %v", plan, err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"migrate", "--db", path, "--dry-run"}, env(nil), strings.NewReader(""), &out); err != nil || !strings.Contains(out.String(), "nothing to migrate") {
		t.Fatalf("a current file: %v\n%s", err, out.String())
	}
}
