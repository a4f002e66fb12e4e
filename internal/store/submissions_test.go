package store_test

import (
	"context"
	"crypto/rand"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

// fixture is a store with the real survey catalog and one open session.
type fixture struct {
	s       *store.Store
	path    string
	session *store.Session
	clock   *clock
}

// clock is the shared test kit's.
type clock = testkit.Clock

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	return newFixtureWith(tb, store.Options{})
}

func newFixtureWith(tb testing.TB, opts store.Options) *fixture {
	tb.Helper()
	c := testkit.NewClock(time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC))
	opts.Now = c.Now
	s, path, _, _ := testkit.OpenCatalogStore(tb, opts)
	ctx := context.Background()
	org, err := s.CreateOrganisation(ctx, "Jeugdhuis Test", "ngo")
	if err != nil {
		tb.Fatal(err)
	}
	sess := &store.Session{OrganisationID: org, SurveyID: "wellbeing", SurveyVersion: 1, SurveyHash: "h", AgeBand: "10-13",
		Lang: "nl", Setting: "youth_work", Region: "gent", ClosesAt: c.Now().Add(2 * time.Hour), ResultsUntil: c.Now().Add(90 * 24 * time.Hour)}
	if err := s.CreateSession(ctx, sess); err != nil {
		tb.Fatal(err)
	}
	return &fixture{s: s, path: path, session: sess, clock: c}
}

func (f *fixture) submission() *store.Submission {
	var uid [16]byte
	rand.Read(uid[:])
	return &store.Submission{UID: uid, SessionID: f.session.ID, SurveyID: "wellbeing", SurveyVersion: 1, Lang: "nl",
		Age: 11, AgeBand: "10-13", Gender: "girl", Complete: true, Answers: []store.Answer{
			{Item: "life_satisfaction", Code: 8}, {Item: "felt_happy", Code: survey.CodeSkipped},
			{Item: "anything_else", Code: 1, Text: "Meer speeltijd"},
		}}
}

func TestSubmitStoresOnceAndReplaysHarmlessly(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	sub := f.submission()
	first, err := f.s.Submit(ctx, sub)
	if err != nil || !first.Created {
		t.Fatalf("first submit = %+v, %v; want created", first, err)
	}
	again, err := f.s.Submit(ctx, sub)
	if err != nil || again.Created || again.ID != first.ID {
		t.Fatalf("replay = %+v, %v; want the same id, not created", again, err)
	}
	n, _ := f.s.CountSubmissions(ctx, f.session.ID)
	if n != 1 {
		t.Fatalf("count = %d, want 1", n)
	}
	rows := rawQuery(t, f.path, `SELECT day FROM submissions`)
	defer rows.Close()
	rows.Next()
	var day string
	rows.Scan(&day)
	if day != "2026-03-14" {
		t.Fatalf("day = %q, want the date only, 2026-03-14", day)
	}
}

func TestSubmitRefusesClosedSessionAndLeavesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	if err := f.s.CloseSession(ctx, f.session.ID); err != nil {
		t.Fatal(err)
	}
	_, err := f.s.Submit(ctx, f.submission())
	if !fault.Is(err, fault.Gone) {
		t.Fatalf("submit to a closed session: %v, want a Gone fault", err)
	}
	assertEmpty(t, f.path)
}

func TestSubmitRefusesAfterClosingTime(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.clock.Add(3 * time.Hour)
	_, err := f.s.Submit(context.Background(), f.submission())
	if !fault.Is(err, fault.Gone) {
		t.Fatalf("submit after closing time: %v, want a Gone fault", err)
	}
}

func TestSubmitSameIDOtherSessionConflicts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	sub := f.submission()
	if _, err := f.s.Submit(ctx, sub); err != nil {
		t.Fatal(err)
	}
	other := *f.session
	if err := f.s.CreateSession(ctx, &other); err != nil {
		t.Fatal(err)
	}
	moved := *sub
	moved.SessionID = other.ID
	if _, err := f.s.Submit(ctx, &moved); !fault.Is(err, fault.Conflict) {
		t.Fatalf("same id in another session: %v, want a Conflict fault", err)
	}
}

// A bad submission in a group commit fails alone: the others in the same
// batch are stored, and nothing of the bad one is.
func TestBadSubmissionFailsAloneInABatch(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 40)
	for i := range errs {
		sub := f.submission()
		if i%4 == 0 {
			sub.Answers = append(sub.Answers, store.Answer{Item: "free_time", Code: -9}) // violates CHECK (code >= -2)
		}
		wg.Add(1)
		go func() { defer wg.Done(); _, errs[i] = f.s.Submit(ctx, sub) }()
	}
	wg.Wait()
	for i, err := range errs {
		if (i%4 == 0) != (err != nil) {
			t.Errorf("submission %d: err = %v", i, err)
		}
	}
	n, _ := f.s.CountSubmissions(ctx, f.session.ID)
	if n != 30 {
		t.Fatalf("stored %d submissions, want 30", n)
	}
	rows := rawQuery(t, f.path, `SELECT count(*) FROM answers WHERE submission_id NOT IN (SELECT id FROM submissions)`)
	defer rows.Close()
	rows.Next()
	var orphans int
	rows.Scan(&orphans)
	if orphans != 0 {
		t.Fatalf("%d answers without a submission", orphans)
	}
}

func TestCommitHookSeesDurableSubmissions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var mu sync.Mutex
	var seen []store.Committed
	f.s.OnCommit(func(c []store.Committed) { mu.Lock(); seen = append(seen, c...); mu.Unlock() })
	ctx := context.Background()
	sub := f.submission()
	f.s.Submit(ctx, sub)
	f.s.Submit(ctx, sub) // a replay is not news
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 || seen[0].Day != "2026-03-14" || seen[0].UID != sub.UID {
		t.Fatalf("hook saw %+v, want the one new submission", seen)
	}
}

// A small batch waits a moment for the submissions on their way, so that
// they share one commit; without the delay each goes alone.
func TestSmallBatchesWaitForMore(t *testing.T) {
	t.Parallel()
	// With a commit delay, a submission that arrives while the first one
	// waits joins its batch: one commit for two. The delay is far longer
	// than the gap between them, so a busy machine does not change the
	// outcome; with batches of at most 8, two are enough (a quarter) to
	// commit at once, so the test need not sit out the delay.
	f := newFixtureWith(t, store.Options{CommitDelay: time.Minute, MaxBatch: 8})
	var commits atomic.Int32
	f.s.OnCommit(func([]store.Committed) { commits.Add(1) })
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.s.Submit(context.Background(), f.submission()); err != nil {
				t.Error(err)
			}
		}()
		time.Sleep(20 * time.Millisecond)
	}
	wg.Wait()
	if got := commits.Load(); got != 1 {
		t.Errorf("two submissions 20 ms apart with a minute's delay took %d commits, want 1", got)
	}

	// Without a delay, a lone submission is committed on its own: Submit
	// returns without waiting for a partner, one commit each.
	f = newFixtureWith(t, store.Options{CommitDelay: -1})
	commits.Store(0)
	f.s.OnCommit(func([]store.Committed) { commits.Add(1) })
	for range 2 {
		if _, err := f.s.Submit(context.Background(), f.submission()); err != nil {
			t.Fatal(err)
		}
	}
	if got := commits.Load(); got != 2 {
		t.Errorf("two submissions one after the other took %d commits, want 2", got)
	}
}

func TestSubmitAfterCloseIsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.s.Close()
	if _, err := f.s.Submit(context.Background(), f.submission()); err != store.ErrClosed {
		t.Fatalf("submit after close: %v, want ErrClosed", err)
	}
}

func assertEmpty(tb testing.TB, path string) {
	tb.Helper()
	for _, table := range []string{"submissions", "answers", "texts"} {
		rows := rawQuery(tb, path, "SELECT count(*) FROM "+table)
		rows.Next()
		var n int
		rows.Scan(&n)
		rows.Close()
		if n != 0 {
			tb.Errorf("%s has %d rows, want none", table, n)
		}
	}
}

// A child's tablet that was offline resends after the worker closed the
// session: the submission is already stored, so the answer is its receipt.
func TestReplayAfterCloseIsAnsweredWithTheReceipt(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	sub := f.submission()
	first, err := f.s.Submit(ctx, sub)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.CloseSession(ctx, f.session.ID); err != nil {
		t.Fatal(err)
	}
	again, err := f.s.Submit(ctx, sub)
	if err != nil || again.Created || again.ID != first.ID {
		t.Fatalf("replay after close = %+v, %v; want the first id, not created", again, err)
	}
}

// The same id sent many times at once, so that copies share a batch, is
// stored once; every copy gets the same id back.
func TestConcurrentCopiesAreStoredOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	sub := f.submission()
	var wg sync.WaitGroup
	receipts := make([]store.Receipt, 30)
	errs := make([]error, len(receipts))
	for i := range receipts {
		wg.Add(1)
		go func() { defer wg.Done(); receipts[i], errs[i] = f.s.Submit(ctx, sub) }()
	}
	wg.Wait()
	created := 0
	for i, r := range receipts {
		if errs[i] != nil || r.ID != receipts[0].ID {
			t.Fatalf("copy %d = %+v, %v; want id %d", i, r, errs[i], receipts[0].ID)
		}
		if r.Created {
			created++
		}
	}
	if n, _ := f.s.CountSubmissions(ctx, f.session.ID); n != 1 || created != 1 {
		t.Fatalf("stored %d, created %d; want 1 and 1", n, created)
	}
}
