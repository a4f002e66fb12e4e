package edition

import (
	"fmt"
	"slices"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// Audit lists every hidden cell of the editions that the published
// numbers of all of them give back as a group of fewer than k, by
// identity; none when they are safe together. Publishing checks it, and the tests attack it.
func Audit(snaps ...*Snapshot) []string {
	k := 0
	for _, s := range snaps {
		k = max(k, s.K)
	}
	var out []string
	for _, u := range universes(nil, snaps) {
		leaks, _ := u.determined(k)
		out = append(out, leaks...)
	}
	slices.Sort(out)
	return out
}

// Protect hides cells of a new edition until no hidden cell of it or of
// the earlier editions can be recovered from what all of them publish:
// for each hidden cell the equations give back, the smallest cell shown
// only by the new edition on an equation with it is hidden too (every
// table showing it). When only earlier editions' cells are left to hide,
// the edition cannot be published as chosen: a Conflict that says so.
func Protect(s *Snapshot, earlier []*Snapshot) error {
	us := universes(s, earlier)
	bases := make([]string, 0, len(us))
	for b := range us {
		bases = append(bases, b)
	}
	slices.Sort(bases)
	for _, b := range bases {
		u := us[b]
		for {
			det, fixed := u.determined(max(s.K, maxK(earlier)))
			if len(det) == 0 {
				break
			}
			victim := u.complement(det, fixed)
			if victim == nil {
				return fault.New(fault.Conflict, "edition.cannot_protect",
					fmt.Sprintf("%s: a hidden cell follows from earlier editions' cells; leave out a breakdown", det[0]))
			}
			for _, c := range victim.fresh {
				if c.Shown {
					c.hide()
					s.Protected++
				}
			}
		}
	}
	return nil
}

func maxK(snaps []*Snapshot) int {
	k := 0
	for _, s := range snaps {
		k = max(k, s.K)
	}
	return k
}

// complement is the cell to hide so that the first hidden cell of det
// no longer follows: the smallest cell on an equation with it that only
// the new edition shows; failing that, on an equation with any hidden
// cell the equations fix (a complement that gives the small cell away).
func (u *universe) complement(det, fixed []string) *ucell {
	if c := u.smallestOn(det[:1]); c != nil {
		return c
	}
	return u.smallestOn(fixed)
}

func (u *universe) smallestOn(ids []string) *ucell {
	var best *ucell
	for _, line := range u.lines {
		if !slices.ContainsFunc(line, func(id string) bool { return slices.Contains(ids, id) }) {
			continue
		}
		for _, other := range line {
			c := u.cells[other]
			if c.oldShown || !c.known() {
				continue
			}
			if best == nil || c.n < best.n || (c.n == best.n && c.id < best.id) {
				best = c
			}
		}
	}
	return best
}
