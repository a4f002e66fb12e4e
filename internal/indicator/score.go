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
}

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

// row scores one submission.
func (s *scorer) row(r int) (rowStatus, float64) {
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
		it := s.items[0]
		code := it.col.codes.at(r)
		if st := status(code); st != rowValid {
			return st, 0
		}
		if s.ind.Rescale {
			return rowValid, (float64(code) - it.lo) / it.span * 100
		}
		return rowValid, float64(code)
	}
	return s.index(r)
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

func (c *Cell) add(st rowStatus, v float64) {
	switch st {
	case rowValid:
		c.N++
		c.sum += v
		c.sumSq += v * v
	case rowDontKnow:
		c.DontKnow++
	case rowSkipped:
		c.Skipped++
	}
}

func (c *Cell) merge(o *Cell) {
	c.N += o.N
	c.sum += o.sum
	c.sumSq += o.sumSq
	c.DontKnow += o.DontKnow
	c.Skipped += o.Skipped
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

// grid lays the accumulated cells out with their margins.
func (s *scorer) grid(cells []Cell, rows, cols int) Grid {
	g := Grid{Total: &Cell{}}
	g.ColTotals = make([]*Cell, cols)
	for c := range g.ColTotals {
		g.ColTotals[c] = &Cell{}
	}
	if cols == 1 {
		g.ColTotals[0] = g.Total
	} else {
		g.RowTotals = make([]*Cell, rows)
	}
	for r := 0; r < rows; r++ {
		row := make([]*Cell, cols)
		var rowTotal Cell
		for c := 0; c < cols; c++ {
			cell := &cells[r*cols+c]
			row[c] = cell
			rowTotal.merge(cell)
			if cols > 1 {
				g.ColTotals[c].merge(cell)
			}
		}
		g.Cells = append(g.Cells, row)
		if cols > 1 {
			g.RowTotals[r] = &rowTotal
		}
		g.Total.merge(&rowTotal)
	}
	for _, c := range g.all() {
		s.finish(c)
	}
	return g
}

// distribution counts the answers of a single-item indicator.
type distribution struct {
	col    *column
	codes  []survey.Choice
	counts map[int]int
	total  int
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
	for _, ch := range it.Choices(survey.Band{Min: 10, Max: 17}) {
		if !seen[ch.Code] {
			seen[ch.Code] = true
			choices = append(choices, ch)
		}
	}
	return &distribution{col: col[0], codes: choices, counts: map[int]int{}}
}

func (d *distribution) add(_ *scorer, row int) {
	if d.col == nil {
		return
	}
	code := d.col.codes.at(row)
	if code == notShown {
		return
	}
	d.counts[int(code)]++
	d.total++
}

// buckets returns the distribution over the whole selection: each answer's
// share of all who were asked, "don't know" and skipped included. The
// answers are values of the selection's cell, published with it when it
// shows (at least k answers) and hidden with it otherwise.
func (d *distribution) buckets(total *Cell) []Bucket {
	if d.col == nil || d.total == 0 || total.Suppressed {
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
	for i := range out {
		out[i] = share(out[i].Code, out[i].Label, d.counts[out[i].Code], d.total)
	}
	return out
}
