package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

// ShowIdeas is refused while the session takes answers (open, or closed
// with grace left); once it succeeded the session is never reopened, and
// a refused reopen changes nothing.
func TestShowIdeasFreezesTheSet(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		close func(f *fixture, sess *store.Session) error
		wait  time.Duration // after closing
		shown bool
	}{
		{"open", func(*fixture, *store.Session) error { return nil }, 0, false},
		{"closed, grace left", func(f *fixture, s *store.Session) error {
			return f.s.CloseSessionWithGrace(context.Background(), s.ID, 10*time.Minute)
		}, 9 * time.Minute, false},
		{"closed, grace over", func(f *fixture, s *store.Session) error {
			return f.s.CloseSessionWithGrace(context.Background(), s.ID, 10*time.Minute)
		}, 11 * time.Minute, true},
		{"closed without grace", func(f *fixture, s *store.Session) error { return f.s.CloseSession(context.Background(), s.ID) }, 0, true},
		{"ran out its closing time", func(*fixture, *store.Session) error { return nil }, 3 * time.Hour, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			f, sess := ideasFixture(t)
			f.submitIdeas(t, sess, store.Idea{Kind: "change", Text: "Meer bomen"})
			if err := tc.close(f, sess); err != nil {
				t.Fatal(err)
			}
			f.clock.Add(tc.wait)
			err := f.s.ShowIdeas(ctx, sess.ID)
			if tc.shown != (err == nil) {
				t.Fatalf("ShowIdeas: %v, want shown %v", err, tc.shown)
			}
			if !tc.shown {
				if !fault.Is(err, fault.Conflict) {
					t.Fatalf("ShowIdeas refused with %v, want a conflict", err)
				}
				if n := count(t, f.path, `SELECT count(*) FROM idea_rounds WHERE shown = 1`); n != 0 {
					t.Fatal("a refused showing marked the ideas shown")
				}
				return
			}
			before := count(t, f.path, `SELECT count(*) FROM sessions WHERE id = ? AND closed_at IS NULL`, sess.ID)
			err = f.s.ReopenSession(ctx, sess.ID, f.clock.Now().Add(time.Hour))
			if !fault.Is(err, fault.Conflict) {
				t.Fatalf("reopen after showing: %v, want a conflict", err)
			}
			if after := count(t, f.path, `SELECT count(*) FROM sessions WHERE id = ? AND closed_at IS NULL`, sess.ID); after != before {
				t.Fatal("a refused reopen changed the session")
			}
			if err := f.s.ShowIdeas(ctx, sess.ID); err != nil {
				t.Fatalf("showing again: %v", err)
			}
		})
	}
}

// A session without a showing reopens as before.
func TestReopenBeforeShowing(t *testing.T) {
	t.Parallel()
	f, sess := ideasFixture(t)
	ctx := context.Background()
	if err := f.s.CloseSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.s.ReopenSession(ctx, sess.ID, f.clock.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := f.s.ShowIdeas(ctx, sess.ID); !fault.Is(err, fault.Conflict) {
		t.Fatalf("ShowIdeas on a reopened session: %v, want a conflict", err)
	}
}
