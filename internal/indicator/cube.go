package indicator

import "github.com/kinderstem/kinderstem/internal/survey"

// The cube is a table's pre-aggregate for counting: one cell per survey
// version × month × age band × gender × setting × province that occurs,
// holding true counts with their record-key sums (a tally, cut to 6
// bytes) for:
//
//   - every row (the weights' class sizes, the periods a selection spans);
//   - every answer code of each item a single-item share or mean is made
//     of, "don't know" and skipped included (the indicator's categories
//     and its answer distribution are sums of these);
//   - every value category of each indicator scored across items (an
//     index, a share of a multi item), "don't know" and skipped included.
//
// A query whose filters and breakdowns are all among these six dimensions
// adds up cells instead of rows: a few thousand cells instead of millions
// of rows. Tallies are sums, so a sum of cells is exactly the tally the
// rows would give, record keys included, and so is the perturbed count.
// The sessions' sums the intervals need are kept beside it (blocks.go).
type cube struct {
	ok    bool // every row so far fits; when false, queries on the table scan rows
	cells map[uint64]int32
	keys  []cellKey
	width int // tallies per cell
	n     cellCounts
	key   cellColumn[uint16] // record-key sums modulo 2^16, all the perturbation reads
	cols  []codeCol          // items counted code by code
	inds  []cubeView         // by indicator position in the survey; nil view: not in the cube
}

// cellKey is a cell's place in the six dimensions.
type cellKey struct {
	version, band, gender uint8
	setting, province     uint8
	month                 uint16
}

func (k cellKey) pack() uint64 {
	return uint64(k.version) | uint64(k.band)<<8 | uint64(k.gender)<<16 | uint64(k.setting)<<24 |
		uint64(k.province)<<32 | uint64(k.month)<<40
}

// codeCol is an item counted code by code: the tallies of codes lo..hi,
// then "don't know", then skipped, from off.
type codeCol struct {
	col, lo, hi, off int
}

func (c codeCol) slots() int { return c.hi - c.lo + 3 }

// slot is where a code is counted, -1 for not shown, -2 for a code outside
// the item's range (which no valid answer has).
func (c codeCol) slot(code int8) int {
	switch {
	case code == notShown:
		return -1
	case code == survey.CodeDontKnow:
		return c.hi - c.lo + 1
	case code == survey.CodeSkipped:
		return c.hi - c.lo + 2
	case int(code) < c.lo || int(code) > c.hi:
		return -2
	}
	return int(code) - c.lo
}

// cubeView says where an indicator's tallies are: catOf maps the tallies
// from off to its categories (values, then "don't know", then skipped).
type cubeView struct {
	off   int
	catOf []int
	col   *codeCol // the item counted code by code; nil when scored
	score *scorer  // scored across items at each row; nil when counted by code
}

// newCube lays out the cube of a table: a tally for the rows, the code
// columns of single-item shares and means, the categories of the others.
func newCube(t *table) *cube {
	cb := &cube{ok: true, cells: map[uint64]int32{}, width: 1}
	colAt := map[int]int{} // column -> its codeCol
	for _, ind := range t.s.Indicators {
		if !cubeKinds[ind.Kind] {
			cb.inds = append(cb.inds, cubeView{})
			continue
		}
		sc, err := newScorer(t, ind)
		if err != nil || len(sc.values) == 0 {
			cb.inds = append(cb.inds, cubeView{})
			continue
		}
		ncat := len(sc.values) + 2
		if ind.Kind == survey.Index || sc.multi {
			v := cubeView{off: cb.width, score: sc}
			for i := 0; i < ncat; i++ {
				v.catOf = append(v.catOf, i)
			}
			cb.width += ncat
			cb.inds = append(cb.inds, v)
			continue
		}
		col := sc.cols
		if ind.Kind == survey.Mean {
			col = []*column{sc.items[0].col}
		}
		pos := t.colOf[col[0].item.ID]
		ci, ok := colAt[pos]
		if !ok {
			lo, hi := col[0].item.CodeRange()
			ci = len(cb.cols)
			colAt[pos] = ci
			cb.cols = append(cb.cols, codeCol{col: pos, lo: lo, hi: hi, off: cb.width})
			cb.width += cb.cols[ci].slots()
		}
		cc := cb.cols[ci]
		v := cubeView{off: cc.off, col: &cb.cols[ci]}
		for code := cc.lo; code <= cc.hi; code++ {
			cat := 0
			switch {
			case ind.Kind == survey.Mean:
				cat = min(max(code-sc.lo, 0), len(sc.values)-1)
			case code >= 0 && code < len(sc.top) && sc.top[code]:
				cat = 1
			}
			v.catOf = append(v.catOf, cat)
		}
		v.catOf = append(v.catOf, ncat-2, ncat-1)
		cb.inds = append(cb.inds, v)
	}
	// The views point into cols, which is complete now.
	for i := range cb.inds {
		if cb.inds[i].col != nil {
			for j := range cb.cols {
				if cb.cols[j].off == cb.inds[i].off {
					cb.inds[i].col = &cb.cols[j]
				}
			}
		}
	}
	cb.n.narrow.width, cb.key.width = cb.width, cb.width
	return cb
}

// cubeKinds are the indicators the cube and the blocks count.
var cubeKinds = map[survey.IndicatorKind]bool{survey.Share: true, survey.Mean: true, survey.Index: true}

// cell returns the number of the cell with key k, made when new.
func (cb *cube) cell(k cellKey) int {
	p := k.pack()
	if c, ok := cb.cells[p]; ok {
		return int(c)
	}
	c := len(cb.keys)
	cb.cells[p] = int32(c)
	cb.keys = append(cb.keys, k)
	cb.n.grow(c + 1)
	cb.key.grow(c + 1)
	return c
}

// categories puts in cats, for each indicator of the cube, the category a
// row falls in: a value category, len(values) for "don't know",
// len(values)+1 for skipped, -1 when not shown (or not counted). It
// returns false for a code outside its item's range, which the survey's
// checks never let in: the cube cannot count that row.
func (cb *cube) categories(t *table, row int, cats []int) bool {
	for i, v := range cb.inds {
		cats[i] = -1
		switch {
		case v.col != nil:
			switch s := v.col.slot(t.cols[v.col.col].codes.at(row)); {
			case s == -2:
				return false
			case s >= 0:
				cats[i] = v.catOf[s]
			}
		case v.score != nil:
			switch st, cat := v.score.row(row); st {
			case rowValid:
				cats[i] = cat
			case rowDontKnow:
				cats[i] = len(v.catOf) - 2
			case rowSkipped:
				cats[i] = len(v.catOf) - 1
			}
		}
	}
	return true
}

// add counts one row, whose categories are cats, in the cell of key k.
func (cb *cube) add(t *table, row int, k cellKey, rec uint16, cats []int) {
	c := cb.cell(k)
	count := func(slot int) {
		cb.n.inc(c, slot)
		*cb.key.ref(c, slot) += rec
	}
	count(0)
	for _, cc := range cb.cols {
		if s := cc.slot(t.cols[cc.col].codes.at(row)); s >= 0 {
			count(cc.off + s)
		}
	}
	for i, v := range cb.inds {
		if v.score != nil && cats[i] >= 0 {
			count(v.off + cats[i])
		}
	}
}

// tally returns a cell's tally at slot i.
func (cb *cube) tally(cell, i int) tally {
	return tally{n: int32(cb.n.at(cell, i)), key: uint32(*cb.key.ref(cell, i))}
}
