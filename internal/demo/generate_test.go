package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

// A second demo run on the same database, with the same seed, adds its
// children to the same demo organisations, instead of stopping on their
// names or on the submission ids the first run drew.
func TestDemoRunsTwiceOnOneDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &demo.Clock{}
	clock.Set(time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC))
	st, path, cat, _ := testkit.OpenCatalogStore(t, store.Options{Now: clock.Now})
	opts := demo.Options{Submissions: 300, Months: 2, Seed: 3, End: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
	var orgs []int
	for run := range 2 {
		if _, err := demo.Generate(ctx, st, cat, clock, opts); err != nil {
			t.Fatalf("run %d: %v", run+1, err)
		}
		have, err := st.Organisations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		orgs = append(orgs, len(have))
	}
	if orgs[0] == 0 || orgs[1] != orgs[0] {
		t.Errorf("organisations after each run: %v; want the same, more than none", orgs)
	}
	if got, want := dump(t, path, `SELECT count(*) FROM submissions`), "600|\n"; got != want {
		t.Errorf("submissions after two runs of %d: %q, want %q", opts.Submissions, got, want)
	}
}
