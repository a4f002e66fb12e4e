package indicator

import (
	"math"
	"sync"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// Children answer in sessions (a class, a youth club), and children in one
// session resemble each other, so the intervals treat each session as a
// cluster: a design-based (linearisation, "sandwich") variance of the
// ratio mean y/m with sessions as the primary sampling units, and a t
// quantile with (clusters - 1) degrees of freedom. This is what R's survey
// package computes for svymean(~y, svydesign(ids = ~session)) without
// weights or strata.
//
// For a cell with clusters c = 1..C, m_c children and y_c the sum of their
// values (hits for a share), n = sum m_c and mean = sum y_c / n:
//
//	V_clustered = C/(C-1) * sum_c (y_c - mean*m_c)^2 / n^2
//	V_simple    = s^2 / n, s^2 = sum_i (y_i - mean)^2 / (n-1)
//	deff        = V_clustered / V_simple
//
// With one child per session the two are equal (deff = 1). The simple
// variance is the one of MeanInterval, for shares too (a share is the
// mean of 0/1 values).
//
// Disclosure control counts children, so a published interval is made in
// the perturbed counts' world: the design effect is computed from the true
// per-session sums, rounded to two decimals, and multiplies the simple
// variance of the perturbed counts; the cell key noise adds its own
// (estimate.go, where the intervals are made):
//
//	V = max(deff, 1) * s_perturbed^2 / n_perturbed + V_noise
//	n_effective = n_perturbed / max(deff, 1)
//
// The design effect is published as estimated, below 1 too; the interval
// and the effective n use at least 1, so a handful of sessions that happen
// to agree never make a number look more precise than a simple random
// sample of the same children would.
//
// The true per-session sums never leave this file; only the rounded design
// effect and the number of sessions do, for cells that are shown.

// FewClusters is the number of sessions below which a page warns that the
// interval rests on too few groups to trust: with fewer than 10 clusters the
// t quantile is above 2.26 and the variance estimate itself is unstable
// (a rule of thumb in the survey literature; Kish 1965, Lumley 2010).
const FewClusters = 10

// designSums are one cell's true sums: of its children, each with its
// weight w (1 unweighted) and value y, and of its sessions (clusters).
// Values are counted in category units (y = the position of the value
// among the indicator's values): every value is a + b*y for fixed a and b,
// and the design effect and correlations are the same in either unit, so
// the unweighted sums are whole numbers, equal however they were added up.
type designSums struct {
	n, sw, sy, syy float64 // children: count, sum of w, of w*y, of w*y^2
	clusters       int
	sm2, sym, sy2  float64 // sessions: sum W_c^2, sum Y_c*W_c, sum Y_c^2
}

// addCluster adds one session's m children with weights summing to w,
// weighted values summing to y and weighted squares to yy.
func (d *designSums) addCluster(m, w, y, yy float64) {
	d.n += m
	d.sw += w
	d.sy += y
	d.syy += yy
	d.addSession(w, y)
}

// addSession adds a session whose children in the cell have weights
// summing to w and weighted values summing to y.
func (d *designSums) addSession(w, y float64) {
	d.clusters++
	d.sm2 += w * w
	d.sym += y * w
	d.sy2 += y * y
}

// variances returns the clustered and the simple variance of the
// (weighted) mean; NaN where there is too little to estimate them from.
// With weights, clustered is the linearisation variance of the weighted
// ratio mean, C/(C-1) * sum_c (Y_c - mean*W_c)^2 / (sum w)^2, and simple
// is that of a simple random sample of the same n with the weighted
// variance, s_w^2/n with s_w^2 = sum w (y - mean)^2 / sum w * n/(n-1): the
// ratio is R survey's svymean(..., deff = "replace").
func (d *designSums) variances() (clustered, simple float64) {
	if d.clusters < 2 || d.n < 2 || d.sw <= 0 {
		return math.NaN(), math.NaN()
	}
	mean := d.sy / d.sw
	c := float64(d.clusters)
	resid := math.Max(0, d.sy2-2*mean*d.sym+mean*mean*d.sm2)
	clustered = c / (c - 1) * resid / (d.sw * d.sw)
	simple = math.Max(0, d.syy-d.sw*mean*mean) / d.sw / (d.n - 1)
	return clustered, simple
}

// deff returns the design effect rounded to two decimals, NaN when it is
// not defined (fewer than two sessions, or every child gave the same value).
func (d *designSums) deff() float64 {
	cl, simple := d.variances()
	if math.IsNaN(cl) || simple <= 1e-12 {
		return math.NaN()
	}
	return math.Round(cl/simple*100) / 100
}

// ClusteredInterval returns the 95% interval of a mean of n values with the
// given sum and sum of squares when its simple variance is multiplied by
// deff, with a t quantile on clusters-1 degrees of freedom (the noise of
// perturbed counts left out). Without a design effect (NaN) or with fewer
// than two clusters there is no interval. A share's interval is
// KornGraubard's.
func ClusteredInterval(n int, sum, sumSq, deff float64, clusters int) (mean, lower, upper float64) {
	if n <= 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	nf := float64(n)
	mean = sum / nf
	if n < 2 || clusters < 2 || math.IsNaN(deff) {
		return mean, math.NaN(), math.NaN()
	}
	variance := math.Max(0, (sumSq-nf*mean*mean)/(nf-1))
	half := TQuantile975(clusters-1) * math.Sqrt(deff*variance/nf)
	return mean, mean - half, mean + half
}

// sessionOrder returns the table's rows grouped by session: a counting sort
// on the session column, kept until rows are added. Its cost is one pass
// and 4 bytes a row.
type sessionOrder struct {
	mu    sync.Mutex
	rows  int
	order []int32
	start []int32 // start[s]..start[s+1] are session s's rows in order
}

func (t *table) bySession(sessions int) (order, start []int32) {
	o := &t.order
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.rows == t.rows && len(o.start) == sessions+1 {
		return o.order, o.start
	}
	start = make([]int32, sessions+1)
	for r := 0; r < t.rows; r++ {
		start[t.session.at(r)+1]++
	}
	for s := 1; s <= sessions; s++ {
		start[s] += start[s-1]
	}
	order = make([]int32, t.rows)
	next := append([]int32(nil), start[:sessions]...)
	for r := 0; r < t.rows; r++ {
		s := t.session.at(r)
		order[next[s]] = int32(r)
		next[s]++
	}
	o.rows, o.order, o.start = t.rows, order, start
	return order, start
}

// withDesign gives a cell, made from perturbed counts, its design effect,
// effective size, number of sessions, variance and interval
// (estimate.go).
func (s *scorer) withDesign(c *Cell, d *designSums) {
	c.Clusters = d.clusters
	c.Deff = d.deff()
	c.NEffective = math.NaN()
	c.variance = math.NaN()
	if c.N == 0 {
		return
	}
	// A design effect under 1 (sessions less alike than chance would
	// make them, or too few to tell) never narrows the interval below the
	// simple one: with two sessions of equal shares the estimate is 0.
	used := deffUsed(c.Deff)
	if !math.IsNaN(c.Deff) {
		c.NEffective = math.Round(float64(c.N) / used)
	}
	if c.N >= 2 && c.Clusters >= 2 && (!math.IsNaN(c.Deff) || s.ind.Kind == survey.Share) {
		// A share where every child gave the same answer has no design
		// effect but an interval all the same (estimate.go); a mean has
		// none.
		n := float64(c.N)
		simple := math.Max(0, (c.sumSq-n*c.Value*c.Value)/(n-1)) / n
		c.variance = used*simple + s.noiseVariance(c)
	}
	s.interval(c)
}
