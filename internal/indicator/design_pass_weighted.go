package indicator

import (
	"slices"
	"sync"
)

// With weights, a session's sums in a cell or margin are W = Σ_h w_h·m_h
// and Y = Σ_h w_h·u_h over the weighting classes h of its children there
// (m: their valid answers, u: the sum of their value categories), and the
// clustered variance needs Σ W², Σ Y·W and Σ Y² over the sessions. These
// are Σ_{h,h'} w_h·w_h'·Σ_s m_h·m_h' (and the like): the weights can come
// in at the end if the pass keeps, per unit and per pair of classes a
// session's children hold, the whole-number sums of the products. A
// session lies in one province, so the pairs are province × band × band ×
// sex class × sex class; nearly every session has one band.
//
// Kept that way, the sums are whole numbers however they were added up,
// so the places (blocks_places.go), which hold the same products by
// gender, answer a weighted query over all time without walking the
// sessions, and the rows, the blocks and the places give the same bits:
// the floating point is made from the same integers in one fixed order
// (province, bands, sexes) with the weights of the moment, so new weights
// or a new population table need nothing kept ahead to change.

// products are the sums over sessions of m_a·m_b, m_a·u_b, u_a·m_b and
// u_a·u_b, for a class a of one unit and a class b of the same or another.
type products struct{ ww, wy, yw, yy int64 }

// classProducts are one province's and pair of bands' products by pair of
// sex classes.
type classProducts [sexClasses][sexClasses]products

// classPairs hold the products of each group (a unit, or a pair of cells
// for the differences) by province and pair of bands, made when first met.
type classPairs struct {
	nprov, nb int // provinces with "no province"; bands
	slot      []int32
	blocks    []classProducts
	as, bs    []int // scratch: the slots with answers of a session's sums
}

// newClassPairs takes its arrays from those a finished query gave back
// (release): a weighted overview makes one or two per indicator, each of
// thousands of blocks, and made afresh they were most of what it
// allocated (about 100 MB over a decade's answers).
func newClassPairs(groups int, ws *weightSet) *classPairs {
	cp, _ := classPairsPool.Get().(*classPairs)
	if cp == nil {
		cp = &classPairs{}
	}
	cp.nprov, cp.nb = ws.nprov+1, ws.nb
	n := groups * cp.nprov * cp.nb * cp.nb
	cp.slot = slices.Grow(cp.slot[:0], n)[:n]
	for i := range cp.slot {
		cp.slot[i] = -1
	}
	cp.blocks = cp.blocks[:0] // at appends zeroed blocks
	return cp
}

var classPairsPool sync.Pool

// release gives the arrays back for the next query; cp is not used after.
func (cp *classPairs) release() {
	if cp != nil {
		classPairsPool.Put(cp)
	}
}

func (cp *classPairs) at(group, prov, b1, b2 int) *classProducts {
	i := ((group*cp.nprov+prov)*cp.nb+b1)*cp.nb + b2
	if cp.slot[i] < 0 {
		cp.slot[i] = int32(len(cp.blocks))
		cp.blocks = append(cp.blocks, classProducts{})
	}
	return &cp.blocks[cp.slot[i]]
}

// add adds one session's products of its sums by slot (band × sex) in a
// and in b: the two are the same for a unit's own sums.
func (cp *classPairs) add(group, prov int, a, b []clusterInt) {
	cp.as, cp.bs = nonzero(a, cp.as[:0]), nonzero(b, cp.bs[:0])
	for _, s1 := range cp.as {
		x := a[s1]
		for _, s2 := range cp.bs {
			y := b[s2]
			e := &cp.at(group, prov, s1/sexClasses, s2/sexClasses)[s1%sexClasses][s2%sexClasses]
			e.ww += x.m * y.m
			e.wy += x.m * y.u
			e.yw += x.u * y.m
			e.yy += x.u * y.u
		}
	}
}

// nonzero appends the slots of at with answers to out.
func nonzero(at []clusterInt, out []int) []int {
	for s, v := range at {
		if v.m != 0 {
			out = append(out, s)
		}
	}
	return out
}

// addPlace adds a place's products by gender (ps: Σ m_g·m_h, m_g·u_h,
// u_g·u_h over its sessions), of the genders in ma on one side and mb on
// the other, to a group's sums in the place's province and band.
func (cp *classPairs) addPlace(group, prov, band int, ps *placeSums, ma, mb int) {
	blk := cp.at(group, prov, band, band)
	for g := range ps.mm {
		if ma&(1<<g) == 0 {
			continue
		}
		for h := range ps.mm[g] {
			if mb&(1<<h) == 0 {
				continue
			}
			e := &blk[min(g, sexOther)][min(h, sexOther)]
			e.ww += ps.mm[g][h]
			e.wy += ps.mu[g][h]
			e.yw += ps.mu[h][g]
			e.yy += ps.uu[g][h]
		}
	}
}

// sums weights a group's products: Σ w_a·w_b times each, in the order of
// province, bands and sexes.
func (cp *classPairs) sums(group int, w []float64) (out pairSums) {
	per := cp.nb * sexClasses
	for prov := 0; prov < cp.nprov; prov++ {
		for b1 := 0; b1 < cp.nb; b1++ {
			for b2 := 0; b2 < cp.nb; b2++ {
				i := cp.slot[((group*cp.nprov+prov)*cp.nb+b1)*cp.nb+b2]
				if i < 0 {
					continue
				}
				blk := &cp.blocks[i]
				for s1 := range blk {
					for s2 := range blk[s1] {
						e := blk[s1][s2]
						if e.ww == 0 {
							continue
						}
						f := w[prov*per+b1*sexClasses+s1] * w[prov*per+b2*sexClasses+s2]
						out.ww += f * float64(e.ww)
						out.wy += f * float64(e.wy)
						out.yw += f * float64(e.yw)
						out.yy += f * float64(e.yy)
					}
				}
			}
		}
	}
	return out
}

// endWeighted closes a session of a weighted query: its products go to the
// cells and margins it touched, and those of pairs of cells to the pair
// tally; prov is the position of its province among the weights'.
func (p *clusterPass) endWeighted(prov int) {
	if len(p.touched) == 0 {
		return
	}
	sl := p.slots
	for _, cell := range p.touched {
		at := p.cur[int(cell)*sl : int(cell+1)*sl]
		p.cells[cell].clusters++
		p.units.add(int(cell), prov, at, at)
		r, c := int(cell)/p.cols, int(cell)%p.cols
		for s, v := range at {
			for _, m := range []*clusterInt{&p.rowCur[r*sl+s], &p.colCur[c*sl+s], &p.totCur[s]} {
				m.m += v.m
				m.u += v.u
			}
		}
	}
	if p.pt != nil {
		for i, x := range p.touched {
			for _, y := range p.touched[i+1:] {
				a, b := x, y
				if a > b {
					a, b = b, a
				}
				k := p.pt.at[int(a)*p.pt.rows+int(b)]
				if k < 0 {
					continue
				}
				p.pt.shared[k]++
				p.pairs.add(int(k), prov, p.cur[int(a)*sl:int(a+1)*sl], p.cur[int(b)*sl:int(b+1)*sl])
			}
		}
	}
	// The rows and columns of the touched cells, each once.
	rows, cols := p.rowsSeen[:0], p.colsSeen[:0]
	for _, cell := range p.touched {
		clear(p.cur[int(cell)*sl : int(cell+1)*sl])
		if r := cell / int32(p.cols); !slices.Contains(rows, r) {
			rows = append(rows, r)
		}
		if c := cell % int32(p.cols); !slices.Contains(cols, c) {
			cols = append(cols, c)
		}
	}
	slices.Sort(rows)
	slices.Sort(cols)
	first := p.rows * p.cols
	for _, r := range rows {
		at := p.rowCur[int(r)*sl : int(r+1)*sl]
		p.rowSums[r].clusters++
		p.units.add(first+int(r), prov, at, at)
		clear(at)
	}
	for _, c := range cols {
		at := p.colCur[int(c)*sl : int(c+1)*sl]
		p.colSums[c].clusters++
		p.units.add(first+p.rows+int(c), prov, at, at)
		clear(at)
	}
	p.total.clusters++
	p.units.add(first+p.rows+p.cols, prov, p.totCur, p.totCur)
	clear(p.totCur)
	p.rowsSeen, p.colsSeen = rows, cols
	p.touched = p.touched[:0]
}

// weightedSessions gives each unit its sessions' weighted sums, and each
// pair of cells its products, from the whole numbers gathered.
func (p *clusterPass) weightedSessions(ds []*designSums) {
	for unit, d := range ds {
		s := p.units.sums(unit, p.ws.w)
		d.sm2, d.sym, d.sy2 = s.ww, s.yw, s.yy
	}
	if p.pt != nil {
		for k := range p.pt.sums {
			p.pt.sums[k] = p.pairs.sums(k, p.ws.w)
		}
	}
}
