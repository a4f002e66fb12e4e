package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/kinderstem/kinderstem/internal/decision"
	"github.com/kinderstem/kinderstem/internal/store"
)

// The backup command erases a child's view that is due before it copies:
// a request nobody touched past the backstop leaves only its empty shell
// in the copy, and the copy holds none of its sealed words or its key.
func TestBackupCommandErasesDueVoices(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	ctx := context.Background()
	ids := voiceRequests(t, db, 2)
	old, fresh := ids[0], ids[1]
	raw, err := sql.Open("sqlite3", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	// Untouched for longer than the backstop.
	if _, err := raw.Exec(`UPDATE voice_requests SET created_on = '2020-01-01', changed_on = '2020-01-01' WHERE id = ?`, old); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	copied := filepath.Join(dir, "copy.db")
	var out bytes.Buffer
	if err := run(ctx, []string{"backup", "--db", db, "--out", copied}, env(nil), nil, &out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(copied)
	if err != nil {
		t.Fatal(err)
	}
	c, err := sql.Open("sqlite3", "file:"+copied+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for id, want := range map[int64]int{old: 0, fresh: 1} {
		var erased, texts, keys int
		c.QueryRow(`SELECT erased FROM voice_requests WHERE id = ?`, id).Scan(&erased)
		c.QueryRow(`SELECT count(*) FROM voice_texts WHERE request_id = ?`, id).Scan(&texts)
		c.QueryRow(`SELECT count(*) FROM voice_keys WHERE request_id = ?`, id).Scan(&keys)
		if (erased == 0) != (want == 1) || (texts > 0) != (want == 1) || keys != want {
			t.Errorf("request %d in the copy: erased %d, %d sealed parts, %d keys", id, erased, texts, keys)
		}
	}
	var sealed int
	for i := 0; i+4 <= len(b); i++ {
		if string(b[i:i+4]) == "KSV1" {
			sealed++
		}
	}
	// The fresh request's key and its request part, and nothing more.
	if sealed != 2 {
		t.Errorf("the copy holds %d sealed blobs, want the fresh request's 2", sealed)
	}
}

// voiceRequests makes a database at db with a care provider, one of its
// workers and n requests for a child's view that ask the child, and
// closes it; it returns the requests' ids.
func voiceRequests(t *testing.T, db string, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	org, err := st.CreateOrganisation(ctx, "Jeugdhulp Noord", "care_provider")
	if err != nil {
		t.Fatal(err)
	}
	u := &store.User{OrganisationID: org, Email: "w@example.org", Role: "worker", PasswordHash: "x"}
	if err := st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	svc, err := decision.New(st, bytes.Repeat([]byte("v"), 32), []string{"youth_care"}, []string{"nl"})
	if err != nil {
		t.Fatal(err)
	}
	ask := decision.NewRequest{Request: decision.Request{Label: "R.T.", About: "Verblijf", ChildAbout: "Waar je woont",
		WhoDecides: "De jeugdrechter", ByWhen: "2026-04-01", AgeBand: "8-12"}, Setting: "youth_care", Lang: "nl", Ask: true}
	ids := make([]int64, n)
	for i := range ids {
		if ids[i], _, err = svc.Create(ctx, decision.Actor{UserID: u.ID, OrganisationID: org}, ask); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}
