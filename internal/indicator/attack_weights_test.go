package indicator_test

import (
	"context"
	"math"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
)

// The weighting attack: an analyst asks the same table weighted and
// unweighted and compares. Had the weighted value been made from true
// counts, a cell of one weighting class (one province, age band and sex)
// would show the true share, while the unweighted cell shows the perturbed
// one; side by side they give the noise away, and with it the true count
// (a true 5 of 7 beside a published 6 of 8). Made from perturbed counts by
// class, as weighted.go does, such a cell shows exactly the unweighted
// perturbed share, so the comparison teaches nothing. The test checks that
// in cells whose true share differs from the published one (so a leak
// would show), and that hidden cells stay hidden with weights.
func TestWeightsRevealNoTrueCount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sizes := map[string]int{"school": 23, "youth_work": 17, "youth_care": 3, "residential_care": 14, "other": 11}
	child := 0
	for setting, n := range sizes {
		for _, band := range []string{"10-13", "14-17"} {
			sess := f.session(t, "wellbeing", band, setting, "gent")
			for i := 0; i < n; i++ {
				child++
				f.submit(t, sess, []string{"girl", "boy"}[i%2], map[string]int{"life_satisfaction": child * 7 % 11})
			}
		}
	}
	pop := indicator.NewPopulation(f.cat, append(population("40000", 10, 3000, 1000), population("40000", 14, 2000, 2500)...))
	ix, err := indicator.Load(context.Background(), f.st, f.cat, indicator.WithPopulation(pop))
	if err != nil {
		t.Fatal(err)
	}
	leakWouldShow := 0
	for _, ind := range []string{"life_satisfied", "life_satisfaction_mean"} {
		for _, gender := range []string{"girl", "boy"} {
			for _, band := range []string{"10-13", "14-17"} {
				q := indicator.Query{Survey: "wellbeing", Indicator: ind, By: []indicator.Dim{indicator.DimSetting}, Policy: release.MustPolicy(5, 5),
					Filter: indicator.Filter{Genders: []string{gender}, AgeBands: []string{band}}}
				plain, err := ix.Compute(q)
				if err != nil {
					t.Fatal(err)
				}
				exact, err := ix.ComputeExact(q)
				if err != nil {
					t.Fatal(err)
				}
				q.Weights = indicator.WeightsPopulation
				weighted, err := ix.Compute(q)
				if err != nil {
					t.Fatal(err)
				}
				for r := range plain.Rows {
					p, w, x := plain.Grid.Cells[r][0], weighted.Grid.Cells[r][0], exact.Grid.Cells[r][0]
					if p.Suppressed != w.Suppressed || p.N != w.N {
						t.Fatalf("%s %s %s %s: unweighted %+v, weighted %+v: weights changed what is shown", ind, gender, band, plain.Rows[r].Key, p, w)
					}
					if p.Suppressed {
						if !math.IsNaN(w.Value) {
							t.Fatalf("a hidden cell has a weighted value %v", w.Value)
						}
						continue
					}
					if math.Abs(p.Value-w.Value) > 1e-12 {
						t.Fatalf("%s %s %s %s: weighted %v, unweighted %v: the weighted value is not the perturbed one", ind, gender, band, plain.Rows[r].Key, w.Value, p.Value)
					}
					if x.Value != p.Value {
						leakWouldShow++
					}
				}
			}
		}
	}
	if leakWouldShow < 5 {
		t.Fatalf("only %d cells where the true value differs from the published one: the test would not see a leak", leakWouldShow)
	}
}
