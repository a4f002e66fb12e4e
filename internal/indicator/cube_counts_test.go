package indicator_test

import (
	"context"
	mrand "math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
)

// The cube counts a byte a count, and a run of counts with one past 255
// moves to 32 bits; a cell with more than 255 or 65,535 children (one
// month of one version, band, gender, setting and province) keeps counting
// past them, in the index as it grows and as its snapshot restores it:
// every answer is the rows' answer. The rows here come through Append as
// the store's commits do, from sessions of 500 children: the girls all in
// one cell, 256 boys in another.
func TestCubeCountsPast16Bits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	sessions := make([]*store.Session, 160)
	for i := range sessions {
		sessions[i] = f.session(t, "wellbeing", "10-13", "school", "gent")
	}
	sess := sessions[0]
	f.submit(t, sess, "girl", nil) // one stored submission, for the snapshot to name
	s, _ := f.cat.Survey("wellbeing")
	secret := indicator.WithRecordKey([]byte("a record secret for many rows"))
	ix, err := indicator.Load(ctx, f.st, f.cat, secret)
	if err != nil {
		t.Fatal(err)
	}
	// Most children answer as the first does, so single answer codes, not
	// only the rows, pass 65,535 in the cell.
	const rows = 80_000
	rng := mrand.New(mrand.NewPCG(7, 8))
	batch := make([]store.Committed, 0, rows)
	first := demo.NewChild(rng).Submission(s, sess)
	for i := 0; i < rows; i++ {
		sub := demo.NewChild(rng).Submission(s, sessions[i%len(sessions)])
		if i%8 != 0 {
			sub.Answers = first.Answers
		}
		sub.Gender, sub.AgeBand, sub.Age = "girl", "10-13", 11
		batch = append(batch, store.Committed{ID: ix.Counted() + 1 + int64(len(batch)), Day: "2026-03-10", Submission: sub})
	}
	// All but the first boy answer as the first child, so their cell
	// counts 255 and 256 where its runs of counts leave a byte.
	const boys = 256
	for i := 0; i < boys; i++ {
		sub := demo.NewChild(rng).Submission(s, sessions[i%len(sessions)])
		if i > 0 {
			sub.Answers = first.Answers
		}
		sub.Gender, sub.AgeBand, sub.Age = "boy", "10-13", 11
		batch = append(batch, store.Committed{ID: ix.Counted() + 1 + int64(len(batch)), Day: "2026-03-10", Submission: sub})
	}
	ix.Append(batch)
	if got := ix.Rows("wellbeing"); got != rows+boys+1 {
		t.Fatalf("%d rows, not %d", got, rows+boys+1)
	}
	snap := filepath.Join(t.TempDir(), "many.index")
	if err := ix.SaveSnapshot(ctx, f.st, snap); err != nil {
		t.Fatal(err)
	}
	restored, err := indicator.OpenSnapshot(ctx, f.st, f.cat, snap, secret)
	if err != nil {
		t.Fatal(err)
	}
	most := 0                 // the largest count of one category
	counted := map[int]bool{} // the counts of one category by gender
	for _, ind := range s.Indicators {
		for _, by := range [][]indicator.Dim{nil, {indicator.DimGender}, {indicator.DimPeriod, indicator.DimAgeBand}} {
			q := indicator.Query{Survey: s.ID, Indicator: ind.ID, Policy: release.MustPolicy(5, 0), Period: "month", By: by}
			want := flatAll(ix.ComputeFromRows(q))
			for name, x := range map[string]*indicator.Index{"grown": ix, "restored": restored} {
				if !x.Cubed(q) {
					continue
				}
				if got := flatAll(x.Compute(q)); got != want {
					t.Fatalf("%s: %s by %v:\ncube: %.1500s\nrows: %.1500s", name, ind.ID, by, got, want)
				}
			}
			r, err := ix.ComputeExact(q)
			switch {
			case err != nil:
			case by == nil:
				for _, n := range r.Grid.Total.Counts {
					most = max(most, n)
				}
			case len(by) == 1:
				for _, row := range r.Grid.Cells {
					for _, n := range row[0].Counts {
						counted[n] = true
					}
				}
			}
		}
	}
	if most <= 1<<16 {
		t.Fatalf("no category counted more than 65,536 answers in the cell (at most %d): the test does not reach past 16 bits", most)
	}
	if !counted[255] || !counted[256] {
		t.Fatalf("no boys' category counted 255 and another 256 answers (255: %v, 256: %v): the test does not reach past a byte", counted[255], counted[256])
	}
}
