package indicator

import "math"

// The places by month hold, per place and indicator, the sessions' sums by
// pair of sex classes (a weighted query's classes are a place's province,
// its band and the sex: girl, boy, other or not said): the sessions with
// valid answers, and Σ m_x·m_y, Σ m_x·u_y and Σ u_x·u_y over them for
// every pair of sex classes x, y. An unweighted query over all genders
// adds the pairs up; a weighted one weighs each pair.
//
// There are many places by month (a decade of months), so the sums are
// kept small: m·m and u·u are symmetric, so only x ≤ y are kept, and each
// sum in 32 bits. A place by month is one survey version, band, setting
// and province in one month: its sums pass 2^31 only with hundreds of
// thousands of sessions in it. Should one pass, the month places are
// marked wide and queries by month walk the sessions instead, which
// gives the same answer more slowly.

// sexPairs is how many pairs x ≤ y of sex classes there are.
const sexPairs = sexClasses * (sexClasses + 1) / 2

// monthSums are one indicator's sums over the sessions of a place by month.
type monthSums struct {
	n      int32
	mm, uu [sexPairs]int32                // at pair(x, y), x ≤ y
	mu     [sexClasses * sexClasses]int32 // at x*sexClasses+y
}

// pair is where the sums of sex classes x and y are, in either order.
func pair(x, y int) int {
	if x > y {
		x, y = y, x
	}
	return x*sexClasses - x*(x-1)/2 + y - x
}

// monthSumLimit is the largest a month sum may be: tests lower it to see
// the wide fallback.
var monthSumLimit int64 = math.MaxInt32

// add adds (sign 1) or takes out (-1) a session's sums by gender, and
// says whether every sum still fits.
func (ms *monthSums) add(m, u [4]int64, sign int64) bool {
	var mx, ux [sexClasses]int64
	for g := range m {
		mx[min(g, sexOther)] += m[g]
		ux[min(g, sexOther)] += u[g]
	}
	fits := put(&ms.n, sign)
	for x := range mx {
		for y := range mx {
			fits = put(&ms.mu[x*sexClasses+y], sign*mx[x]*ux[y]) && fits
			if x <= y {
				fits = put(&ms.mm[pair(x, y)], sign*mx[x]*mx[y]) && fits
				fits = put(&ms.uu[pair(x, y)], sign*ux[x]*ux[y]) && fits
			}
		}
	}
	return fits
}

// put adds v to a month sum and says whether the sum fits.
func put(at *int32, v int64) bool {
	v += int64(*at)
	*at = int32(v)
	return v <= monthSumLimit && v >= -monthSumLimit
}

// union is the sums over all genders together: n, Σ m², Σ m·u, Σ u² with
// m and u a session's sums over every sex class. A pair x < y stands for
// both x, y and y, x.
func (ms *monthSums) union() (n, mm, mu, uu int64) {
	for i, f := range pairTwice {
		mm += f * int64(ms.mm[i])
		uu += f * int64(ms.uu[i])
	}
	for _, v := range ms.mu {
		mu += int64(v)
	}
	return int64(ms.n), mm, mu, uu
}

// pairTwice is 1 for a pair x, x and 2 for a pair x < y.
var pairTwice = func() (t [sexPairs]int64) {
	for x := range sexClasses {
		for y := x; y < sexClasses; y++ {
			t[pair(x, y)] = 1 + int64(min(y-x, 1))
		}
	}
	return t
}()

// monthPages hold the month sums in pages of 256 places, so they grow
// without copying; within a page, indicator by indicator (the 256 places'
// sums of the first indicator, then of the second, ...): a query reads
// one indicator of every place, and so reads it in runs.
type monthPages struct {
	width int
	pages [][]monthSums
}

const monthPage = 256

func (u *monthPages) grow(places int) {
	for places > len(u.pages)*monthPage {
		u.pages = append(u.pages, make([]monthSums, monthPage*u.width))
	}
}

func (u *monthPages) at(place, i int) *monthSums {
	return &u.pages[place/monthPage][i*monthPage+place%monthPage]
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

// fromMonthPlaces gathers the sessions' sums of a query by month that
// neither breaks down nor filters by gender: each place by month lies in
// one cell, so its sessions' sums go to that cell, its row and column and
// the total; over all genders unweighted, and by sex class in the place's
// province and band when weighted.
func (c *computation) fromMonthPlaces(g *gathered, dims [2]dimLevels) {
	pl, f, cols := c.t.blocks.months, c.f, len(dims[1].levels)
	c.fromBlocks(g, dims, pl.spanning.byID(c.ix.sessionIDs))
	p := g.pass
	// Weighted: the places' products and sessions by cell, then to the
	// margins too.
	var byCell *classPairs
	var placed []int
	if g.ws != nil {
		byCell, placed = newClassPairs(p.rows*cols, g.ws), make([]int, p.rows*cols)
	}
	for a, k := range pl.keys {
		ms := pl.month.at(a, c.indPos)
		if ms.n == 0 || !f.keepCell(k) {
			continue
		}
		r, cl := dims[0].cell(k), dims[1].cell(k)
		if r < 0 || cl < 0 {
			continue
		}
		cell := r*cols + cl
		if byCell != nil {
			placed[cell] += int(ms.n)
			ms.addTo(byCell.at(cell, g.provOf(k.province), int(k.band), int(k.band)))
			continue
		}
		n, mm, mu, uu := ms.union()
		for _, u := range p.unitsOf(cell) {
			d := p.unit(u)
			d.clusters += int(n)
			d.sm2 += float64(mm)
			d.sym += float64(mu)
			d.sy2 += float64(uu)
		}
	}
	if byCell != nil {
		p.addCells(byCell, placed)
		byCell.release()
	}
}

// addTo adds the month sums to a block of products by pair of sex classes.
func (ms *monthSums) addTo(blk *classProducts) {
	for x := range blk {
		for y := range blk[x] {
			e, xy := &blk[x][y], pairOf[x][y]
			e.ww += int64(ms.mm[xy])
			e.wy += int64(ms.mu[x*sexClasses+y])
			e.yw += int64(ms.mu[y*sexClasses+x])
			e.yy += int64(ms.uu[xy])
		}
	}
}

// pairOf is pair(x, y) for every x and y.
var pairOf = func() (t [sexClasses][sexClasses]int) {
	for x := range t {
		for y := range t[x] {
			t[x][y] = pair(x, y)
		}
	}
	return t
}()

// addCells adds the products gathered by cell to the cells, and to their
// rows, columns and the total, with the sessions counted in them: a place
// by month lies in one cell, so its sessions are in that cell's row,
// column and the total once each.
func (p *clusterPass) addCells(byCell *classPairs, placed []int) {
	for cell, n := range placed {
		units := p.unitsOf(cell)
		for _, u := range units {
			p.unit(u).clusters += n
		}
		for prov := range byCell.nprov {
			for b1 := range byCell.nb {
				for b2 := range byCell.nb {
					if i := byCell.slot[((cell*byCell.nprov+prov)*byCell.nb+b1)*byCell.nb+b2]; i >= 0 {
						for _, u := range units {
							p.units.at(u, prov, b1, b2).add(&byCell.blocks[i])
						}
					}
				}
			}
		}
	}
}

// add adds another block's products to these.
func (blk *classProducts) add(src *classProducts) {
	for x := range src {
		for y := range src[x] {
			d, s := &blk[x][y], src[x][y]
			d.ww += s.ww
			d.wy += s.wy
			d.yw += s.yw
			d.yy += s.yy
		}
	}
}
