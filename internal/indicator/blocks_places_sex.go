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
// kept small: m·m and u·u are symmetric, so only x ≤ y are kept, and a
// place's sums are 16 bits each until one of the 256 places of its run
// (blocks_places_month.go) needs more; then that run is 32 bits. A place
// by month is one survey version, band, setting and province in one
// month, a handful of sessions: their sums fit in 16 bits except for the
// indices, whose value categories reach 10 or more. A 32-bit sum passes
// 2^31 only with hundreds of thousands of sessions in one place. Should
// one pass, the month places are marked wide and queries by month walk
// the sessions instead, which gives the same answer more slowly.

// sexPairs is how many pairs x ≤ y of sex classes there are.
const sexPairs = sexClasses * (sexClasses + 1) / 2

// monthSums are one indicator's sums over the sessions of a place by
// month: 16 bits (narrowSums) while they fit, else 32 (wideSums).
type monthSums[T uint16 | int32] struct {
	n      T
	mm, uu [sexPairs]T                // at pair(x, y), x ≤ y
	mu     [sexClasses * sexClasses]T // at x*sexClasses+y
}

type (
	narrowSums = monthSums[uint16]
	wideSums   = monthSums[int32]
)

// pair is where the sums of sex classes x and y are, in either order.
func pair(x, y int) int {
	if x > y {
		x, y = y, x
	}
	return x*sexClasses - x*(x-1)/2 + y - x
}

// monthSumLimit is the largest a 32-bit month sum may be: tests lower it
// to see the wide fallback.
var monthSumLimit int64 = math.MaxInt32

// add adds (sign 1) or takes out (-1) a session's sums by gender, and
// says whether every sum still fits. A sum that does not fit is left
// wrong: a 16-bit place is added to again from a copy kept before
// (monthPages.add), a 32-bit one marks the month places wide.
func (ms *monthSums[T]) add(m, u [4]int64, sign int64) bool {
	lo, hi := sumRange[T]()
	var mx, ux [sexClasses]int64
	for g := range m {
		mx[min(g, sexOther)] += m[g]
		ux[min(g, sexOther)] += u[g]
	}
	fits := put(&ms.n, sign, lo, hi)
	for x := range mx {
		for y := range mx {
			fits = put(&ms.mu[x*sexClasses+y], sign*mx[x]*ux[y], lo, hi) && fits
			if x <= y {
				fits = put(&ms.mm[pair(x, y)], sign*mx[x]*mx[y], lo, hi) && fits
				fits = put(&ms.uu[pair(x, y)], sign*ux[x]*ux[y], lo, hi) && fits
			}
		}
	}
	return fits
}

// sumRange is the range a month sum of type T holds. A 16-bit sum holds
// no negatives: a place's sums are sums over its sessions, and a session
// is only ever taken out of the place it was put in.
func sumRange[T uint16 | int32]() (lo, hi int64) {
	var z T
	if _, narrow := any(z).(uint16); narrow {
		return 0, min(math.MaxUint16, monthSumLimit)
	}
	return -monthSumLimit, monthSumLimit
}

// put adds v to a month sum and says whether the sum fits.
func put[T uint16 | int32](at *T, v, lo, hi int64) bool {
	v += int64(*at)
	*at = T(v)
	return v >= lo && v <= hi
}

// widened is 16-bit sums in 32 bits.
func widened(ms *narrowSums) (w wideSums) {
	w.n = int32(ms.n)
	for i := range ms.mm {
		w.mm[i], w.uu[i] = int32(ms.mm[i]), int32(ms.uu[i])
	}
	for i, v := range ms.mu {
		w.mu[i] = int32(v)
	}
	return w
}

// union is the sums over all genders together: n, Σ m², Σ m·u, Σ u² with
// m and u a session's sums over every sex class. A pair x < y stands for
// both x, y and y, x.
func (ms *monthSums[T]) union() (n, mm, mu, uu int64) {
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
	pl := c.t.blocks.months
	c.fromBlocks(g, dims, pl.spanning.byID(c.ix.sessionIDs))
	mg := monthGather{f: c.f, g: g, p: g.pass, dims: dims, cols: len(dims[1].levels)}
	// Weighted: the places' products and sessions by cell, then to the
	// margins too.
	if g.ws != nil {
		mg.byCell, mg.placed = newClassPairs(mg.p.rows*mg.cols, g.ws), make([]int, mg.p.rows*mg.cols)
	}
	for first := 0; first < len(pl.keys); first += monthPage {
		keys := pl.keys[first:min(first+monthPage, len(pl.keys))]
		switch r := pl.month.run(first, c.indPos); {
		case r.wide != nil:
			gatherMonths(&mg, keys, r.wide[:len(keys)])
		case r.narrow != nil:
			gatherMonths(&mg, keys, r.narrow[:len(keys)])
		}
	}
	if mg.byCell != nil {
		mg.p.addCells(mg.byCell, mg.placed)
		mg.byCell.release()
	}
}

// monthGather is what fromMonthPlaces gathers into.
type monthGather struct {
	f      *compiledFilter
	g      *gathered
	p      *clusterPass
	dims   [2]dimLevels
	cols   int
	byCell *classPairs // weighted: by cell, the products by sex class
	placed []int       // weighted: by cell, the sessions
}

// gatherMonths adds the sums of a run of places by month, keys[i]'s at
// sums[i], to the cells they lie in.
func gatherMonths[T uint16 | int32](mg *monthGather, keys []cellKey, sums []monthSums[T]) {
	for i, k := range keys {
		ms := &sums[i]
		if ms.n == 0 || !mg.f.keepCell(k) {
			continue
		}
		r, cl := mg.dims[0].cell(k), mg.dims[1].cell(k)
		if r < 0 || cl < 0 {
			continue
		}
		cell := r*mg.cols + cl
		if mg.byCell != nil {
			mg.placed[cell] += int(ms.n)
			ms.addTo(mg.byCell.at(cell, mg.g.provOf(k.province), int(k.band), int(k.band)))
			continue
		}
		n, mm, mu, uu := ms.union()
		for _, u := range mg.p.unitsOf(cell) {
			d := mg.p.unit(u)
			d.clusters += int(n)
			d.sm2 += float64(mm)
			d.sym += float64(mu)
			d.sy2 += float64(uu)
		}
	}
}

// addTo adds the month sums to a block of products by pair of sex classes.
func (ms *monthSums[T]) addTo(blk *classProducts) {
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
