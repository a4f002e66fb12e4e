package indicator

import "slices"

// A query gathers, before anything is published, the same things whether
// it reads the rows or the cube and the blocks (cube.go, blocks.go): the
// true tallies of each cell by value category, the answer distribution,
// the tallies by weighting class, and each session's sums in each cell and
// margin. Everything gathered is a whole number (with weights, the
// sessions' products by weighting class), and the weights are multiplied
// in at the end in one fixed order, so both ways give the same bits
// (TestCubeAnswersAsRowsDo).

// gathered is what a query reads from the index.
type gathered struct {
	ncat, nv int
	tallies  []tally // (cell*ncat + category)
	dist     *distribution
	ws       *weightSet    // weights=population; nil otherwise
	cls      *classTallies // the cells' valid answers by weighting class, weighted only
	pass     *clusterPass
}

func (c *computation) newGathered(rows, cols int) *gathered {
	nv := len(c.score.values)
	g := &gathered{ncat: nv + 2, nv: nv, tallies: make([]tally, rows*cols*(nv+2)), dist: c.score.newDistribution()}
	slots := 1
	if c.q.Weights != "" {
		g.ws = c.weightsOf()
		g.cls = newClassTallies(rows, cols, nv, len(g.ws.w))
		slots = g.ws.nb * sexClasses
	}
	g.pass = newClusterPass(rows, cols, slots, g.ws, newPairTally(c.q.By, rows, cols))
	return g
}

// release gives back what a finished query gathered in, for the next.
func (g *gathered) release() {
	g.cls.release()
	g.pass.units.release()
	g.pass.pairs.release()
}

// fromRows gathers from the rows: one pass to count, then the kept rows
// session by session.
func (c *computation) fromRows(g *gathered, dims [2]dimLevels) {
	cols := len(dims[1].levels)
	// rowCat is each kept row's cell and category; -1 for rows left out.
	rowCat := make([]int32, c.t.rows)
	for row := 0; row < c.t.rows; row++ {
		rowCat[row] = -1
		if !c.f.keep(c.t, row) {
			continue
		}
		status, cat := c.score.row(row)
		switch status {
		case rowNotShown:
			continue
		case rowDontKnow:
			cat = g.ncat - 2
		case rowSkipped:
			cat = g.ncat - 1
		}
		r, col := dims[0].row(row), dims[1].row(row)
		if r < 0 || col < 0 {
			continue
		}
		key := c.t.key.at(row)
		cell := r*cols + col
		g.tallies[cell*g.ncat+cat].add(key)
		g.dist.add(row, key)
		rowCat[row] = int32(cell*g.ncat + cat)
		if g.cls != nil && cat < g.nv {
			g.cls.add(cell, int32(cat), g.ws.class(c.t, c.ix.dims, row), key)
		}
	}
	order, start := c.t.bySession(len(c.ix.dims))
	for _, s := range c.ix.sessionOrder.byID(c.ix.sessionIDs) {
		rows := order[start[s]:start[s+1]]
		if len(rows) == 0 {
			continue
		}
		for _, row := range rows {
			rc := rowCat[row]
			if rc < 0 || int(rc)%g.ncat >= g.nv {
				continue
			}
			slot := 0
			if g.ws != nil {
				slot = int(c.t.band.at(int(row)))*sexClasses + min(int(c.t.gender.at(int(row))), sexOther)
			}
			g.pass.add(int(rc)/g.ncat, slot, 1, int64(int(rc)%g.ncat))
		}
		g.pass.end(g.classBase(c.ix.dims[s]))
	}
}

// classBase is the weighting class of a session's province; a row's class
// adds its band and sex (weightSet.class).
func (g *gathered) classBase(d sessionDims) int {
	if g.ws == nil {
		return 0
	}
	prov := g.ws.nprov
	if id := int(d.province); id < len(g.ws.provPos) && g.ws.provPos[id] >= 0 {
		prov = g.ws.provPos[id]
	}
	return prov * g.ws.nb * sexClasses
}

// provOf is the position of a province (a regions dict id) among the
// weights' provinces; that of "no province" when the population table
// has none by that name.
func (g *gathered) provOf(province uint8) int {
	if g.ws == nil {
		return 0
	}
	return g.classBase(sessionDims{province: province}) / (g.ws.nb * sexClasses)
}

// fromCube gathers from the cube's cells and the sessions' blocks.
func (c *computation) fromCube(g *gathered, dims [2]dimLevels) {
	cb, cols := c.t.cube, len(dims[1].levels)
	if c.f.from == 0 && c.f.to == 65535 && !slices.Contains(c.q.By, DimPeriod) {
		cb = c.t.whole // no month is asked for: the cells of all time
	}
	v := cb.inds[c.indPos]
	width := len(v.catOf)
	// A chunk of cells at a time: where each cell goes, then the
	// indicator's slots one after the other over the chunk's cells. Every
	// count is a whole number, so the order of the additions changes
	// nothing.
	var units, classes [cubeChunk]int32
	var dist []tally // by slot, for the answer distribution
	if g.dist.col != nil && v.col != nil {
		dist = make([]tally, width)
	}
	for first := 0; first < len(cb.keys); first += cubeChunk {
		cells := cb.keys[first:min(first+cubeChunk, len(cb.keys))]
		for i, k := range cells {
			units[i] = -1
			if !c.f.keepCell(k) {
				continue
			}
			r, col := dims[0].cell(k), dims[1].cell(k)
			if r < 0 || col < 0 {
				continue
			}
			units[i] = int32(r*cols + col)
			if g.cls != nil {
				classes[i] = int32(g.classBase(sessionDims{province: k.province}) + int(k.band)*sexClasses + min(int(k.gender), sexOther))
			}
		}
		for j, cat := range v.catOf {
			var d *tally
			if dist != nil {
				d = &dist[j]
			}
			keys := cb.key.run(first, v.off+j)
			if narrow, wide := cb.n.run(first, v.off+j); wide != nil {
				addRun(g, wide[:len(cells)], keys, units[:], classes[:], cat, d)
			} else {
				addRun(g, narrow[:len(cells)], keys, units[:], classes[:], cat, d)
			}
		}
	}
	for j, tl := range dist {
		if tl.n != 0 {
			g.dist.merge(v.col.code(j), tl)
		}
	}
	// The places hold the sessions' sums: by gender over all time (with
	// weights too: the weights' classes are a place's province, band and
	// the sex of its genders), and by sex class by month unless a sum there
	// passed 32 bits (blocks_places.go).
	switch {
	case cb == c.t.whole:
		c.fromPlaces(g, dims)
	case !c.t.blocks.months.wide && c.f.genders == nil && !slices.Contains(c.q.By, DimGender):
		c.fromMonthPlaces(g, dims) // by sex class (blocks_places_sex.go)
	default:
		c.fromBlocks(g, dims, c.t.blocks.order.byID(c.ix.sessionIDs))
	}
}

// addRun adds the tallies of one slot of a chunk's cells: their counts
// ns, as bytes or, in a run with a count past 255, as uint32 (a loop for
// each, so neither asks per cell which it reads), their record-key sums,
// and the unit (-1: left out) and weighting class each cell goes to; dist,
// when not nil, is the slot's tally for the answer distribution.
func addRun[N uint8 | uint32](g *gathered, ns []N, keys []uint16, units, classes []int32, cat int, dist *tally) {
	keys, units, classes = keys[:len(ns)], units[:len(ns)], classes[:len(ns)]
	for i, n := range ns {
		if n == 0 || units[i] < 0 {
			continue
		}
		tl := tally{n: int32(n), key: uint32(keys[i])}
		unit := int(units[i])
		g.tallies[unit*g.ncat+cat].merge(tl)
		if g.cls != nil && cat < g.nv {
			g.cls.addTally(unit, int32(cat), int(classes[i]), tl)
		}
		if dist != nil {
			dist.merge(tl)
		}
	}
}

// fromBlocks gathers the sums of the given sessions from their blocks, in
// the order given (that of their ids).
func (c *computation) fromBlocks(g *gathered, dims [2]dimLevels, sessions []int32) {
	b, f, cols := c.t.blocks, c.f, len(dims[1].levels)
	sums := &b.sums[c.indPos]
	for _, s := range sessions {
		d := c.ix.dims[s]
		if f.settings != nil && !f.settings[d.setting] || f.regions != nil && !(int(d.province) < len(f.regions) && f.regions[d.province]) {
			continue
		}
		k := cellKey{setting: d.setting, province: d.province}
		for blk := b.first[s]; blk >= 0; {
			h, bs := b.head.at(int(blk)), sums.ref(int(blk))
			blk = h.next
			if h.month < f.from || h.month > f.to || f.versions != nil && !f.versions[h.version] || f.bands != nil && !f.bands[h.band] {
				continue
			}
			k.version, k.band, k.month = h.version, h.band, h.month
			for gender := range bs {
				m, u := bs[gender][0], bs[gender][1]
				if m == 0 || f.genders != nil && !f.genders[gender] {
					continue
				}
				k.gender = uint8(gender)
				r, col := dims[0].cell(k), dims[1].cell(k)
				if r < 0 || col < 0 {
					continue
				}
				slot := 0
				if g.ws != nil {
					slot = int(h.band)*sexClasses + min(gender, sexOther)
				}
				g.pass.add(r*cols+col, slot, int64(m), int64(u))
			}
		}
		g.pass.end(g.classBase(d))
	}
}

// code is the answer code counted at slot j.
func (c codeCol) code(j int) int {
	switch j {
	case c.hi - c.lo + 1:
		return -2
	case c.hi - c.lo + 2:
		return -1
	}
	return c.lo + j
}

// counted reports whether the cube and the blocks count the indicator.
func (v cubeView) counted() bool { return v.catOf != nil }
