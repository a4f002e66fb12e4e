// Package indicator turns coded answers into children's-rights indicators:
// shares, means and indices over items with design-based intervals,
// broken down by age, gender, setting, region and period, and made safe to
// publish by one disclosure-control function that every output calls.
package indicator

import (
	"math"
	"sync"
)

// z975 is the 97.5th percentile of the standard normal: 95% intervals.
const z975 = 1.959963984540054

// Wilson returns the 95% Wilson score interval of hits out of n. It stays
// inside [0, 1] and behaves at 0 and n, where the Wald interval fails.
func Wilson(hits, n int) (lower, upper float64) {
	if n <= 0 {
		return math.NaN(), math.NaN()
	}
	p := float64(hits) / float64(n)
	nf := float64(n)
	z2 := z975 * z975
	denom := 1 + z2/nf
	center := (p + z2/(2*nf)) / denom
	half := z975 / denom * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return math.Max(0, center-half), math.Min(1, center+half)
}

// MeanInterval returns the 95% t-interval of a mean from n values with the
// given sum and sum of squares.
func MeanInterval(n int, sum, sumSq float64) (mean, lower, upper float64) {
	if n <= 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	nf := float64(n)
	mean = sum / nf
	if n == 1 {
		return mean, math.NaN(), math.NaN()
	}
	variance := math.Max(0, (sumSq-nf*mean*mean)/(nf-1))
	half := TQuantile975(n-1) * math.Sqrt(variance/nf)
	return mean, mean - half, mean + half
}

// tTable holds the 97.5th percentiles of Student's t for 1 to 99 degrees
// of freedom, computed once (TQuantile); above that the series below is
// good to 1e-10.
var tTable = sync.OnceValue(func() []float64 {
	out := make([]float64, 99)
	for df := range out {
		out[df] = TQuantile(0.975, float64(df+1))
	}
	return out
})

// TQuantile975 returns the 97.5th percentile of Student's t with df degrees
// of freedom: exact up to 99, above that from the Cornish-Fisher
// expansion (Abramowitz and Stegun 26.7.5).
func TQuantile975(df int) float64 {
	if df <= 0 {
		return math.NaN()
	}
	if table := tTable(); df <= len(table) {
		return table[df-1]
	}
	z := z975
	v := float64(df)
	z2 := z * z
	g1 := (z2 + 1) * z / 4
	g2 := ((5*z2+16)*z2 + 3) * z / 96
	g3 := (((3*z2+19)*z2+17)*z2 - 15) * z / 384
	g4 := ((((79*z2+776)*z2+1482)*z2-1920)*z2 - 945) * z / 92160
	return z + g1/v + g2/(v*v) + g3/(v*v*v) + g4/(v*v*v*v)
}
