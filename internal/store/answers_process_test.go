package store_test

import (
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

func processSession(tb testing.TB, s *store.Store, id int64) store.ProcessSession {
	tb.Helper()
	sessions, _, err := s.ProcessData(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	for _, ps := range sessions {
		if ps.ID == id {
			return ps
		}
	}
	tb.Fatalf("no session %d in the process data", id)
	return store.ProcessSession{}
}

// A session linked to an answer while it is withdrawn has had no answer
// until the answer is public again; days to answer count from then, not
// from when it was linked.
func TestProcessDataFirstAnswerOfWithdrawnReply(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	s2 := f.secondSession(t)
	f.s.CloseSession(ctx, f.session.ID)
	f.s.CloseSession(ctx, s2.ID)
	r := twoPartReply(f, f.session.ID)
	if err := f.s.SaveReply(ctx, r); err != nil {
		t.Fatal(err)
	}
	f.s.SetReplyPublic(ctx, r.ID, true)
	f.s.SetReplyPublic(ctx, r.ID, false)
	f.clock.Add(2 * 24 * time.Hour)
	r.Sessions = []int64{f.session.ID, s2.ID}
	if err := f.s.SaveReply(ctx, r); err != nil {
		t.Fatal(err)
	}
	if ps := processSession(t, f.s, s2.ID); !ps.FirstAnswerAt.IsZero() {
		t.Fatalf("linked to a withdrawn answer, first answer at %v", ps.FirstAnswerAt)
	}
	f.clock.Add(3 * 24 * time.Hour)
	if err := f.s.SetReplyPublic(ctx, r.ID, true); err != nil {
		t.Fatal(err)
	}
	ps := processSession(t, f.s, s2.ID)
	if days := ps.FirstAnswerAt.Sub(ps.ClosedAt).Hours() / 24; days != 5 {
		t.Fatalf("days to first answer %v, want 5", days)
	}
	if ps := processSession(t, f.s, f.session.ID); ps.FirstAnswerAt.Sub(ps.ClosedAt) != 0 {
		t.Fatalf("the first session's first answer moved: %v", ps.FirstAnswerAt.Sub(ps.ClosedAt))
	}
}

// A session that ran out its time without the worker pressing Close
// counts as closed at closes_at.
func TestProcessDataExpiredSessionIsClosed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if ps := processSession(t, f.s, f.session.ID); !ps.ClosedAt.IsZero() {
		t.Fatalf("an open session closed at %v", ps.ClosedAt)
	}
	f.clock.Add(f.session.ClosesAt.Sub(f.s.Now()) + time.Hour)
	if ps := processSession(t, f.s, f.session.ID); !ps.ClosedAt.Equal(f.session.ClosesAt) {
		t.Fatalf("an expired session closed at %v, want %v", ps.ClosedAt, f.session.ClosesAt)
	}
}

// Closing the rating stops counting, is never undone, and only closed
// ratings reach the process indicators: counts that moved with every tap
// would give one child's face away between two looks.
func TestCloseHeardFreezesCounts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.submitted(t, 3)
	r := twoPartReply(f, f.session.ID)
	if err := f.s.SaveReply(ctx, r); err != nil {
		t.Fatal(err)
	}
	tok := func(s string) [32]byte { return sha256.Sum256([]byte(s)) }
	for _, c := range []string{"a", "b"} {
		if err := f.s.RecordHeard(ctx, tok(c), r.ID, f.session.ID, "yes"); err != nil {
			t.Fatal(err)
		}
	}
	if ps := processSession(t, f.s, f.session.ID); ps.Heard.Total() != 0 || len(ps.HeardCells) != 0 {
		t.Fatalf("an open rating reaches the process data: %+v", ps.Heard)
	}
	if err := f.s.CloseHeard(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.s.RecordHeard(ctx, tok("c"), r.ID, f.session.ID, "no"); !fault.Is(err, fault.Gone) {
		t.Fatalf("a tap after closing: %v, want gone", err)
	}
	if err := f.s.CloseHeard(ctx, r.ID); !fault.Is(err, fault.Conflict) {
		t.Fatalf("closing twice: %v, want conflict", err)
	}
	if err := f.s.CloseHeard(ctx, r.ID+100); !fault.Is(err, fault.NotFound) {
		t.Fatalf("closing no answer: %v, want not found", err)
	}
	ps := processSession(t, f.s, f.session.ID)
	if ps.Heard != (store.Heard{Yes: 2}) || len(ps.HeardCells) != 1 || ps.HeardCells[0] != (store.HeardCell{ReplyID: r.ID, Rating: "yes", N: 2}) {
		t.Fatalf("closed rating in the process data: %+v %+v", ps.Heard, ps.HeardCells)
	}
	got, err := f.s.Reply(ctx, r.ID)
	if err != nil || got.HeardClosedAt.IsZero() {
		t.Fatalf("closed at %v, %v", got.HeardClosedAt, err)
	}
}
