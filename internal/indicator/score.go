package indicator

import (
	"math"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// rowStatus is what one submission contributes to an indicator.
type rowStatus int8

const (
	rowValid rowStatus = iota
	rowDontKnow
	rowSkipped
	rowNotShown
)

// scorer turns one row's codes into an indicator value.
type scorer struct {
	ind   *survey.Indicator
	cols  []*column   // share: the item's column(s); mean and index: one per item
	top   [128]bool   // share on a single column: codes that count
	multi bool        // share on a multi item: cols are the top options
	items []itemScore // mean and index
	scale [2]float64
	// values are the indicator values a valid row can take, by category:
	// 0 and 1 for a share, each code for a mean, steps of indexStep for an
	// index. Published cells are made from perturbed counts of these.
	values []float64
	lo     int  // a mean's lowest code: category 0
	exact  bool // Check's tallies: no perturbation, never published
}

// indexStep is the width of the categories an index value is counted in:
// a child's index is rounded to it before the counts are perturbed.
const indexStep = 5

type itemScore struct {
	col      *column
	lo, span float64 // value = (code - lo) / span * 100 on the 0-100 scale
	reverse  bool
}

func newScorer(t *table, ind *survey.Indicator) (*scorer, error) {
	s := &scorer{ind: ind}
	switch ind.Kind {
	case survey.Share:
		s.scale = [2]float64{0, 1}
		c := t.colOf[ind.Items[0]]
		it := t.cols[c].item
		if it.Kind == survey.KindMulti {
			s.multi = true
			for i := c; i < len(t.cols) && t.cols[i].item == it; i++ {
				for _, code := range ind.Top {
					if t.cols[i].option == code {
						s.cols = append(s.cols, &t.cols[i])
					}
				}
			}
			if len(s.cols) == 0 {
				s.cols = []*column{&t.cols[c]}
			}
			break
		}
		s.cols = []*column{&t.cols[c]}
		for _, code := range ind.Top {
			if code >= 0 && code < len(s.top) {
				s.top[code] = true
			}
		}
	case survey.Mean, survey.Index:
		for _, id := range ind.Items {
			c := &t.cols[t.colOf[id]]
			lo, hi := c.item.CodeRange()
			s.items = append(s.items, itemScore{col: c, lo: float64(lo), span: float64(max(1, hi-lo)), reverse: contains(ind.Reverse, id)})
		}
		s.scale = [2]float64{0, 100}
		if ind.Kind == survey.Mean && !ind.Rescale {
			lo, hi := s.items[0].col.item.CodeRange()
			s.scale = [2]float64{float64(lo), float64(hi)}
		}
	}
	switch ind.Kind {
	case survey.Share:
		s.values = []float64{0, 1}
	case survey.Mean:
		it := s.items[0]
		lo, hi := it.col.item.CodeRange()
		s.lo = lo
		for code := lo; code <= hi; code++ {
			v := float64(code)
			if ind.Rescale {
				v = (float64(code) - it.lo) / it.span * 100
			}
			s.values = append(s.values, v)
		}
	case survey.Index:
		for v := 0; v <= 100; v += indexStep {
			s.values = append(s.values, float64(v))
		}
	}
	return s, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func status(code int8) rowStatus {
	switch code {
	case notShown:
		return rowNotShown
	case survey.CodeSkipped:
		return rowSkipped
	case survey.CodeDontKnow:
		return rowDontKnow
	}
	return rowValid
}

// row scores one submission: its status, and for a valid answer the
// category of its value (an index into values).
func (s *scorer) row(r int) (rowStatus, int) {
	switch s.ind.Kind {
	case survey.Share:
		code := s.cols[0].codes.at(r)
		if st := status(code); st != rowValid {
			return st, 0
		}
		if s.multi {
			for _, c := range s.cols {
				if c.codes.at(r) == 1 {
					return rowValid, 1
				}
			}
			return rowValid, 0
		}
		if s.top[code] {
			return rowValid, 1
		}
		return rowValid, 0
	case survey.Mean:
		code := s.items[0].col.codes.at(r)
		if st := status(code); st != rowValid {
			return st, 0
		}
		return rowValid, min(max(int(code)-s.lo, 0), len(s.values)-1)
	}
	st, v := s.index(r)
	return st, int(math.Round(v / indexStep))
}

// index is the mean of the item scores on 0-100 over the items answered,
// when at least MinItems are; fewer counts as skipped.
func (s *scorer) index(r int) (rowStatus, float64) {
	answered, shown, dontKnow := 0, 0, 0
	sum := 0.0
	for _, it := range s.items {
		code := it.col.codes.at(r)
		switch status(code) {
		case rowNotShown:
			continue
		case rowDontKnow:
			dontKnow++
		case rowValid:
			v := (float64(code) - it.lo) / it.span * 100
			if it.reverse {
				v = 100 - v
			}
			sum += v
			answered++
		}
		shown++
	}
	switch {
	case shown == 0:
		return rowNotShown, 0
	case answered >= s.ind.MinItems:
		return rowValid, sum / float64(answered)
	case dontKnow > 0 && answered+dontKnow >= s.ind.MinItems:
		return rowDontKnow, 0
	}
	return rowSkipped, 0
}

// cellFrom publishes one cell from its true tallies: every category's
// count is perturbed, and the base, the value and its interval are made
// from the perturbed counts only. tallies holds the value categories, then
// "don't know", then skipped.
func (s *scorer) cellFrom(tallies []tally) *Cell {
	c := &Cell{}
	nv := len(s.values)
	c.Counts = make([]int, nv)
	for i := 0; i < nv; i++ {
		n := s.count(tallies[i])
		c.Counts[i] = n
		c.N += n
		v := s.values[i]
		c.sum += float64(n) * v
		c.sumSq += float64(n) * v * v
	}
	c.DontKnow = s.count(tallies[nv])
	c.Skipped = s.count(tallies[nv+1])
	s.finish(c)
	return c
}

func (s *scorer) count(t tally) int {
	if s.exact {
		return int(t.n)
	}
	return t.perturbed()
}

// finish computes the value and its interval from the accumulators.
func (s *scorer) finish(c *Cell) {
	if c.N == 0 {
		c.Value, c.Lower, c.Upper = math.NaN(), math.NaN(), math.NaN()
		return
	}
	if s.ind.Kind == survey.Share {
		hits := int(math.Round(c.sum))
		c.Value = float64(hits) / float64(c.N)
		c.Lower, c.Upper = Wilson(hits, c.N)
		return
	}
	c.Value, c.Lower, c.Upper = MeanInterval(c.N, c.sum, c.sumSq)
}

// grid lays the cells out with their margins. tallies holds ncat tallies
// per cell, row by row; a margin's tallies are the sums of its cells',
// keys included, so a margin is perturbed as the set of children it is.
func (s *scorer) grid(tallies []tally, rows, cols int) Grid {
	ncat := len(s.values) + 2
	sum := func(into []tally, from []tally) {
		for i := range into {
			into[i].merge(from[i])
		}
	}
	total := make([]tally, ncat)
	colTotals := make([][]tally, cols)
	for c := range colTotals {
		colTotals[c] = make([]tally, ncat)
	}
	g := Grid{ColTotals: make([]*Cell, cols)}
	if cols > 1 {
		g.RowTotals = make([]*Cell, rows)
	}
	rowTotal := make([]tally, ncat)
	for r := 0; r < rows; r++ {
		clear(rowTotal)
		row := make([]*Cell, cols)
		for c := 0; c < cols; c++ {
			at := tallies[(r*cols+c)*ncat : (r*cols+c+1)*ncat]
			row[c] = s.cellFrom(at)
			sum(rowTotal, at)
			sum(colTotals[c], at)
		}
		g.Cells = append(g.Cells, row)
		if cols > 1 {
			g.RowTotals[r] = s.cellFrom(rowTotal)
		}
		sum(total, rowTotal)
	}
	g.Total = s.cellFrom(total)
	if cols == 1 {
		g.ColTotals[0] = g.Total
	} else {
		for c := range colTotals {
			g.ColTotals[c] = s.cellFrom(colTotals[c])
		}
	}
	return g
}

// distribution counts the answers of a single-item indicator.
type distribution struct {
	col    *column
	codes  []survey.Choice
	counts map[int]*tally
}

func (s *scorer) newDistribution() *distribution {
	if s.ind.Kind == survey.Index || s.multi {
		return &distribution{}
	}
	col := s.cols
	if s.ind.Kind == survey.Mean {
		col = []*column{s.items[0].col}
	}
	it := col[0].item
	// Every answer any band can give, on the stored scale.
	var choices []survey.Choice
	seen := map[int]bool{}
	for _, ch := range it.StoredChoices() {
		if !seen[ch.Code] {
			seen[ch.Code] = true
			choices = append(choices, ch)
		}
	}
	return &distribution{col: col[0], codes: choices, counts: map[int]*tally{}}
}

func (d *distribution) add(row int, key uint16) {
	if d.col == nil {
		return
	}
	code := int(d.col.codes.at(row))
	if code == int(notShown) {
		return
	}
	t := d.counts[code]
	if t == nil {
		t = &tally{}
		d.counts[code] = t
	}
	t.add(key)
}

// merge counts a tally of rows that answered code.
func (d *distribution) merge(code int, tl tally) {
	t := d.counts[code]
	if t == nil {
		t = &tally{}
		d.counts[code] = t
	}
	t.merge(tl)
}

// buckets returns the distribution over the whole selection: each answer's
// perturbed count and its share of the perturbed counts of all who were
// asked, "don't know" and skipped included. The answers are values of the
// selection's cell, published with it when it shows (at least k answers)
// and hidden with it otherwise.
func (d *distribution) buckets(total *Cell) []Bucket {
	if d.col == nil || len(d.counts) == 0 || total.Suppressed {
		return nil
	}
	var out []Bucket
	for _, ch := range d.codes {
		out = append(out, Bucket{Code: ch.Code, Label: ch.Label})
	}
	if d.col.item.OffersDontKnow() {
		out = append(out, Bucket{Code: survey.CodeDontKnow, Label: "answer.dont_know"})
	}
	out = append(out, Bucket{Code: survey.CodeSkipped, Label: "answer.skipped"})
	counts := make([]int, len(out))
	all := 0
	for i := range out {
		if t := d.counts[out[i].Code]; t != nil {
			counts[i] = t.perturbed()
		}
		all += counts[i]
	}
	for i := range out {
		out[i] = share(out[i].Code, out[i].Label, counts[i], all)
	}
	return out
}
