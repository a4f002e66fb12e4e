package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

// A worker who closes a session with a grace period still gets the
// answers of a child who was on the last screen, until the grace is over;
// after it, and without one, closed means closed.
func TestCloseWithGraceTakesLateAnswersUntilItEnds(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		grace   time.Duration
		after   time.Duration // time between closing and sending
		created bool
	}{
		{"no grace", 0, time.Second, false},
		{"within grace", 10 * time.Minute, 9 * time.Minute, true},
		{"grace over", 10 * time.Minute, 11 * time.Minute, false},
		{"a whole hour", store.MaxGrace, 59 * time.Minute, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			ctx := context.Background()
			if err := f.s.CloseSessionWithGrace(ctx, f.session.ID, tc.grace); err != nil {
				t.Fatal(err)
			}
			f.clock.Add(tc.after)
			sess, err := f.s.SessionByID(ctx, f.session.ID)
			if err != nil {
				t.Fatal(err)
			}
			if sess.IsOpen(f.clock.Now()) {
				t.Fatal("a closed session says it is open")
			}
			if got := sess.TakesAnswers(f.clock.Now()); got != tc.created {
				t.Fatalf("TakesAnswers = %v, want %v", got, tc.created)
			}
			r, err := f.s.Submit(ctx, f.submission())
			switch {
			case tc.created && (err != nil || !r.Created):
				t.Fatalf("late answer in grace: %+v, %v; want stored", r, err)
			case !tc.created && !fault.Is(err, fault.Gone):
				t.Fatalf("late answer without grace: %+v, %v; want a Gone fault", r, err)
			}
			if !tc.created {
				assertEmpty(t, f.path)
			}
		})
	}
}

func TestCloseWithGraceRefusesOutOfRange(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	for _, g := range []time.Duration{-time.Minute, store.MaxGrace + time.Minute} {
		if err := f.s.CloseSessionWithGrace(ctx, f.session.ID, g); !fault.Is(err, fault.Invalid) {
			t.Fatalf("grace %v: %v, want an Invalid fault", g, err)
		}
	}
	sess, err := f.s.SessionByID(ctx, f.session.ID)
	if err != nil || !sess.IsOpen(f.clock.Now()) {
		t.Fatalf("a refused close closed the session: %v", err)
	}
}

// Reopening and closing again without grace ends the earlier grace.
func TestReopenEndsGrace(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	if err := f.s.CloseSessionWithGrace(ctx, f.session.ID, 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := f.s.ReopenSession(ctx, f.session.ID, f.clock.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := f.s.CloseSession(ctx, f.session.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Submit(ctx, f.submission()); !fault.Is(err, fault.Gone) {
		t.Fatalf("after reopen and a close without grace: %v, want Gone", err)
	}
}
