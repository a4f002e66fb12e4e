package indicator

import (
	"math"
	"sort"
)

// Many comparisons. A breakdown of 12 levels has 66 pairs; at the 5%
// level about three of them look different by chance alone. So every
// difference carries, beside its own p-value, Holm's adjusted p-value
// over the pairs tested in the same breakdown (R's p.adjust(p, "holm")):
// it keeps the chance of any false "different" at 5% over them all, and
// is never less powerful than Bonferroni's.

// Holm returns Holm's step-down adjustment of the p-values ps (NaN stays
// NaN and takes no part): the i-th smallest of m is multiplied by m-i+1,
// and each adjusted value is at least the one before it, at most 1.
func Holm(ps []float64) []float64 {
	out := make([]float64, len(ps))
	var idx []int
	for i, p := range ps {
		out[i] = math.NaN()
		if !math.IsNaN(p) {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return ps[idx[a]] < ps[idx[b]] })
	m := len(idx)
	running := 0.0
	for rank, i := range idx {
		running = math.Max(running, math.Min(1, float64(m-rank)*ps[i]))
		out[i] = running
	}
	return out
}

// holmDifferences sets PHolm of every tested difference.
func holmDifferences(ds []Difference) {
	ps := make([]float64, len(ds))
	for i, d := range ds {
		ps[i] = d.P
	}
	for i, p := range Holm(ps) {
		ds[i].PHolm = p
	}
}
