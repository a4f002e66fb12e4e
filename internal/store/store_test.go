package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

// mustOpen opens a real database file in a fresh temp dir (the shared
// test kit's).
func mustOpen(tb testing.TB, opts store.Options) (*store.Store, string) {
	tb.Helper()
	return testkit.OpenStore(tb, opts)
}

// rawQuery reads the file directly, past the store, as an auditor would.
func rawQuery(tb testing.TB, path, query string, args ...any) *sql.Rows {
	tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	rows, err := db.Query(query, args...)
	if err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return rows
}

func TestMigrationsOnEmptyAndExistingFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "k.db")
	ctx := context.Background()
	for round := 0; round < 2; round++ {
		s, err := store.Open(ctx, path, store.Options{})
		if err != nil {
			t.Fatalf("round %d: open: %v", round, err)
		}
		if round == 0 {
			if _, err := s.CreateOrganisation(ctx, "Gemeente Test", "municipality"); err != nil {
				t.Fatal(err)
			}
		}
		orgs, err := s.Organisations(ctx)
		if err != nil || len(orgs) != 1 {
			t.Fatalf("round %d: organisations = %v, %v; want the one made in round 0", round, orgs, err)
		}
		if err := s.Check(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatalf("round %d: close: %v", round, err)
		}
	}
	rows := rawQuery(t, path, "PRAGMA user_version")
	defer rows.Close()
	rows.Next()
	var v int
	rows.Scan(&v)
	if v != store.SchemaVersion() || v < 1 {
		t.Fatalf("user_version = %d, want %d", v, store.SchemaVersion())
	}
}

func TestPragmasHoldOnEveryConnection(t *testing.T) {
	t.Parallel()
	s, path := mustOpen(t, store.Options{})
	_ = s
	for _, c := range []struct{ pragma, want string }{
		{"journal_mode", "wal"},
	} {
		rows := rawQuery(t, path, "PRAGMA "+c.pragma)
		rows.Next()
		var got string
		rows.Scan(&got)
		rows.Close()
		if got != c.want {
			t.Errorf("%s = %q, want %q", c.pragma, got, c.want)
		}
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	s, path := mustOpen(t, store.Options{})
	s.Close()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := store.Open(context.Background(), path, store.Options{}); err == nil {
		t.Fatal("opening a newer schema succeeded; want an error")
	}
}

func TestOpenRefusesMemory(t *testing.T) {
	t.Parallel()
	if _, err := store.Open(context.Background(), ":memory:", store.Options{}); err == nil {
		t.Fatal("want an error for :memory:")
	}
}

func TestNormalizeCode(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"K7PX3M", "K7PX3M"},  // a code as shown
		{"k7px3m", "K7PX3M"},  // typed in lower case
		{"hj7 k4m", "HJ7K4M"}, // spaces are dropped
		{"HJ7-K4M", "HJ7K4M"}, // dashes too
		{"HJ7K4", ""},         // too short
		{"HJ7K4MM", ""},       // too long
		{"HJ0K4M", ""},        // 0 is never used
		{"", ""},              // nothing
		{"ÀÁÂÃÄÅ", ""},        // not our letters
		{"HJ7K4M\x00", ""},    // control characters
	} {
		if got := store.NormalizeCode(c.in); got != c.want {
			t.Errorf("NormalizeCode(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for i := 0; i < 1000; i++ {
		code := store.NewCode()
		if store.NormalizeCode(code) != code {
			t.Fatalf("NewCode() = %q does not normalize to itself", code)
		}
	}
}

func TestAuditLog(t *testing.T) {
	t.Parallel()
	s, _ := mustOpen(t, store.Options{})
	ctx := context.Background()
	for _, a := range []string{"login", "session_close", "export"} {
		if err := s.Audit(ctx, 0, a, "t", "d"); err != nil {
			t.Fatal(err)
		}
	}
	log, err := s.AuditLog(ctx, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Action != "export" || log[1].Action != "session_close" {
		t.Fatalf("audit log = %+v, want the two newest, newest first", log)
	}
}

func TestSettingIsMadeOnce(t *testing.T) {
	t.Parallel()
	s, _ := mustOpen(t, store.Options{})
	ctx := context.Background()
	calls := 0
	make := func() ([]byte, error) { calls++; return []byte{byte(calls)}, nil }
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); s.Setting(ctx, "k", make) }()
	}
	wg.Wait()
	v, _ := s.Setting(ctx, "k", make)
	if calls != 1 || v[0] != 1 {
		t.Fatalf("create called %d times, value %v; want once, [1]", calls, v)
	}
}

// Upgrading a database of schema 2 drops the secrets it kept (they now live
// in the key file) and adds the server-side staff sessions.
func TestUpgradeDropsSecrets(t *testing.T) {
	t.Parallel()
	path, db := schema2DB(t)
	mustExec(t, db, `INSERT INTO settings (key, value) VALUES ('cookie_secret', x'00'), ('export_secret', x'01'), ('demo_session', 'K7PX3M')`)
	db.Close()
	s2, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	for key, want := range map[string]bool{"cookie_secret": false, "export_secret": false, "demo_session": true} {
		if _, ok, _ := s2.GetSetting(context.Background(), key); ok != want {
			t.Errorf("after the upgrade, setting %s there = %v, want %v", key, ok, want)
		}
	}
	if n, err := s2.CountStaffSessions(context.Background(), 1); err != nil || n != 0 {
		t.Fatalf("staff sessions: %d, %v", n, err)
	}
}
