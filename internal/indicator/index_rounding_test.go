package indicator_test

import (
	"context"
	"math"
	"testing"

	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
)

// The wellbeing index is counted in steps of 5 (every child's score is
// rounded to the nearest multiple of 5 before its category's count is
// perturbed), and that shifts the published mean: the shift docs/statistics.md
// states, measured on the 6,837 wellbeing indices of a 20,000-submission
// demo (seed 7) with
//
//	go test ./internal/indicator -run TestIndexRoundingShift -v
//
// which logs: exact mean 67.3720; steps of 5 rounded half away from zero
// (as counted) +0.1484; half to even +0.0473; steps of 2.5 +0.0360; steps
// of 1 +0.0019. Finer steps mean more perturbed counts per cell, so more
// cell key noise in every index (the noise variance grows with the number
// of categories); the shift is stated rather than traded for that. This
// test fails when the counting changes and the statement no longer holds.
func TestIndexRoundingShift(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if _, err := demo.Generate(context.Background(), f.st, f.cat, f.clock, demo.Options{Submissions: 20000, Months: 2, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	ix, err := indicator.Load(context.Background(), f.st, f.cat)
	if err != nil {
		t.Fatal(err)
	}
	var n, exact, away, even, half, one float64
	for _, v := range indicator.IndexScores(ix, "wellbeing", "wellbeing_index") {
		n++
		exact += v
		away += math.Round(v/5) * 5
		even += math.RoundToEven(v/5) * 5
		half += math.RoundToEven(v/2.5) * 2.5
		one += math.RoundToEven(v)
	}
	t.Logf("%v indices: exact mean %.4f; steps of 5 %+.4f, half to even %+.4f; steps of 2.5 %+.4f; steps of 1 %+.4f",
		n, exact/n, away/n-exact/n, even/n-exact/n, half/n-exact/n, one/n-exact/n)
	res, err := ix.ComputeExact(indicator.Query{Survey: "wellbeing", Indicator: "wellbeing_index", Policy: release.MustPolicy(10, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if shift := res.Grid.Total.Value - exact/n; shift < 0.12 || shift > 0.21 {
		t.Fatalf("the published index is %.4f, the exact mean %.4f: a shift of %+.4f, where the docs state +0.15 to +0.2", res.Grid.Total.Value, exact/n, shift)
	}
}
