package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// A migration that fails leaves the file as it was: the migrations before
// it in the same upgrade are rolled back with it, and the schema version
// stays where it was.
func TestFailedMigrationLeavesTheFileAsItWas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	before := SchemaVersion()
	next := before + 1
	err = s.apply(ctx, []migration{
		{version: next, name: "good.sql", sql: "CREATE TABLE upgrade_probe (x INTEGER);"},
		{version: next + 1, name: "bad.sql", sql: "ALTER TABLE no_such_table ADD COLUMN y INTEGER;"},
	})
	if err == nil || !strings.Contains(err.Error(), "bad.sql") {
		t.Fatalf("apply = %v; want the failing migration named", err)
	}
	var version int
	if err := s.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil || version != before {
		t.Fatalf("user_version = %d, %v; want %d", version, err, before)
	}
	var name string
	err = s.w.QueryRowContext(ctx, "SELECT name FROM sqlite_master WHERE name = 'upgrade_probe'").Scan(&name)
	if err != sql.ErrNoRows {
		t.Fatalf("the good migration before the bad one stayed: %q %v", name, err)
	}
}
