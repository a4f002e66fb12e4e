package edition

import (
	"context"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
)

// SaveDraft computes a draft's cells from its spec (Prepare) and stores
// it: a new draft when id is 0, else the draft id replaced. The spec must
// have passed Check.
func SaveDraft(ctx context.Context, src Sources, shelf *Shelf, id int64, spec Spec, p release.Policy, by int64) (*store.Edition, error) {
	now := src.Store.Now()
	snap, err := Prepare(ctx, src, shelf, spec, p, now)
	if err != nil {
		return nil, err
	}
	blob, err := snap.Encode()
	if err != nil {
		return nil, err
	}
	e := &store.Edition{ID: id, Title: spec.Title, From: spec.From, To: spec.To, Spec: EncodeSpec(spec), Snapshot: blob,
		ComputedAt: snap.ComputedAt, CreatedBy: by}
	if id == 0 {
		err = src.Store.CreateEdition(ctx, e)
	} else {
		err = src.Store.SaveDraft(ctx, e)
	}
	if err != nil {
		return nil, err
	}
	return e, nil
}

// Publish freezes a computed draft as the next edition. Its cells are
// not computed again: what the analyst previewed is what is published.
// They are checked once more against every edition published since they
// were computed; should another edition now give one of their hidden
// cells away, or k have been raised since, publishing is refused until
// the draft is computed again.
func Publish(ctx context.Context, st *store.Store, shelf *Shelf, id int64, p release.Policy) (int, error) {
	p.Note(release.Edition)
	e, err := st.Edition(ctx, id)
	if err != nil {
		return 0, err
	}
	if e.Published() || e.Snapshot == nil {
		return 0, fault.New(fault.Conflict, "edition.not_ready", "only a computed draft can be published")
	}
	snap, err := Decode(e.Snapshot)
	if err != nil {
		return 0, err
	}
	if snap.K < p.K() {
		// Computed before k was raised: it shows groups today's k hides.
		return 0, fault.New(fault.Conflict, "edition.k_raised", "k was raised since this draft was computed: compute it again")
	}
	published, err := shelf.Published(ctx, p)
	if err != nil {
		return 0, err
	}
	all := make([]*Snapshot, 0, len(published)+1)
	for _, pe := range published {
		all = append(all, pe.Snap)
	}
	if leaks := Audit(append(all, snap)...); len(leaks) > 0 {
		return 0, fault.New(fault.Conflict, "edition.check_again", "an edition published since this draft was computed gives a hidden cell away: compute it again")
	}
	// Published only if no edition was published since the shelf was
	// read: otherwise the check above missed it.
	last := 0
	if cur := Current(published); cur != nil {
		last = cur.Number
	}
	return st.PublishEditionAfter(ctx, id, last)
}

// PublishNow prepares and publishes an edition in one step, for the demo
// and the command line.
func PublishNow(ctx context.Context, src Sources, shelf *Shelf, spec Spec, p release.Policy) (int, error) {
	if err := spec.Check(src.Catalog); err != nil {
		return 0, err
	}
	e, err := SaveDraft(ctx, src, shelf, 0, spec, p, 0)
	if err != nil {
		return 0, err
	}
	return Publish(ctx, src.Store, shelf, e.ID, p)
}

// DefaultSpec is a new edition's choice: every indicator and the default
// breakdowns over the period given.
func DefaultSpec(src Sources, title, from, to string) Spec {
	return Spec{Title: title, From: from, To: to, Indicators: AllIndicators(src.Catalog), Breakdowns: append([]string(nil), DefaultBreakdowns...)}
}

// HalfYear returns the half-year that holds t, as its first and last
// months: "2026-07", "2026-12".
func HalfYear(t time.Time) (string, string) {
	y, m := t.Year(), int(t.Month())
	if m <= 6 {
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01"), time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
	}
	return time.Date(y, 7, 1, 0, 0, 0, 0, time.UTC).Format("2006-01"), time.Date(y, 12, 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
}
