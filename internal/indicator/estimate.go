package indicator

import (
	"math"

	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// The estimators live in the estimate*.go files; the scan that gathers
// what they need lives in query.go (counts by cell and category) and
// design.go (sums by session). docs/statistics.md lists which estimator
// is in which file.
//
// A published value is made from perturbed counts (score.go, weighted.go),
// and its variance has two parts:
//
//	V = max(deff, 1) * V_srs + V_noise
//
// V_srs is the variance of a simple random sample of the cell's children
// (s^2/n, or the weighted s_w^2/n), from the perturbed counts; deff is the
// design effect of sessions as clusters, from the true per-session sums and
// rounded to two decimals (design.go); V_noise is what the cell key noise
// adds (noiseVariance). Check's exact tallies have no noise.
//
// The 95% interval of a share is Korn and Graubard's (1998): the
// Clopper-Pearson interval on the effective sample size n* = p(1-p)/V,
// times (t(n-1)/t(df))^2 so that few sessions widen it as a t quantile
// would, with df = sessions - 1. It stays inside [0, 1] and is what R's
// survey package gives with svyciprop(..., method = "beta"). Where every
// child gave the same answer (p is 0 or 1) there is no variance to make n*
// from, and n* is n: the Clopper-Pearson interval of n children, the
// df-adjustment included. The interval of a mean is the t-interval,
// value -/+ t(df) * sqrt(V), kept inside the scale.

// KornGraubard returns the 95% Korn-Graubard interval of a share p of n
// children whose estimate has variance v, with df degrees of freedom of
// the design (sessions - 1).
func KornGraubard(p float64, n int, v float64, df int) (lower, upper float64) {
	if n < 1 || df < 1 || math.IsNaN(p) || math.IsNaN(v) {
		return math.NaN(), math.NaN()
	}
	nf := float64(n)
	eff := nf
	if p > 0 && p < 1 && v > 0 {
		eff = p * (1 - p) / v
	}
	if n > 1 {
		r := TQuantile975(n-1) / TQuantile975(df)
		eff *= r * r
	}
	lower, upper = 0, 1
	if p > 0 {
		lower = BetaQuantile(0.025, eff*p, eff*(1-p)+1)
	}
	if p < 1 {
		upper = BetaQuantile(0.975, eff*p+1, eff*(1-p))
	}
	return lower, upper
}

// interval gives a cell with a value and a variance its 95% interval and
// standard error: Korn-Graubard for a share, the t-interval for a mean,
// on sessions - 1 degrees of freedom. Without two sessions, or without
// a variance, there is none.
func (s *scorer) interval(c *Cell) {
	c.Lower, c.Upper, c.SE = math.NaN(), math.NaN(), math.NaN()
	if math.IsNaN(c.Value) || math.IsNaN(c.variance) || c.N < 2 || c.Clusters < 2 {
		return
	}
	c.SE = math.Sqrt(c.variance)
	df := c.Clusters - 1
	if s.ind.Kind == survey.Share {
		c.Lower, c.Upper = KornGraubard(c.Value, c.N, c.variance, df)
		return
	}
	half := TQuantile975(df) * c.SE
	c.Lower, c.Upper = math.Max(c.Value-half, s.scale[0]), math.Min(c.Value+half, s.scale[1])
}

// noiseVariance is the variance the cell key noise adds to a value made
// from perturbed category counts: each count's noise is independent with
// variance release.NoiseVariance, so to first order the value moves by
// sum_v (v - value) e_v / n and its variance is
// sum_v (v - value)^2 var(e_v) / n^2. Exact tallies have none.
func (s *scorer) noiseVariance(c *Cell) float64 {
	if s.exact || c.N == 0 {
		return 0
	}
	sum := 0.0
	for i, n := range c.Counts {
		d := s.values[i] - c.Value
		sum += d * d * release.NoiseVariance(n)
	}
	return sum / float64(c.N) / float64(c.N)
}

// deffUsed is the design effect an interval uses: at least 1, and 1 where
// none could be estimated (a share every child answered alike).
func deffUsed(deff float64) float64 {
	if math.IsNaN(deff) {
		return 1
	}
	return math.Max(deff, 1)
}
