package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A child's view that cannot be erased (a trigger refuses it here) stops
// neither the backup command nor the erasure of the others due: the copy
// is made, the output warns that it holds a view due for erasure, and the
// audit entry of the backup says so.
func TestBackupCommandGoesOnPastAStuckErasure(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	ctx := context.Background()
	ids := voiceRequests(t, db, 2)
	raw, err := sql.Open("sqlite3", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE voice_requests SET created_on = '2020-01-01', changed_on = '2020-01-01'`,
		fmt.Sprintf(`CREATE TRIGGER stuck BEFORE UPDATE ON voice_requests WHEN OLD.id = %d BEGIN SELECT RAISE(ABORT, 'stuck'); END`, ids[0])} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	copied := filepath.Join(dir, "copy.db")
	var out bytes.Buffer
	if err := run(ctx, []string{"backup", "--db", db, "--out", copied}, env(nil), nil, &out); err != nil {
		t.Fatalf("the backup stopped at the stuck erasure: %v", err)
	}
	if _, err := os.Stat(copied); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Warning: 1 of the children's views due could not be erased") {
		t.Errorf("the output does not warn of the view in the copy:\n%s", out.String())
	}
	c, err := sql.Open("sqlite3", "file:"+copied+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var erased [2]int
	for i, id := range ids {
		c.QueryRow(`SELECT erased FROM voice_requests WHERE id = ?`, id).Scan(&erased[i])
	}
	// The backup's own audit entry is written after the copy, in the live
	// database.
	live, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	var detail string
	live.QueryRow(`SELECT detail FROM audit WHERE action = 'backup'`).Scan(&detail)
	if erased != [2]int{0, 1} {
		t.Errorf("erased in the copy: %v, want the stuck one left and the other erased", erased)
	}
	if !strings.Contains(detail, "1 children's views due for erasure could not be erased") {
		t.Errorf("the backup's audit entry: %q", detail)
	}
}
