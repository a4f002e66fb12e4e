package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
)

// A database made by the build before NIS codes (schema version 2, regions
// as slugs) opens with every session's region as a NIS code, and keeps a
// region it does not know as it was.
func TestSlugsBecomeNISCodes(t *testing.T) {
	t.Parallel()
	path, db := schema2DB(t)
	old := map[string]string{"gent": "44021", "brussel-stad": "21004", "antwerpen-provincie": "10000",
		"pajottegem": "23106", "tielt": "37022", "hove": "11021", "atlantis": "atlantis"}
	mustExec(t, db, `INSERT INTO organisations (id, name, kind, created_at) VALUES (1, 'Stad', 'municipality', '2026-01-01T00:00:00Z')`)
	i := 0
	for slug := range old {
		i++
		mustExec(t, db, `INSERT INTO sessions (code, organisation_id, survey_id, survey_version, survey_hash, age_band, lang, setting, region, opened_at, closes_at, results_until)
			VALUES (?, 1, 'wellbeing', 2, 'x', '10-13', 'nl', 'school', ?, '2026-01-01', '2026-01-02', '2026-04-01')`, "ABCDE"+string(rune('A'+i)), slug)
	}
	db.Close()

	s, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	rows := rawQuery(t, path, `SELECT code, region FROM sessions ORDER BY code`)
	got := map[string]bool{}
	for rows.Next() {
		var code, region string
		if err := rows.Scan(&code, &region); err != nil {
			t.Fatal(err)
		}
		got[region] = true
	}
	for slug, want := range old {
		if !got[want] {
			t.Errorf("session in %q: no session has region %q after the migration (got %v)", slug, want, got)
		}
	}
}

func mustExec(t testing.TB, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// schema2DB makes a database as the build of schema version 2 (the first
// wave) left it, from that build's own migration files, and returns it open.
func schema2DB(tb testing.TB) (string, *sql.DB) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "old.db")
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	for _, f := range []string{"migrations/001_init.sql", "migrations/002_tokens.sql"} {
		schema, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := db.Exec(string(schema)); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
	}
	mustExec(tb, db, `PRAGMA user_version = 2`)
	return path, db
}
