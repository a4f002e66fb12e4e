package edition

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

// publishSnap stores a snapshot as a published edition.
func publishSnap(t *testing.T, st *store.Store, s *Snapshot) {
	t.Helper()
	ctx := context.Background()
	id := draftSnap(t, st, s)
	if _, err := st.PublishEdition(ctx, id); err != nil {
		t.Fatal(err)
	}
}

func draftSnap(t *testing.T, st *store.Store, s *Snapshot) int64 {
	t.Helper()
	blob, err := s.Encode()
	if err != nil {
		t.Fatal(err)
	}
	e := &store.Edition{Title: "t", From: s.From, To: s.To, Spec: []byte(`{}`), Snapshot: blob}
	if err := st.CreateEdition(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	return e.ID
}

// An edition published under k 5 is read under k 10: a group of 7 is no
// longer shown, and neither is a cell beside it that would give it back.
func TestShelfHidesUnderRaisedK(t *testing.T) {
	t.Parallel()
	st, _ := testkit.OpenStore(t, store.Options{})
	s := snap("2026-01", "2026-06", &Table{By: []string{"gender"}, Cells: []*Cell{shown(60), shown(30, "girl"), shown(23, "boy"), shown(7, "other")}})
	s.K = 5
	publishSnap(t, st, s)
	shelf := NewShelf(st)
	for _, k := range []int{5, 10} {
		list, err := shelf.Published(context.Background(), release.MustPolicy(k, 0))
		if err != nil {
			t.Fatal(err)
		}
		cells := list[0].Snap.Indicators[0].Tables[0].Cells
		if got := cells[3].Shown; got != (k == 5) {
			t.Errorf("k %d: the group of 7 shown: %v", k, got)
		}
		if k == 10 && cells[2].Shown {
			t.Error("k 10: the boys are shown, so the total minus the parts gives the 7 back")
		}
		if leaks := Audit(list[0].Snap); len(leaks) > 0 {
			t.Errorf("k %d: %q", k, leaks)
		}
	}
	// What was stored stays as published.
	again, _ := shelf.Published(context.Background(), release.MustPolicy(5, 0))
	if !again[0].Snap.Indicators[0].Tables[0].Cells[3].Shown {
		t.Error("raising k changed the stored edition")
	}
}

// A draft computed before another edition was published is checked again
// when it is published: what the newer edition shows can give one of its
// hidden cells away, and then it must be computed again.
func TestPublishChecksAgainstNewerEditions(t *testing.T) {
	t.Parallel()
	st, path := testkit.OpenStore(t, store.Options{})
	ctx := context.Background()
	shelf := NewShelf(st)
	p := release.MustPolicy(10, 0)
	draft := draftSnap(t, st, snap("2026-01", "2026-06", &Table{Cells: []*Cell{shown(46)}}))
	publishSnap(t, st, snap("2026-01", "2026-03", &Table{Cells: []*Cell{shown(40)}}))
	_, err := Publish(ctx, st, shelf, draft, p)
	if !fault.Is(err, fault.Conflict) {
		t.Fatalf("publishing a half-year of 46 beside a published quarter of 40: %v, want a Conflict", err)
	}
	fine := draftSnap(t, st, snap("2026-01", "2026-06", &Table{Cells: []*Cell{shown(80)}}))
	if n, err := Publish(ctx, st, shelf, fine, p); err != nil || n != 2 {
		t.Fatalf("a half-year of 80: edition %d, %v", n, err)
	}
	if _, err := Publish(ctx, st, shelf, fine, p); !fault.Is(err, fault.Conflict) {
		t.Fatalf("published twice: %v", err)
	}
	// And the database keeps it frozen, whatever the code above it does.
	e, _ := st.Edition(ctx, fine)
	e.Title = "changed"
	if err := st.SaveDraft(ctx, e); !fault.Is(err, fault.Conflict) {
		t.Fatalf("a published edition changed: %v", err)
	}
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{`UPDATE editions SET snapshot = x'00' WHERE id = ?`, `DELETE FROM editions WHERE id = ?`} {
		if _, err := db.ExecContext(ctx, q, fine); err == nil {
			t.Fatalf("the database let a published edition change: %s", q)
		}
	}
}

// The editions as shown under a raised k are worked out once per k, not
// on every read: the public pages read the shelf on every request, and
// their page cache keeps its pages only while the current edition it is
// given stays the same.
func TestShelfRaisedKWorkedOutOnce(t *testing.T) {
	t.Parallel()
	st, _ := testkit.OpenStore(t, store.Options{})
	s := snap("2026-01", "2026-06", &Table{By: []string{"gender"}, Cells: []*Cell{shown(60), shown(30, "girl"), shown(23, "boy"), shown(7, "other")}})
	s.K = 5
	publishSnap(t, st, s)
	shelf := NewShelf(st)
	read := func(k int) *Published {
		t.Helper()
		list, err := shelf.Published(context.Background(), release.MustPolicy(k, 0))
		if err != nil {
			t.Fatal(err)
		}
		return Current(list)
	}
	first := read(10)
	if again := read(10); again != first {
		t.Error("the editions under k 10 were worked out again on the second read")
	}
	if read(5).Snap.Indicators[0].Tables[0].Cells[3].Shown != true {
		t.Error("k 5 after k 10: the edition is not shown as published")
	}
	if c := read(10).Snap.Indicators[0].Tables[0].Cells; c[3].Shown || c[2].Shown {
		t.Error("k 10 again: the group of 7 or its complement is shown")
	}
	// A new edition is a new set: read anew under the raised k.
	publishSnap(t, st, snap("2026-07", "2026-12", &Table{Cells: []*Cell{shown(80)}}))
	if read(10) == first {
		t.Error("a new edition did not change the current edition under k 10")
	}
}

// Answers that came in late for a half-year already published make a
// second edition of the same months count 60 where the first counted 53.
// Under k 10 the second edition's group of 7 is the difference of cells
// the first edition shows, and nothing of the second's own is left to
// hide: that edition is withheld from the public pages, said in the log,
// and nothing the shelf shows gives the 7 back.
func TestShelfWithholdsWhatARaisedKCannotProtect(t *testing.T) {
	t.Parallel()
	st, _ := testkit.OpenStore(t, store.Options{})
	first := snap("2026-01", "2026-06", &Table{By: []string{"gender"}, Cells: []*Cell{shown(53), shown(30, "girl"), shown(23, "boy")}})
	late := snap("2026-01", "2026-06", &Table{By: []string{"gender"}, Cells: []*Cell{shown(60), shown(30, "girl"), shown(23, "boy"), shown(7, "other")}})
	first.K, late.K = 5, 5
	publishSnap(t, st, first)
	publishSnap(t, st, late)
	shelf := NewShelf(st)
	var logged bytes.Buffer
	shelf.Log = slog.New(slog.NewTextHandler(&logged, nil))
	five, err := shelf.Published(context.Background(), release.MustPolicy(5, 0))
	if err != nil || len(five) != 2 || len(shelf.Withheld()) != 0 {
		t.Fatalf("k 5: %d editions, withheld %v, %v", len(five), shelf.Withheld(), err)
	}
	list, err := shelf.Published(context.Background(), release.MustPolicy(10, 0))
	if err != nil {
		t.Fatal(err)
	}
	snaps := make([]*Snapshot, len(list))
	for i, e := range list {
		snaps[i] = e.Snap
	}
	if leaks := Audit(snaps...); len(leaks) > 0 {
		t.Fatalf("k 10: the editions shown give %q back", leaks)
	}
	if len(list) != 1 || list[0].Number != 1 {
		t.Fatalf("k 10: shown %d editions, want only the first", len(list))
	}
	if w := shelf.Withheld(); len(w) != 1 || w[0].Number != 2 || w[0].Reason == "" {
		t.Fatalf("k 10: withheld %v, want edition 2 with its reason", w)
	}
	if !strings.Contains(logged.String(), "edition=2") {
		t.Errorf("the withheld edition is not in the log: %q", logged.String())
	}
}
