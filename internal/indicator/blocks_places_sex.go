package indicator

import "sync"

// A weighted query by month needs, per place and month, the sessions' sums
// by sex class (the weighting classes of a place are its province, its
// band and the sex: girl, boy, other or not said), not only over all
// genders: Σ m_x·m_y, m_x·u_y and u_x·u_y for every pair of sex classes.
// That is seven times the memory of the sums over all genders, so they
// are made from the blocks at the first weighted query by month, and kept
// current from then on with the rest (blocks_places.go).

// sexSums are one indicator's sums over the sessions of a place by month,
// by pair of sex classes.
type sexSums struct {
	n          int64
	mm, mu, uu [sexClasses][sexClasses]int64
}

// sexPages hold them as unionPages hold the sums over all genders.
type sexPages struct {
	mu    sync.Mutex // held while they are made
	made  bool
	width int
	pages [][]sexSums
}

func (u *sexPages) grow(places int) {
	for places > len(u.pages)*unionPage {
		u.pages = append(u.pages, make([]sexSums, unionPage*u.width))
	}
}

func (u *sexPages) at(place, i int) *sexSums {
	return &u.pages[place/unionPage][place%unionPage*u.width+i]
}

// add adds (sign 1) or takes out (-1) a session's sums by gender.
func (ss *sexSums) add(m, u [4]int64, sign int64) {
	var mx, ux [sexClasses]int64
	for g := range m {
		mx[min(g, sexOther)] += m[g]
		ux[min(g, sexOther)] += u[g]
	}
	ss.n += sign
	for x := range mx {
		for y := range mx {
			ss.mm[x][y] += sign * mx[x] * mx[y]
			ss.mu[x][y] += sign * mx[x] * ux[y]
			ss.uu[x][y] += sign * ux[x] * ux[y]
		}
	}
}

// sexed returns the places' sums by sex class, made from the blocks when
// first asked for. The caller holds the index's read lock, so no row is
// added meanwhile; rows added later keep them current (contribute).
func (p *places) sexed(b *blocks) *sexPages {
	sp := p.bySex
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.made {
		return sp
	}
	sp.grow(len(p.keys))
	for s, a := range p.of {
		if a < 0 {
			continue
		}
		for i := range b.sums {
			if m, u, set := b.sessionSums(int32(s), i); set != 0 {
				sp.at(int(a), i).add(m, u, 1)
			}
		}
	}
	sp.made = true
	return sp
}

// sessionSums are session s's sums by gender for indicator i over all its
// blocks, and the set of genders with answers.
func (b *blocks) sessionSums(s int32, i int) (m, u [4]int64, set int) {
	for blk := b.first[s]; blk >= 0; blk = b.head.at(int(blk)).next {
		bs := b.sums[i].ref(int(blk))
		for g := range bs {
			m[g] += int64(bs[g][0])
			u[g] += int64(bs[g][1])
			if bs[g][0] > 0 {
				set |= 1 << g
			}
		}
	}
	return m, u, set
}

// fromSexedMonthPlaces gathers the sessions' sums of a weighted query by
// month that neither breaks down nor filters by gender: each place by
// month lies in one cell, and its products by sex class go to that cell,
// its row and column and the total, in the place's province and band.
func (c *computation) fromSexedMonthPlaces(g *gathered, dims [2]dimLevels) {
	pl, f, cols := c.t.blocks.months, c.f, len(dims[1].levels)
	sp := pl.sexed(c.t.blocks)
	c.fromBlocks(g, dims, pl.spanning.byID(c.ix.sessionIDs))
	p := g.pass
	rows := p.rows
	for a, k := range pl.keys {
		ss := sp.at(a, c.indPos)
		if ss.n == 0 || !f.keepCell(k) {
			continue
		}
		r, cl := dims[0].cell(k), dims[1].cell(k)
		if r < 0 || cl < 0 {
			continue
		}
		prov, band := g.provOf(k.province), int(k.band)
		for _, unit := range []int{r*cols + cl, rows*cols + r, rows*cols + rows + cl, rows*cols + rows + cols} {
			p.unit(unit).clusters += int(ss.n)
			blk := p.units.at(unit, prov, band, band)
			for x := range ss.mm {
				for y := range ss.mm[x] {
					e := &blk[x][y]
					e.ww += ss.mm[x][y]
					e.wy += ss.mu[x][y]
					e.yw += ss.mu[y][x]
					e.yy += ss.uu[x][y]
				}
			}
		}
	}
}
