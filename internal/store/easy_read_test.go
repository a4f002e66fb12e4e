package store_test

import (
	"context"
	"database/sql"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// A submission records whether its session was in easy read when it
// arrived; switching the session back records standard again, and the
// session keeps the choice.
func TestSubmissionRecordsEasyRead(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	before, on, after := f.submission(), f.submission(), f.submission()
	if _, err := f.s.Submit(ctx, before); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SetEasyRead(ctx, f.session.ID, true); err != nil {
		t.Fatal(err)
	}
	if sess, err := f.s.SessionByID(ctx, f.session.ID); err != nil || !sess.EasyRead {
		t.Fatalf("session after SetEasyRead(true): %+v, %v", sess, err)
	}
	if _, err := f.s.Submit(ctx, on); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SetEasyRead(ctx, f.session.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Submit(ctx, after); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+f.path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct {
		name string
		uid  [16]byte
		want int
	}{{"before", before.UID, 0}, {"easy read", on.UID, 1}, {"after", after.UID, 0}} {
		var got int
		if err := db.QueryRow(`SELECT easy_read FROM submissions WHERE uid = ?`, c.uid[:]).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s: easy_read = %d, want %d", c.name, got, c.want)
		}
	}
}
