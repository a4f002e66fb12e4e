package indicator

import (
	"math"
	"slices"
	"sync"

	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// classTallies count a grid's children by unit (cell or margin), weighting
// class and value category, with their record keys: the perturbed world a
// weighted value is made in. Units are the cells row by row, then the row
// totals, the column totals and the total; only the (unit, class) pairs
// that occur get their categories' tallies.
type classTallies struct {
	rows, cols, nv, classes int
	slot                    []int32 // unit*classes+class -> first tally, -1 none
	tallies                 []tally
}

// newClassTallies takes its arrays from those a finished query gave back
// (release), as newClassPairs does.
func newClassTallies(rows, cols, nv, classes int) *classTallies {
	ct, _ := classTalliesPool.Get().(*classTallies)
	if ct == nil {
		ct = &classTallies{}
	}
	units := rows*cols + rows + cols + 1
	ct.rows, ct.cols, ct.nv, ct.classes = rows, cols, nv, classes
	ct.slot = slices.Grow(ct.slot[:0], units*classes)[:units*classes]
	for i := range ct.slot {
		ct.slot[i] = -1
	}
	ct.tallies = ct.tallies[:0] // at appends zeroed tallies
	return ct
}

var classTalliesPool sync.Pool

// release gives the arrays back for the next query; ct is not used after.
func (ct *classTallies) release() {
	if ct != nil {
		classTalliesPool.Put(ct)
	}
}

// add counts one child of a cell, its value category and class, in the
// cell and the margins it lies in.
func (ct *classTallies) add(cell int, cat int32, class int, key uint16) {
	ct.at(cell, class, cat).add(key)
	if ct.cols > 1 {
		ct.at(ct.rows*ct.cols+cell/ct.cols, class, cat).add(key)
		ct.at(ct.rows*ct.cols+ct.rows+cell%ct.cols, class, cat).add(key)
	}
	ct.at(ct.rows*ct.cols+ct.rows+ct.cols, class, cat).add(key)
}

// addTally counts a tally of a cell's children of one class and value
// category, in the cell and the margins it lies in.
func (ct *classTallies) addTally(cell int, cat int32, class int, tl tally) {
	ct.at(cell, class, cat).merge(tl)
	if ct.cols > 1 {
		ct.at(ct.rows*ct.cols+cell/ct.cols, class, cat).merge(tl)
		ct.at(ct.rows*ct.cols+ct.rows+cell%ct.cols, class, cat).merge(tl)
	}
	ct.at(ct.rows*ct.cols+ct.rows+ct.cols, class, cat).merge(tl)
}

func (ct *classTallies) at(unit, class int, cat int32) *tally {
	i := unit*ct.classes + class
	if ct.slot[i] < 0 {
		ct.slot[i] = int32(len(ct.tallies))
		ct.tallies = append(ct.tallies, make([]tally, ct.nv)...)
	}
	return &ct.tallies[int(ct.slot[i])+int(cat)]
}

// weightedSums are a unit's weighted sums from perturbed counts, and
// those of the noise: sum w^2 var(e) v^k for k = 0, 1, 2.
type weightedSums struct {
	sw, swy, swyy float64
	nw0, nw1, nw2 float64
}

// sums weights the perturbed counts of a unit's children by class and
// value: sum over classes and values of w_h * n'_hv (times v, v^2).
func (ct *classTallies) sums(unit int, w []float64, s *scorer) weightedSums {
	var out weightedSums
	for h := 0; h < ct.classes; h++ {
		first := ct.slot[unit*ct.classes+h]
		if first < 0 {
			continue
		}
		for cat, tl := range ct.tallies[first : int(first)+ct.nv] {
			n := float64(s.count(tl))
			v := s.values[cat]
			out.sw += w[h] * n
			out.swy += w[h] * n * v
			out.swyy += w[h] * n * v * v
			if !s.exact {
				e := w[h] * w[h] * release.NoiseVariance(int(n))
				out.nw0 += e
				out.nw1 += e * v
				out.nw2 += e * v * v
			}
		}
	}
	return out
}

// weighted replaces a cell's value and interval, made from perturbed
// counts, with the weighted ones, from the perturbed counts by class: the
// weighted mean, and the interval of the design effect (clustering and
// weights, from the true sums d) times the weighted variance of a simple
// random sample of the cell's published n, plus the noise of the counts
// by class (each weighted: weights multiply the noise of a small class).
// N, the counts and suppression stay unweighted: disclosure control
// counts children.
func (s *scorer) weighted(c *Cell, d *designSums, ws weightedSums) {
	if c.N == 0 {
		return
	}
	c.Value, c.variance = math.NaN(), math.NaN()
	defer s.interval(c)
	if ws.sw <= 0 {
		return // every class's count perturbed to 0: no weighted value
	}
	c.Value = ws.swy / ws.sw
	if c.N < 2 || c.Clusters < 2 || (math.IsNaN(c.Deff) && s.ind.Kind != survey.Share) {
		return
	}
	n := float64(c.N)
	variance := math.Max(0, ws.swyy-ws.sw*c.Value*c.Value) / ws.sw * n / (n - 1)
	noise := math.Max(0, ws.nw2-2*c.Value*ws.nw1+c.Value*c.Value*ws.nw0) / (ws.sw * ws.sw)
	c.variance = deffUsed(c.Deff)*variance/n + noise
}
