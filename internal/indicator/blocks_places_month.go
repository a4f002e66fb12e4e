package indicator

// monthPages hold the month sums in runs of 256 places by indicator, so
// they grow without copying, and a query, which reads one indicator of
// every place, reads them in runs. A run is made when a session first
// counts in it (an indicator no place of the run has answers for keeps
// none), in 16 bits; it moves to 32 bits, once, when a sum of one of its
// places no longer fits. At 10 M answers over ten years, nine runs in ten
// stay in 16 bits: those of the indices are the others.
type monthPages struct {
	width int        // indicators
	runs  []monthRun // by page of 256 places × width + indicator
}

// monthRun is one indicator's sums of 256 places: narrow, wide or neither
// (no session counted in any of them yet).
type monthRun struct {
	narrow *[monthPage]narrowSums
	wide   *[monthPage]wideSums
}

const monthPage = 256

// grow makes room for the runs of the given number of places. A table
// without indicators has no runs to make.
func (u *monthPages) grow(places int) {
	if u.width == 0 {
		return
	}
	for places > len(u.runs)/u.width*monthPage {
		u.runs = append(u.runs, make([]monthRun, u.width)...)
	}
}

// run is indicator i's run of the places from first, a multiple of 256.
func (u *monthPages) run(first, i int) monthRun {
	return u.runs[first/monthPage*u.width+i]
}

// add adds (sign 1) or takes out (-1) a session's sums by gender at place
// a for indicator i, and says whether they fit in 32 bits.
func (u *monthPages) add(a, i int, m, s [4]int64, sign int64) bool {
	r, j := &u.runs[a/monthPage*u.width+i], a%monthPage
	if r.wide == nil {
		if r.narrow == nil {
			r.narrow = new([monthPage]narrowSums)
		}
		ms := r.narrow[j]
		if ms.add(m, s, sign) {
			r.narrow[j] = ms
			return true
		}
		r.widen()
	}
	return r.wide[j].add(m, s, sign)
}

// widen moves a run to 32 bits.
func (r *monthRun) widen() {
	r.wide = new([monthPage]wideSums)
	if r.narrow != nil {
		for j := range r.narrow {
			r.wide[j] = widened(&r.narrow[j])
		}
	}
	r.narrow = nil
}
