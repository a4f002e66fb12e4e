package indicator

// clusterPass adds up, session by session, what the clustered intervals
// need: each session's sums in each cell and margin it has valid answers
// in. It is fed whole numbers (m answers whose value categories sum to u,
// by weighting class within the session when weighted: band × sex), by
// the rows or by the blocks. Unweighted, a session's sums are whole
// numbers and their squares are added as they come; weighted, the
// products of its sums by class are (design_pass_weighted.go), and the
// weights come in at the end.
type clusterPass struct {
	rows, cols, slots  int
	ws                 *weightSet
	cur                []clusterInt // (cell*slots + slot), this session
	touched            []int32      // cells with answers in this session
	rowCur, colCur     []clusterInt // (margin*slots + slot)
	totCur             []clusterInt
	wy                 []clusterFloat // by touched cell, for the pairs
	cells              []designSums
	rowSums, colSums   []designSums
	total              designSums
	pt                 *pairTally
	units, pairs       *classPairs // weighted: the sessions' products (design_pass_weighted.go)
	rowsSeen, colsSeen []int32     // weighted: scratch, the rows and columns a session touched
}

type clusterInt struct{ m, u int64 }

type clusterFloat struct{ w, y float64 }

func newClusterPass(rows, cols, slots int, ws *weightSet, pt *pairTally) *clusterPass {
	p := &clusterPass{rows: rows, cols: cols, slots: slots, ws: ws, pt: pt,
		cur: make([]clusterInt, rows*cols*slots), rowCur: make([]clusterInt, rows*slots), colCur: make([]clusterInt, cols*slots),
		totCur: make([]clusterInt, slots), cells: make([]designSums, rows*cols), rowSums: make([]designSums, rows), colSums: make([]designSums, cols)}
	if ws != nil {
		p.units = newClassPairs(rows*cols+rows+cols+1, ws)
		if pt != nil {
			p.pairs = newClassPairs(len(pt.pairs), ws)
		}
	}
	return p
}

// add counts m valid answers with categories summing to u in a cell, in
// weighting class slot of the session.
func (p *clusterPass) add(cell, slot int, m, u int64) {
	at := &p.cur[cell*p.slots+slot]
	if at.m == 0 {
		seen := false
		for s := 0; s < p.slots && !seen; s++ {
			seen = p.cur[cell*p.slots+s].m > 0
		}
		if !seen {
			p.touched = append(p.touched, int32(cell))
		}
	}
	at.m += m
	at.u += u
}

// sums turns a session's whole numbers in one unit into its sums W and Y
// (unweighted: one slot).
func (p *clusterPass) sums(at []clusterInt, _ int) clusterFloat {
	return clusterFloat{float64(at[0].m), float64(at[0].u)}
}

// end closes a session: its sums go to the cells and margins it touched;
// base is the weighting class of its province.
func (p *clusterPass) end(base int) {
	if p.ws != nil {
		p.endWeighted(base / p.slots)
		return
	}
	if len(p.touched) == 0 {
		return
	}
	sl := p.slots
	p.wy = p.wy[:0]
	for _, cell := range p.touched {
		at := p.cur[int(cell)*sl : int(cell+1)*sl]
		f := p.sums(at, base)
		p.cells[cell].addSession(f.w, f.y)
		p.wy = append(p.wy, f)
		r, c := int(cell)/p.cols, int(cell)%p.cols
		for s, v := range at {
			for _, m := range []*clusterInt{&p.rowCur[r*sl+s], &p.colCur[c*sl+s], &p.totCur[s]} {
				m.m += v.m
				m.u += v.u
			}
		}
		clear(at)
	}
	if p.pt != nil && len(p.touched) > 1 {
		p.pt.session(p.touched, p.wy)
	}
	flush := func(sums []designSums, cur []clusterInt) {
		for i := range sums {
			at := cur[i*sl : (i+1)*sl]
			for _, v := range at {
				if v.m > 0 {
					f := p.sums(at, base)
					sums[i].addSession(f.w, f.y)
					clear(at)
					break
				}
			}
		}
	}
	flush(p.rowSums, p.rowCur)
	flush(p.colSums, p.colCur)
	f := p.sums(p.totCur, base)
	p.total.addSession(f.w, f.y)
	clear(p.totCur)
	p.touched = p.touched[:0]
}

// design gives every cell of the grid its design effect and clustered
// interval, from the children's sums (the true tallies, by weighting class
// when weighted) and the sessions' sums gathered by the pass.
func (c *computation) design(g *gathered, grid *Grid, rows, cols int) {
	p := g.pass
	units := rows*cols + rows + cols + 1
	ds := make([]*designSums, units)
	for i := range p.cells {
		ds[i] = &p.cells[i]
	}
	for r := range p.rowSums {
		ds[rows*cols+r] = &p.rowSums[r]
	}
	for col := range p.colSums {
		ds[rows*cols+rows+col] = &p.colSums[col]
	}
	ds[units-1] = &p.total
	if g.ws != nil {
		for unit, d := range ds {
			d.n, d.sw, d.sy, d.syy = g.cls.children(unit, g.ws.w)
		}
		p.weightedSessions(ds)
	} else {
		c.childSums(g, ds, rows, cols)
	}
	with := func(cell *Cell, unit int) {
		c.score.withDesign(cell, ds[unit])
		if g.ws != nil {
			c.score.weighted(cell, ds[unit], g.cls.sums(unit, g.ws.w, c.score))
		}
	}
	for r := 0; r < rows; r++ {
		for col := 0; col < cols; col++ {
			with(grid.Cells[r][col], r*cols+col)
		}
		if grid.RowTotals != nil {
			with(grid.RowTotals[r], rows*cols+r)
		}
	}
	if cols > 1 {
		for col := range grid.ColTotals {
			with(grid.ColTotals[col], rows*cols+rows+col)
		}
	}
	with(grid.Total, units-1)
	if p.pt != nil {
		c.pairs, c.rho = p.pt.pairs, p.pt.rhos(p.cells)
	}
}

// childSums gives each unit its children's sums from the true tallies of
// its cells, in category units.
func (c *computation) childSums(g *gathered, ds []*designSums, rows, cols int) {
	type sums struct{ n, u, uu int64 }
	all := make([]sums, len(ds))
	for cell := 0; cell < rows*cols; cell++ {
		var s sums
		for k := 0; k < g.nv; k++ {
			n := int64(g.tallies[cell*g.ncat+k].n)
			s.n += n
			s.u += n * int64(k)
			s.uu += n * int64(k) * int64(k)
		}
		for _, unit := range []int{cell, rows*cols + cell/cols, rows*cols + rows + cell%cols, len(ds) - 1} {
			all[unit].n += s.n
			all[unit].u += s.u
			all[unit].uu += s.uu
		}
	}
	for i, s := range all {
		ds[i].n, ds[i].sw, ds[i].sy, ds[i].syy = float64(s.n), float64(s.n), float64(s.u), float64(s.uu)
	}
}

// children returns a unit's children's weighted sums from its true counts
// by class and category: n, sum w, sum w*y, sum w*y^2, class by class.
func (ct *classTallies) children(unit int, w []float64) (n, sw, sy, syy float64) {
	for h := 0; h < ct.classes; h++ {
		first := ct.slot[unit*ct.classes+h]
		if first < 0 {
			continue
		}
		var cn, cu, cuu int64
		for k, tl := range ct.tallies[first : int(first)+ct.nv] {
			cn += int64(tl.n)
			cu += int64(tl.n) * int64(k)
			cuu += int64(tl.n) * int64(k) * int64(k)
		}
		n += float64(cn)
		sw += w[h] * float64(cn)
		sy += w[h] * float64(cu)
		syy += w[h] * float64(cuu)
	}
	return n, sw, sy, syy
}
