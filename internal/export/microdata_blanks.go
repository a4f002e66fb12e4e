package export

import (
	"cmp"
	"context"
	"slices"

	"github.com/kinderstem/kinderstem/internal/store"
)

// The blanks rule. Local suppression blanks a value where too few rows
// share it; where the rows around it show theirs, the blank itself says
// what it hides. In a session of 28 girls, 29 boys and one non-binary
// child, the one row of that session with an empty gender is that
// child's. So wherever some rows of a group show a value and others are
// blanked (languages within a class that shows gender and session, genders
// within a session that is shown), the blanked rows must hold at least two
// values and k rows.
//
// Until they do, more rows are blanked: as few as it takes (k minus the
// rows blanked already, at least one), taken from the largest shown class
// of the group that keeps k rows after giving them, and chosen by their
// record keys (under the record secret, so nobody can tell which rows
// those are, and the same rows in every export: a row blanked in one file
// and shown in another would undo it). Where no class can spare them, the
// smallest shown class is blanked whole.

// take moves n rows of a class at level 0 to a deeper level.
type take struct {
	n, level int
}

// blankNamesNoOne applies the blanks rule: first to languages within each
// class that shows gender and session, then to genders within each
// session that is shown.
func (s *sdc) blankNamesNoOne() {
	byClass := map[qiKey][]qiKey{} // a level-1 class -> its level-0 classes
	for k := range s.classes[0] {
		w := widen(k)
		byClass[w[1]] = append(byClass[w[1]], k)
	}
	for q, members := range byClass {
		if s.classes[1][q] >= s.k { // its rows show gender: a blank is seen beside the shown
			s.spread(0, members, byClass)
		}
	}
	bySession := map[qiKey][]qiKey{} // a level-2 class -> its level-1 classes
	for k := range s.classes[1] {
		w := widen(k)
		if s.classes[2][w[2]] >= s.k { // its rows show the session
			bySession[w[2]] = append(bySession[w[2]], w[1])
		}
	}
	for _, members := range bySession {
		s.spread(1, members, byClass)
	}
}

// spread blanks the value dropped at level+1 in more rows of a group of
// classes (all at level, differing only in that value) until the blanked
// rows are none, or of two values and k rows. byClass lists the level-0
// classes of each level-1 class.
func (s *sdc) spread(level int, members []qiKey, byClass map[qiKey][]qiKey) {
	// A fixed order, so the same data always gives the same file.
	slices.SortFunc(members, func(a, b qiKey) int { return cmp.Or(cmp.Compare(a.gender, b.gender), cmp.Compare(a.lang, b.lang)) })
	rows := func(k qiKey) int { return s.classes[level][k] }
	blanked := func(k qiKey) bool { return s.forced[k] > level || rows(k) < s.k }
	values, total := 0, 0
	for _, m := range members {
		if blanked(m) {
			values++
			total += rows(m)
		}
	}
	for values > 0 && (values < 2 || total < s.k) {
		need := max(1, s.k-total)
		if donor, ok := s.donor(level, members, blanked, byClass, need); ok {
			s.takes[donor] = append(s.takes[donor], take{n: need, level: level + 1})
			s.taken[donor] += need
			return // a new value, and k rows
		}
		smallest := -1
		for i, m := range members {
			if !blanked(m) && (smallest < 0 || rows(m) < rows(members[smallest])) {
				smallest = i
			}
		}
		if smallest < 0 {
			return // every value is blanked: nothing is shown beside them
		}
		s.forced[members[smallest]] = level + 1
		values++
		total += rows(members[smallest])
	}
}

// donor is the class at level 0, in a shown member of the group, that can
// give need rows and still show k: the one with the most rows to spare.
func (s *sdc) donor(level int, members []qiKey, blanked func(qiKey) bool, byClass map[qiKey][]qiKey, need int) (qiKey, bool) {
	if s.keys == nil {
		return qiKey{}, false
	}
	var best qiKey
	spare := -1
	for _, m := range members {
		if blanked(m) {
			continue
		}
		candidates := []qiKey{m}
		if level == 1 {
			candidates = byClass[m]
		}
		for _, c := range candidates {
			if s.levelOf(c) != 0 {
				continue
			}
			if left := s.classes[0][c] - s.taken[c] - need; left >= s.k && left > spare {
				best, spare = c, left
			}
		}
	}
	return best, spare >= 0
}

// pickMoved reads the heads again, if the blanks rule moves single rows,
// and picks them: in each class, the rows with the lowest record keys, the
// first takes first.
func (m *Microdata) pickMoved(ctx context.Context, sessions map[int64]sessionInfo, s *sdc) error {
	if len(s.takes) == 0 {
		return nil
	}
	type keyed struct {
		key uint16
		id  int64
	}
	lowest := map[qiKey][]keyed{}
	err := m.Store.ScanHeads(ctx, m.Survey.ID, func(r *store.CodedRow) error {
		si, ok := sessions[r.SessionID]
		if !ok {
			return nil
		}
		c := s.key(r, si)
		n := s.taken[c]
		if n == 0 {
			return nil
		}
		// Keep the n lowest keys seen so far (n is a few rows).
		l := append(lowest[c], keyed{s.keys.Record(r.ID), r.ID})
		slices.SortFunc(l, func(a, b keyed) int { return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.id, b.id)) })
		lowest[c] = l[:min(len(l), n)]
		return nil
	})
	if err != nil {
		return err
	}
	for c, l := range lowest {
		i := 0
		for _, t := range s.takes[c] {
			for range t.n {
				s.rowLevel[l[i].id] = t.level
				i++
			}
		}
	}
	return nil
}
