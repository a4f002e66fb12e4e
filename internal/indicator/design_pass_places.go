package indicator

// fromPlaces gathers the sessions' sums of a query over all time: those of the sessions in more than one place from their blocks,
// session by session, and those of every other session from the sums of
// its place (blocks_places.go). A session's sums in a cell or margin are
// the sums over the place's genders that lie in it, so each unit adds,
// over the genders it holds, the products the place has summed, and
// counts the sessions with an answer from one of them. Everything added
// is a whole number, so the result is the pass's to the bit; weighted,
// the products go by sex class to the place's province and band
// (design_pass_weighted.go).
func (c *computation) fromPlaces(g *gathered, dims [2]dimLevels) {
	pl, f, cols := c.t.blocks.places, c.f, len(dims[1].levels)
	c.fromBlocks(g, dims, pl.spanning.byID(c.ix.sessionIDs))
	p := g.pass
	sums := pl.sums[c.indPos]
	for a, k := range pl.keys {
		if f.settings != nil && !f.settings[k.setting] || f.regions != nil && !(int(k.province) < len(f.regions) && f.regions[k.province]) ||
			f.versions != nil && !f.versions[k.version] || f.bands != nil && !f.bands[k.band] {
			continue
		}
		ps := &sums[a]
		if !ps.any() {
			continue
		}
		prov := g.provOf(k.province)
		// Where each gender of the place lies: its cell, row and column.
		var cell, row, col [4]int
		all := 0
		for gender := range cell {
			cell[gender] = -1
			if f.genders != nil && !f.genders[gender] {
				continue
			}
			k.gender = uint8(gender)
			r, cl := dims[0].cell(k), dims[1].cell(k)
			if r < 0 || cl < 0 {
				continue
			}
			cell[gender], row[gender], col[gender] = r*cols+cl, r, cl
			all |= 1 << gender
		}
		if all == 0 {
			continue
		}
		for gender := range cell {
			if all&(1<<gender) == 0 {
				continue
			}
			// Each cell, row and column once, at its first gender.
			if m, first := maskOf(cell, all, gender); first {
				p.place(ps, cell[gender], m, prov, int(k.band))
				if p.pt != nil {
					for other := gender + 1; other < len(cell); other++ {
						if m2, first2 := maskOf(cell, all, other); all&(1<<other) != 0 && first2 && m&(1<<other) == 0 {
							p.placePair(ps, cell[gender], cell[other], m, m2, prov, int(k.band))
						}
					}
				}
			}
			if m, first := maskOf(row, all, gender); first {
				p.place(ps, p.rows*cols+row[gender], m, prov, int(k.band))
			}
			if m, first := maskOf(col, all, gender); first {
				p.place(ps, p.rows*cols+p.rows+col[gender], m, prov, int(k.band))
			}
		}
		p.place(ps, p.rows*cols+p.rows+cols, all, prov, int(k.band))
	}
}

// unit is the sums of a unit: the cells, then the rows, the columns and
// the total.
func (p *clusterPass) unit(u int) *designSums {
	cells := p.rows * p.cols
	switch {
	case u < cells:
		return &p.cells[u]
	case u < cells+p.rows:
		return &p.rowSums[u-cells]
	case u < cells+p.rows+p.cols:
		return &p.colSums[u-cells-p.rows]
	}
	return &p.total
}

// unitsOf are the units a cell's sessions count in: the cell, its row,
// its column and the total.
func (p *clusterPass) unitsOf(cell int) [4]int {
	cells := p.rows * p.cols
	return [4]int{cell, cells + cell/p.cols, cells + p.rows + cell%p.cols, cells + p.rows + p.cols}
}

// place adds a place's sessions with answers from the genders in mask,
// and their sums there, to a unit.
func (p *clusterPass) place(ps *placeSums, unit, mask, prov, band int) {
	if p.ws == nil {
		ps.addTo(p.unit(unit), mask)
		return
	}
	if n := ps.sessions(mask, mask); n > 0 {
		p.unit(unit).clusters += int(n)
		p.units.addPlace(unit, prov, band, ps, mask, mask)
	}
}

// placePair adds the products of a place's sessions' sums in two cells, a
// with the genders in ma and b with those in mb.
func (p *clusterPass) placePair(ps *placeSums, a, b, ma, mb, prov, band int) {
	if p.ws == nil {
		ps.addPair(p.pt, a, b, ma, mb)
		return
	}
	if a > b {
		a, b, ma, mb = b, a, mb, ma
	}
	k := p.pt.at[a*p.pt.rows+b]
	if k < 0 {
		return
	}
	if shared := ps.sessions(ma, mb); shared > 0 {
		p.pt.shared[k] += int(shared)
		p.pairs.addPlace(int(k), prov, band, ps, ma, mb)
	}
}

// sessions counts the place's sessions with answers from a gender in ma
// and one in mb.
func (ps *placeSums) sessions(ma, mb int) int64 {
	var n int64
	for set := 1; set < len(ps.n); set++ {
		if set&ma != 0 && set&mb != 0 {
			n += ps.n[set]
		}
	}
	return n
}

// maskOf returns the genders in all that lie where gender lies in at, and
// whether gender is the first of them.
func maskOf(at [4]int, all, gender int) (mask int, first bool) {
	first = true
	for h := range at {
		if all&(1<<h) != 0 && at[h] == at[gender] {
			first = first && h >= gender
			mask |= 1 << h
		}
	}
	return mask, first
}

func (ps *placeSums) any() bool {
	for _, n := range ps.n {
		if n != 0 {
			return true
		}
	}
	return false
}

// addTo adds, to a unit's sums, the sessions with answers from the
// genders in mask and their sums there.
func (ps *placeSums) addTo(d *designSums, mask int) {
	var mm, mu, uu int64
	n := ps.sessions(mask, mask)
	for g := range ps.mm {
		if mask&(1<<g) == 0 {
			continue
		}
		for h := range ps.mm[g] {
			if mask&(1<<h) != 0 {
				mm += ps.mm[g][h]
				mu += ps.mu[g][h]
				uu += ps.uu[g][h]
			}
		}
	}
	if n == 0 {
		return
	}
	d.clusters += int(n)
	d.sm2 += float64(mm)
	d.sym += float64(mu)
	d.sy2 += float64(uu)
}

// addPair adds the products of the sessions' sums in two cells, a with
// the genders in ma and b with those in mb, to the pair's sums.
func (ps *placeSums) addPair(pt *pairTally, a, b, ma, mb int) {
	if a > b {
		a, b, ma, mb = b, a, mb, ma
	}
	k := pt.at[a*pt.rows+b]
	if k < 0 {
		return
	}
	var ww, yw, wy, yy int64
	shared := ps.sessions(ma, mb)
	if shared == 0 {
		return
	}
	for g := range ps.mm {
		if ma&(1<<g) == 0 {
			continue
		}
		for h := range ps.mm[g] {
			if mb&(1<<h) != 0 {
				ww += ps.mm[g][h]
				wy += ps.mu[g][h] // the sessions' W in a times Y in b
				yw += ps.mu[h][g]
				yy += ps.uu[g][h]
			}
		}
	}
	s := &pt.sums[k]
	s.ww += float64(ww)
	s.yw += float64(yw)
	s.wy += float64(wy)
	s.yy += float64(yy)
	pt.shared[k] += int(shared)
}
