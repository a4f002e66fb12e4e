package edition

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
)

// Published is a published edition, decoded: what the public pages,
// the open data and the static site are made of.
type Published struct {
	Number      int
	Title       string
	From, To    string
	PublishedAt time.Time
	Snap        *Snapshot
}

// Shelf keeps the published editions in memory: they never change, so
// they are decoded once and read again only when a new one is published
// (one small query per read tells).
type Shelf struct {
	st *store.Store
	// Log hears of an edition withheld under a raised k (underK); none
	// when nil.
	Log *slog.Logger
	mu  sync.Mutex
	// stamp is the latest publication and the number of editions when
	// list was read.
	stamp struct {
		at time.Time
		n  int
	}
	list []*Published
	// shown is list as released under the k of the last read that
	// raised it: worked out once per k and set of editions, since
	// hiding and the check across editions are not cheap and the public
	// pages read the shelf on every request (their page cache keeps its
	// pages only while the current edition it is given stays the same).
	shown struct {
		k        int
		list     []*Published
		withheld []Withheld
	}
}

// Withheld is a published edition the public pages no longer show under
// today's k: shown under it, its numbers would give a hidden group back
// and nothing of its own is left to hide (Protect's Conflict).
type Withheld struct {
	Number int
	Reason string
}

// NewShelf reads published editions from st.
func NewShelf(st *store.Store) *Shelf { return &Shelf{st: st} }

// Published returns every published edition, oldest first, as the
// policy releases them: an edition published under a lower k than
// today's shows no cell under today's k, and the check across editions
// is run again over what is left, so raising k never opens a difference.
func (s *Shelf) Published(ctx context.Context, p release.Policy) ([]*Published, error) {
	p.Note(release.EditionShown)
	at, n, err := s.st.LatestEditionChange(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.list == nil || !at.Equal(s.stamp.at) || n != s.stamp.n {
		eds, err := s.st.Editions(ctx, true)
		if err != nil {
			return nil, err
		}
		list := make([]*Published, 0, len(eds))
		for _, e := range eds {
			snap, err := Decode(e.Snapshot)
			if err != nil {
				return nil, err
			}
			list = append(list, &Published{Number: e.Number, Title: e.Title, From: e.From, To: e.To, PublishedAt: e.PublishedAt, Snap: snap})
		}
		s.list = list
		s.stamp.at, s.stamp.n = at, n
		s.shown.list = nil
	}
	k := p.K()
	if s.shown.list == nil || s.shown.k != k {
		s.shown.k = k
		s.shown.list, s.shown.withheld = underK(s.list, k)
		for _, w := range s.shown.withheld {
			if s.Log != nil {
				s.Log.Error("edition withheld from the public pages under the raised k: shown, it would give a hidden group back",
					"edition", w.Number, "k", k, "why", w.Reason)
			}
		}
	}
	return s.shown.list, nil
}

// Withheld lists the editions the last read left out under a raised k,
// oldest first.
func (s *Shelf) Withheld() []Withheld {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.shown.withheld)
}

// underK gives the editions as shown under k: unchanged when each was
// published under k or a higher one. An edition that cannot be shown
// under k without giving a hidden cell back (answers that came late can
// make an edition's total differ from an earlier one's over the same
// children, and Protect may hide only the new edition's own cells) is
// withheld: left out of what the public sees, and of what later editions
// are checked against, so raising k never opens a difference.
func underK(list []*Published, k int) ([]*Published, []Withheld) {
	raised := slices.ContainsFunc(list, func(e *Published) bool { return e.Snap.K < k })
	if !raised {
		return list, nil
	}
	out := make([]*Published, 0, len(list))
	var withheld []Withheld
	var earlier []*Snapshot
	for _, e := range list {
		c := *e
		c.Snap = e.Snap.clone()
		if c.Snap.K < k {
			c.Snap.hideUnder(k)
		}
		// Nothing of an earlier edition can be hidden any more than it
		// is; what a new hiding would need is hidden here too.
		if err := Protect(c.Snap, earlier); err != nil {
			withheld = append(withheld, Withheld{Number: e.Number, Reason: err.Error()})
			continue
		}
		earlier = append(earlier, c.Snap)
		out = append(out, &c)
	}
	return out, withheld
}

// clone is a deep copy of a snapshot's cells.
func (s *Snapshot) clone() *Snapshot {
	c := *s
	c.Indicators = make([]*Indicator, len(s.Indicators))
	for i, ind := range s.Indicators {
		ci := *ind
		ci.Tables = make([]*Table, len(ind.Tables))
		for j, t := range ind.Tables {
			ct := *t
			ct.Cells = make([]*Cell, len(t.Cells))
			for k, cell := range t.Cells {
				cc := *cell
				ct.Cells[k] = &cc
			}
			ci.Tables[j] = &ct
		}
		c.Indicators[i] = &ci
	}
	return &c
}

// hideUnder hides every cell of fewer than k.
func (s *Snapshot) hideUnder(k int) {
	for _, ind := range s.Indicators {
		for _, t := range ind.Tables {
			for _, c := range t.Cells {
				if c.Shown && c.N < k {
					c.hide()
				}
			}
		}
	}
	s.K = k
}

// Prepare computes a draft's cells (Compute) and protects them against
// every published edition (Protect): the snapshot the preview shows and
// publishing freezes.
func Prepare(ctx context.Context, src Sources, shelf *Shelf, spec Spec, p release.Policy, now time.Time) (*Snapshot, error) {
	snap, err := Compute(ctx, src, spec, p, now)
	if err != nil {
		return nil, err
	}
	published, err := shelf.Published(ctx, p)
	if err != nil {
		return nil, err
	}
	earlier := make([]*Snapshot, len(published))
	for i, e := range published {
		earlier[i] = e.Snap
	}
	if err := Protect(snap, earlier); err != nil {
		return nil, err
	}
	return snap, nil
}

// Current is the latest of the editions, nil when there is none.
func Current(list []*Published) *Published {
	if len(list) == 0 {
		return nil
	}
	return list[len(list)-1]
}
