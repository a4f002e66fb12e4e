package indicator

// fromPlaces gathers the sessions' sums of an unweighted query over all
// time: those of the sessions in more than one place from their blocks,
// session by session, and those of every other session from the sums of
// its place (blocks_places.go). A session's sums in a cell or margin are
// the sums over the place's genders that lie in it, so each unit adds,
// over the genders it holds, the products the place has summed, and
// counts the sessions with an answer from one of them. Everything added
// is a whole number, so the result is the pass's to the bit.
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
				ps.addTo(&p.cells[cell[gender]], m)
				if p.pt != nil {
					for other := gender + 1; other < len(cell); other++ {
						if m2, first2 := maskOf(cell, all, other); all&(1<<other) != 0 && first2 && m&(1<<other) == 0 {
							ps.addPair(p.pt, cell[gender], cell[other], m, m2)
						}
					}
				}
			}
			if m, first := maskOf(row, all, gender); first {
				ps.addTo(&p.rowSums[row[gender]], m)
			}
			if m, first := maskOf(col, all, gender); first {
				ps.addTo(&p.colSums[col[gender]], m)
			}
		}
		ps.addTo(&p.total, all)
	}
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
	var n, mm, mu, uu int64
	for set := 1; set < len(ps.n); set++ {
		if set&mask != 0 {
			n += ps.n[set]
		}
	}
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
	var shared, ww, yw, wy, yy int64
	for set := 1; set < len(ps.n); set++ {
		if set&ma != 0 && set&mb != 0 {
			shared += ps.n[set]
		}
	}
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

// fromMonthPlaces gathers the sessions' sums of an unweighted query by
// month that neither breaks down nor filters by gender: each place by
// month lies in one cell, so its sessions' sums over all genders are what
// that cell, its row and column and the total take from it.
func (c *computation) fromMonthPlaces(g *gathered, dims [2]dimLevels) {
	pl, f, cols := c.t.blocks.months, c.f, len(dims[1].levels)
	c.fromBlocks(g, dims, pl.spanning.byID(c.ix.sessionIDs))
	p := g.pass
	for a, k := range pl.keys {
		us := pl.union.at(a, c.indPos)
		if us.n == 0 || !f.keepCell(k) {
			continue
		}
		r, cl := dims[0].cell(k), dims[1].cell(k)
		if r < 0 || cl < 0 {
			continue
		}
		us.addTo(&p.cells[r*cols+cl])
		us.addTo(&p.rowSums[r])
		us.addTo(&p.colSums[cl])
		us.addTo(&p.total)
	}
}

func (us *unionSums) addTo(d *designSums) {
	d.clusters += int(us.n)
	d.sm2 += float64(us.mm)
	d.sym += float64(us.mu)
	d.sy2 += float64(us.uu)
}
