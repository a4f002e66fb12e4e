// Package indicator turns coded answers into children's-rights indicators:
// shares with Wilson intervals, means with t-intervals, indices over items,
// broken down by age, gender, setting, region and period, and made safe to
// publish by one disclosure-control function that every output calls.
package indicator

import "math"

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

// tTable holds the 97.5th percentiles of Student's t for 1 to 30 degrees
// of freedom, where the series below is not yet close enough.
var tTable = [...]float64{
	12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
	2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
	2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
}

// TQuantile975 returns the 97.5th percentile of Student's t with df degrees
// of freedom: from a table up to 30, above that from the Cornish-Fisher
// expansion (Abramowitz and Stegun 26.7.5), good to 1e-5 there.
func TQuantile975(df int) float64 {
	if df <= 0 {
		return math.NaN()
	}
	if df <= len(tTable) {
		return tTable[df-1]
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
