package indicator

// places add up the sessions' blocks ahead, for the clustered intervals of
// queries over all time: one entry per place — survey version × age band ×
// setting × province — and indicator, summing over the sessions whose
// answers all lie in that place (nearly all of them) what a query would
// otherwise gather session by session:
//
//   - how many sessions have valid answers from each set of genders (a
//     session counts in a cell or margin when it has an answer there, and
//     a place's genders are all a breakdown can split it by);
//   - Σ m_g·m_h, Σ m_g·u_h and Σ u_g·u_h over those sessions, for every
//     pair of genders g, h (m: the valid answers of the session's children
//     of that gender, u: the sum of their value categories).
//
// A session's sums in any cell or margin are then Σ over the cell's
// genders, and their squares summed over sessions are the sums of these
// products: whole numbers, so the clustered variance, the design effect
// and the correlations come out exactly as the session-by-session pass
// gives them (design_pass.go). A session whose answers fall in more than
// one place (children of two age bands) is left out of the places and
// walked as before; so are all sessions when a query asks for months or
// weights, whose sums depend on more than a place holds.
//
// Queries by month use places by month too (version × band × month ×
// setting × province), with the sums by sex class of each session (the
// weights' classes), not by gender: there are many more of them, and they
// serve the queries that neither break down nor filter by gender (the
// overview by period, weighted or not; blocks_places_sex.go); a session
// whose children come over two months is walked.
type places struct {
	byMonth  bool
	index    map[uint64]int32 // packed place key -> place
	keys     []cellKey        // by place; gender 0, month 0 unless byMonth
	sums     [][]placeSums    // by indicator, by place; not byMonth
	month    monthPages       // by place, by indicator; byMonth
	wide     bool             // a month sum passed 32 bits: queries walk the sessions
	spanning sessionList      // sessions in more than one place
}

// placeSums are one indicator's sums over the sessions of one place.
type placeSums struct {
	n          [16]int64 // sessions by the set of genders with valid answers (bit g)
	mm, mu, uu [4][4]int64
}

const (
	placeNone  = -1
	placeSpans = -2
)

func newPlaces(indicators int, byMonth bool) *places {
	p := &places{byMonth: byMonth, index: map[uint64]int32{}}
	if byMonth {
		p.month.width = indicators
	} else {
		p.sums = make([][]placeSums, indicators)
	}
	return p
}

// place returns the number of the place of k, made when new.
func (p *places) place(k cellKey) int32 {
	k.gender = 0
	if !p.byMonth {
		k.month = 0
	}
	pk := k.pack()
	if a, ok := p.index[pk]; ok {
		return a
	}
	a := int32(len(p.keys))
	p.index[pk] = a
	p.keys = append(p.keys, k)
	for i := range p.sums {
		p.sums[i] = append(p.sums[i], placeSums{})
	}
	if p.byMonth {
		p.month.grow(len(p.keys))
	}
	return a
}

// before is called before a row of session s with key k and categories
// cats is added to the blocks: it takes the session's sums out of its
// place for the indicators the row changes (all of them when the row
// moves the session to a second place). It returns the place the sums go
// back to after the row, or -1.
func (p *places) before(b *blocks, s int32, k cellKey, cats, nv []int, ids []int64) int32 {
	a := p.place(k)
	switch cur := p.placeOf(b, s, k.setting, k.province); {
	case cur == placeSpans:
		return -1
	case cur == placeNone:
		return a
	case cur != a:
		p.contribute(b, s, cur, nil, nil, -1)
		p.spanning.add(s, ids)
		return -1
	}
	p.contribute(b, s, a, cats, nv, -1)
	return a
}

// placeOf is the place session s's blocks lie in: placeNone while it has
// none, placeSpans when they lie in more than one. Setting and province
// are the session's. It is found from the blocks each time rather than
// kept by session: a table holds a quarter of the sessions or fewer, and
// a list by session number would be mostly empty.
func (p *places) placeOf(b *blocks, s int32, setting, province uint8) int32 {
	a := int32(placeNone)
	if int(s) >= len(b.first) {
		return a
	}
	for blk := b.first[s]; blk >= 0; blk = b.head.at(int(blk)).next {
		h := b.head.at(int(blk))
		at := p.place(cellKey{version: h.version, band: h.band, month: h.month, setting: setting, province: province})
		if a != placeNone && a != at {
			return placeSpans
		}
		a = at
	}
	return a
}

// contribute adds (sign 1) or takes out (-1) session s's sums in place a:
// of every indicator when cats is nil, else of those the row with cats
// counts a valid answer for.
func (p *places) contribute(b *blocks, s, a int32, cats, nv []int, sign int64) {
	for i := range b.sums {
		if cats != nil && (cats[i] < 0 || cats[i] >= nv[i]) {
			continue
		}
		m, u, set := b.sessionSums(s, i)
		if set == 0 {
			continue
		}
		if p.byMonth {
			if !p.month.add(int(a), i, m, u, sign) {
				p.wide = true
			}
			continue
		}
		ps := &p.sums[i][a]
		ps.n[set] += sign
		for g := range m {
			for h := range m {
				ps.mm[g][h] += sign * m[g] * m[h]
				ps.mu[g][h] += sign * m[g] * u[h]
				ps.uu[g][h] += sign * u[g] * u[h]
			}
		}
	}
}

// rebuild makes the places again from the blocks, as a snapshot is read:
// they are not stored, since the blocks hold all they are made of.
func (p *places) rebuild(b *blocks, dims []sessionDims, ids []int64) {
	*p = *newPlaces(len(b.sums), p.byMonth)
	for s := range int32(len(b.first)) {
		switch a := p.placeOf(b, s, dims[s].setting, dims[s].province); {
		case a == placeSpans:
			p.spanning.add(s, ids)
		case a >= 0:
			p.contribute(b, s, a, nil, nil, 1)
		}
	}
}
