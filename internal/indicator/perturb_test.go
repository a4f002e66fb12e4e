package indicator_test

import (
	"math"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
)

// The perturbation table, measured over every cell key: noise has mean 0,
// the documented variance and maximum, and counts of 1 and 2 never come
// out.
func TestPerturbationTable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n           int
		variance    float64
		maxAbsNoise int
	}{
		{0, 0, 0}, {1, 2, 2}, {2, 2, 2}, {3, 2, 3}, {4, 1, 2},
		{5, indicator.PerturbVariance, indicator.PerturbMaxNoise}, {10, 1, 2}, {1000, 1, 2},
	} {
		var sum, sumSq float64
		worst := 0
		for key := uint32(0); key < 1<<16; key++ {
			p := indicator.Perturb(tc.n, key)
			if p == 1 || p == 2 || p < 0 {
				t.Fatalf("count %d, key %d published as %d", tc.n, key, p)
			}
			d := p - tc.n
			sum += float64(d)
			sumSq += float64(d * d)
			worst = max(worst, abs(d))
		}
		mean, variance := sum/65536, sumSq/65536
		if math.Abs(mean) > 0.001 || math.Abs(variance-tc.variance) > 0.01 || worst != tc.maxAbsNoise {
			t.Errorf("count %d: noise mean %.4f variance %.3f max %d; want 0, %.1f, %d", tc.n, mean, variance, worst, tc.variance, tc.maxAbsNoise)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// The same children get the same noise however they are asked for, and
// another record key gives other noise: the published numbers do not move
// when a query is repeated or reworded.
func TestSameChildrenSameNoise(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	keys := attackKeys(t, sc.f)
	differs := 0
	for _, ix := range keys[:20] {
		a := ask(ix, indicator.Filter{Organisations: []int64{sc.big}})
		b := ask(ix, indicator.Filter{Organisations: []int64{sc.big}, From: "2025-01", To: "2026-06"})
		c := ask(ix, indicator.Filter{Organisations: []int64{sc.big}}, indicator.DimGender)
		if a == nil || b == nil || c == nil {
			t.Fatal("a table of 60 children was refused")
		}
		if a.Grid.Total.N != b.Grid.Total.N || a.Grid.Total.N != c.Grid.Total.N || a.Grid.Total.Value != c.Grid.Total.Value {
			t.Fatalf("the same 60 children: n %d, %d, %d", a.Grid.Total.N, b.Grid.Total.N, c.Grid.Total.N)
		}
		if d := a.Grid.Total.N - 60; d < -indicator.PerturbMaxNoise*2 || d > indicator.PerturbMaxNoise*2 {
			t.Fatalf("60 children published as %d", a.Grid.Total.N)
		}
		if a.Grid.Total.N != 60 {
			differs++
		}
	}
	if differs == 0 {
		t.Fatal("no record key moved the count of 60: nothing is perturbed")
	}
}

// A selection under the minimum base is refused whole, with its own code.
func TestSmallBaseRefused(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	ix := attackKeys(t, sc.f)[0]
	_, err := ix.Compute(indicator.Query{Survey: "wellbeing", Indicator: "bullying", Filter: indicator.Filter{Organisations: []int64{sc.small}}})
	if err == nil || !strings.Contains(err.Error(), "fewer than 50") {
		t.Fatalf("6 children: err %v", err)
	}
	if _, err := ix.Compute(indicator.Query{Survey: "wellbeing", Indicator: "bullying", Filter: indicator.Filter{Genders: []string{"girl", "boy"}}}); err == nil {
		t.Fatal("a list of genders was accepted")
	}
}
