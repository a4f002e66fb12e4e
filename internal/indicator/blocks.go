package indicator

import (
	"slices"
	"sync"
)

// blocks keep what the clustered intervals need beside the cube's counts:
// for each session of a table and each indicator, the number of valid
// answers (m) and the sum of their value categories (u), by gender, in a
// block per survey version, age band and month the session's children
// gave (almost always one). Every unit of a table the cube can answer is
// a union of such groups, so a session's sums in any cell or margin are
// sums of its blocks' — whole numbers, added before anything is squared —
// and the design effect, the number of sessions and the correlations of
// the differences come out exactly as the rows give them (design.go).
type blocks struct {
	first  []int32 // by session number: its newest block, -1 none
	head   chunked[blockHead]
	sums   []chunked[blockSums] // by indicator position; empty for those not counted
	order  sessionList          // the sessions that have a block
	places *places              // the blocks added up by place (blocks_places.go)
	months *places              // and by place and month
	// later leaves the places alone while every row of a new index is
	// read: they are made once from the blocks at the end (placesFromBlocks),
	// instead of having each session's sums taken out and put back with
	// every row.
	later bool
}

// blockHead is a block's place: the session's previous block, and the
// version, band and month its children gave.
type blockHead struct {
	next    int32
	month   uint16
	version uint8
	band    uint8
}

// blockSums are one indicator's sums in a block: m and u by gender, in a
// byte each (a session is some twenty-five children). A block whose sums
// would pass 255 is followed by another of the same place, and their sums
// add up: a larger session takes more blocks, never a wrong sum.
type blockSums [4][2]uint8

// blockMax is the most a block's sum holds. An indicator whose value
// categories reach it could not count one answer in a block: a table with
// one is left to the rows (newTable).
const blockMax = 0xff

func newBlocks(indicators int) *blocks {
	return &blocks{sums: make([]chunked[blockSums], indicators), places: newPlaces(indicators, false), months: newPlaces(indicators, true)}
}

// add counts a row of session s with key k: cats[i] is the row's category
// for indicator i, valid below nv[i].
func (b *blocks) add(s int32, k cellKey, cats []int, nv []int, ids []int64) {
	for int(s) >= len(b.first) {
		b.first = append(b.first, -1)
	}
	back, backMonth := int32(-1), int32(-1)
	if !b.later {
		back = b.places.before(b, s, k, cats, nv, ids)
		backMonth = b.months.before(b, s, k, cats, nv, ids)
	}
	blk := b.find(s, k, cats)
	if blk < 0 {
		if b.first[s] < 0 {
			b.order.add(s, ids)
		}
		blk = int32(b.head.len())
		b.head.push(blockHead{next: b.first[s], month: k.month, version: k.version, band: k.band})
		for i := range b.sums {
			b.sums[i].push(blockSums{})
		}
		b.first[s] = blk
	}
	for i := range b.sums {
		if c := cats[i]; c >= 0 && c < nv[i] {
			p := b.sums[i].ref(int(blk))
			p[k.gender][0]++
			p[k.gender][1] += uint8(c)
		}
	}
	if back >= 0 {
		b.places.contribute(b, s, back, cats, nv, 1)
	}
	if backMonth >= 0 {
		b.months.contribute(b, s, backMonth, cats, nv, 1)
	}
}

// find returns the session's block for k that has room for the row, or -1.
func (b *blocks) find(s int32, k cellKey, cats []int) int32 {
	for blk := b.first[s]; blk >= 0; blk = b.head.at(int(blk)).next {
		h := b.head.at(int(blk))
		if h.month != k.month || h.version != k.version || h.band != k.band {
			continue
		}
		for i := range b.sums {
			p := b.sums[i].ref(int(blk))
			if c := cats[i]; c >= 0 && (p[k.gender][0] == blockMax || int(p[k.gender][1])+c > blockMax) {
				return -1 // full: a new block of the same place takes the row
			}
		}
		return blk
	}
	return -1
}

// sessionList is a table's sessions in the order of their session ids,
// the order every pass over sessions takes, so that weighted sums (which
// depend on the order of additions) come out the same however the index
// was built.
type sessionList struct {
	mu     sync.Mutex
	all    []int32 // in the order they came
	sorted bool
	lastID int64
}

func (l *sessionList) add(s int32, ids []int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.all) == 0 || ids[s] > l.lastID {
		l.lastID = ids[s]
		l.sorted = len(l.all) == 0 || l.sorted
	} else {
		l.sorted = false
	}
	l.all = append(l.all, s)
}

// byID returns the sessions in id order; ids is the index's session ids.
func (l *sessionList) byID(ids []int64) []int32 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.sorted && len(l.all) > 0 {
		slices.SortFunc(l.all, func(a, b int32) int {
			if ids[a] < ids[b] {
				return -1
			}
			if ids[a] > ids[b] {
				return 1
			}
			return 0
		})
		l.sorted = true
		l.lastID = ids[l.all[len(l.all)-1]]
	}
	return l.all
}
