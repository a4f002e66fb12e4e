package indicator

import (
	"cmp"
	"slices"
)

// sessionIndex finds a session's number from its id. At 10 M answers
// there are about 480,000 sessions, and a map from id to the session's
// breakdowns held about 24 MB; this holds the sessions' ids and numbers in
// id order (12 bytes a session), found by binary search, and keeps the
// sessions added since the last merge in a small map. Reads are safe
// under the index's read lock; add and reset need the write lock.
type sessionIndex struct {
	sorted []int32         // session numbers in the order of their ids
	ids    []int64         // their ids, ascending: what the search reads
	recent map[int64]int32 // sessions added since sorted was made
}

// find returns the number of the session with this id; ids are the
// index's session ids, by number.
func (x *sessionIndex) find(id int64, ids []int64) (int32, bool) {
	if s, ok := x.recent[id]; ok {
		return s, true
	}
	i, ok := slices.BinarySearch(x.ids, id)
	if !ok {
		return 0, false
	}
	return x.sorted[i], true
}

// add records session number s, whose id is ids[s] and not yet known.
// Once the recent sessions are an eighth of the others (and at least
// recentMerge) they are merged in: a sort of the few and one pass over
// the many.
func (x *sessionIndex) add(s int32, ids []int64) {
	if x.recent == nil {
		x.recent = map[int64]int32{}
	}
	x.recent[ids[s]] = s
	if len(x.recent) >= max(recentMerge, len(x.sorted)/8) {
		x.merge(ids)
	}
}

const recentMerge = 4096

func (x *sessionIndex) merge(ids []int64) {
	byID := func(a, b int32) int { return cmp.Compare(ids[a], ids[b]) }
	add := make([]int32, 0, len(x.recent))
	for _, s := range x.recent {
		add = append(add, s)
	}
	slices.SortFunc(add, byID)
	merged := make([]int32, 0, len(x.sorted)+len(add))
	i, j := 0, 0
	for i < len(x.sorted) && j < len(add) {
		if ids[x.sorted[i]] < ids[add[j]] {
			merged = append(merged, x.sorted[i])
			i++
		} else {
			merged = append(merged, add[j])
			j++
		}
	}
	merged = append(append(merged, x.sorted[i:]...), add[j:]...)
	x.sorted, x.recent = merged, nil
	x.idsOfSorted(ids)
}

func (x *sessionIndex) idsOfSorted(ids []int64) {
	if cap(x.ids) < len(x.sorted) {
		x.ids = make([]int64, len(x.sorted), len(x.sorted)+len(x.sorted)/8)
	}
	x.ids = x.ids[:len(x.sorted)]
	for i, s := range x.sorted {
		x.ids[i] = ids[s]
	}
}

// reset makes the index of every session in ids at once, as a snapshot
// is read.
func (x *sessionIndex) reset(ids []int64) {
	x.sorted = make([]int32, len(ids))
	for i := range x.sorted {
		x.sorted[i] = int32(i)
	}
	slices.SortFunc(x.sorted, func(a, b int32) int { return cmp.Compare(ids[a], ids[b]) })
	x.recent = nil
	x.idsOfSorted(ids)
}
