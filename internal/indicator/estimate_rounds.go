package indicator

import (
	"math"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Intervals of the professionals' invitation rounds. Each response is its
// own unit (no sessions), so a mean has the t-interval on n - 1 degrees of
// freedom and a share Korn and Graubard's interval on n - 1 (which is
// Clopper-Pearson's on n - 1 for a simple random sample).
//
// A round with one link per invited organisation is a sample from a small,
// known population: the organisations invited. When 50 of 60 answered,
// the figures describe those 60 with much less uncertainty than a sample
// from an endless population would, so the variance carries the finite
// population correction 1 - f, f = responses / invitations (R's
// svydesign(ids = ~1, fpc = ~N)); every invited organisation answering
// leaves no sampling error at all. An open link invites nobody in
// particular, and a pool over several rounds mixes populations (the same
// organisations answering again), so neither has a correction. The
// correction assumes the organisations that did not answer are like those
// that did: nonresponse is not sampling.

// RoundFPC is the finite population correction of a round's variances.
func RoundFPC(r *store.Round, responses int) float64 {
	return fpcFactor(responses, r.Links, r.OpenLink)
}

// fpcFactor is 1 - f for a round of responses to links invitations, 1
// for an open link or no invitations known.
func fpcFactor(responses, links int, open bool) float64 {
	if open || links <= 0 {
		return 1
	}
	return math.Max(0, 1-float64(responses)/float64(links))
}

// respondentMean sets a shown cell's value, interval and standard error
// from its sums, with the correction factor fpc (1 for none).
func respondentMean(c *Cell, fpc float64) {
	c.Value, c.Lower, c.Upper, c.SE = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	if c.N <= 0 {
		return
	}
	n := float64(c.N)
	c.Value = c.sum / n
	if c.N < 2 {
		return
	}
	c.variance = fpc * math.Max(0, (c.sumSq-n*c.Value*c.Value)/(n-1)) / n
	c.SE = math.Sqrt(c.variance)
	half := TQuantile975(c.N-1) * c.SE
	c.Lower, c.Upper = c.Value-half, c.Value+half
}

// respondentShare returns a share of hits out of n respondents with its
// Korn-Graubard interval and standard error, with the correction factor
// fpc.
func respondentShare(hits, n int, fpc float64) (p, lower, upper, se float64) {
	p, lower, upper, se = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	if n <= 0 {
		return
	}
	nf := float64(n)
	p = float64(hits) / nf
	if n < 2 {
		return
	}
	v := fpc * p * (1 - p) / (nf - 1)
	se = math.Sqrt(v)
	if fpc == 0 {
		return p, p, p, se // every invited organisation answered
	}
	lower, upper = KornGraubard(p, n, v, n-1)
	return p, lower, upper, se
}

// intervals (re)computes every shown interval of a matrix of survey s with
// the correction factor fpc, and flags the numbers (estimate_flags.go).
func (m *Matrix) intervals(s *survey.Survey, fpc float64) {
	mean := func(c *Cell, scale [2]float64) {
		if c.Suppressed {
			return
		}
		respondentMean(c, fpc)
		c.Reliability = Flag(c, survey.Mean, scale, c.N-1)
	}
	for _, b := range m.Blocks {
		for _, mi := range b.Items {
			sc := mi.Item.ScaleDef()
			for _, c := range mi.Cells {
				mean(&c.Cell, [2]float64{float64(sc.First()), float64(sc.Last())})
			}
		}
	}
	for _, pool := range m.Pools {
		def := s.PoolItems(pool.Indicator)[0].ScaleDef()
		sc := [2]float64{float64(def.First()), float64(def.Last())}
		for _, lv := range pool.Levels {
			mean(&lv.Cell, sc)
		}
		mean(&pool.Total, sc)
	}
	for _, sh := range m.Shares {
		if sh.Suppressed {
			continue
		}
		sh.Value, sh.Lower, sh.Upper, sh.SE = respondentShare(int(math.Round(sh.Value*float64(sh.N))), sh.N, fpc)
		sh.variance = sh.SE * sh.SE
		sh.Reliability = Flag(&sh.Cell, survey.Share, [2]float64{0, 1}, sh.N-1)
	}
	for _, cr := range m.Choices {
		cr.SE = math.NaN()
		for i := range cr.Answers {
			b := &cr.Answers[i]
			if !b.Suppressed && cr.N > 0 {
				b.Value, b.Lower, b.Upper, b.SE = respondentShare(b.N, cr.N, fpc)
				b.Reliability = Flag(&Cell{Value: b.Value, Lower: b.Lower, Upper: b.Upper, N: cr.N, NEffective: math.NaN(), SE: b.SE}, survey.Share, [2]float64{0, 1}, cr.N-1)
			}
		}
	}
}
