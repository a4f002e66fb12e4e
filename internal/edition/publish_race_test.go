package edition

import (
	"context"
	"sync"
	"testing"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

// Two drafts published at the same moment are each checked against the
// other: a half-year of 46 and its first quarter of 40 give the second
// quarter's 6 back, so at most one of them is published, whatever the
// timing.
func TestPublishAtOnceChecksEachOther(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := release.MustPolicy(10, 0)
	for round := range 12 {
		st, _ := testkit.OpenStore(t, store.Options{})
		shelf := NewShelf(st)
		half := draftSnap(t, st, snap("2026-01", "2026-06", &Table{Cells: []*Cell{shown(46)}}))
		quarter := draftSnap(t, st, snap("2026-01", "2026-03", &Table{Cells: []*Cell{shown(40)}}))
		start := make(chan struct{})
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, id := range []int64{half, quarter} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = Publish(ctx, st, shelf, id, p)
			}()
		}
		close(start)
		wg.Wait()
		for _, err := range errs {
			if err != nil && !fault.Is(err, fault.Conflict) {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if errs[0] == nil && errs[1] == nil {
			t.Fatalf("round %d: both published; together they give a group of 6 back", round)
		}
	}
}

// A draft computed under a lower k than today's is not published as it
// is: it shows groups today's k hides. It must be computed again.
func TestPublishRefusesADraftUnderALowerK(t *testing.T) {
	t.Parallel()
	st, _ := testkit.OpenStore(t, store.Options{})
	s := snap("2026-01", "2026-06", &Table{By: []string{"gender"}, Cells: []*Cell{shown(60), shown(30, "girl"), shown(23, "boy"), shown(7, "other")}})
	s.K = 5
	id := draftSnap(t, st, s)
	if n, err := Publish(context.Background(), st, NewShelf(st), id, release.MustPolicy(10, 0)); !fault.Is(err, fault.Conflict) {
		t.Fatalf("a draft computed under k 5 published as edition %d under k 10: %v", n, err)
	}
	if n, err := Publish(context.Background(), st, NewShelf(st), id, release.MustPolicy(5, 0)); err != nil || n != 1 {
		t.Fatalf("under its own k: edition %d, %v", n, err)
	}
}
