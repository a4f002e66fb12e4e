package release_test

import (
	"math"
	"testing"

	"github.com/kinderstem/kinderstem/internal/release"
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
		{5, release.PerturbVariance, release.PerturbMaxNoise}, {10, 1, 2}, {1000, 1, 2},
	} {
		var sum, sumSq float64
		worst := 0
		for key := uint32(0); key < 1<<16; key++ {
			p := release.Perturb(tc.n, key)
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
