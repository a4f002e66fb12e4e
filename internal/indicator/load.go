package indicator

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Load builds an index from everything the store holds, and keeps it
// current by appending each committed batch.
func Load(ctx context.Context, st *store.Store, cat *survey.Catalog, opts ...Option) (*Index, error) {
	ix := New(cat, st.SessionByID, opts...)
	if err := ix.attach(ctx, st); err != nil {
		return nil, fmt.Errorf("indicator: load: %w", err)
	}
	ix.released()
	return ix, nil
}

// released hands the memory the reading left behind back to the system
// once a large index is read: the runtime would otherwise keep those
// pages, idle, as resident memory for minutes. One collection, once per
// start; a small index (tests read hundreds) leaves too little to matter.
func (ix *Index) released() {
	rows := 0
	ix.mu.RLock()
	for _, t := range ix.tables {
		rows += t.rows
	}
	ix.mu.RUnlock()
	if rows >= 100_000 {
		debug.FreeOSMemory()
	}
}

// attach reads the population table and the sessions the index does not
// know yet, registers the commit hook, and reads the submissions stored
// after the last one the index holds: all of them for a new index, those
// since the snapshot for one read from a snapshot.
func (ix *Index) attach(ctx context.Context, st *store.Store) error {
	if ix.pop == nil {
		rows, err := st.Population(ctx)
		if err != nil {
			return err
		}
		if len(rows) > 0 {
			ix.pop = NewPopulation(ix.cat, rows)
		}
	}
	// A new index reads every session; one read from a snapshot only those
	// opened after the newest it knows (any other it meets is looked up).
	var sessions []*store.Session
	var err error
	ix.mu.RLock()
	newest := int64(0)
	for _, id := range ix.sessionIDs {
		newest = max(newest, id)
	}
	ix.mu.RUnlock()
	if newest == 0 {
		sessions, err = st.AllSessions(ctx)
	} else {
		sessions, err = st.SessionsAfter(ctx, newest)
	}
	if err != nil {
		return err
	}
	ix.mu.Lock()
	for _, s := range sessions {
		if _, ok := ix.session(s.ID); !ok {
			ix.addSession(s)
		}
	}
	ix.mu.Unlock()
	names := st.ItemNames()
	// The hook is registered before the scan so no commit falls between
	// them; batches committed during the scan wait until it ends, and rows
	// both see are kept once, by id.
	ix.mu.Lock()
	ix.loading = true
	after := ix.lastID
	fresh := after == 0
	if fresh {
		for _, t := range ix.tables {
			t.blocks.later = true
		}
	}
	ix.mu.Unlock()
	st.OnCommit(ix.Append)
	err = st.ScanCoded(ctx, after, func(r *store.CodedRow) error {
		ix.mu.Lock()
		defer ix.mu.Unlock()
		if r.ID <= ix.lastID {
			return nil
		}
		ix.lastID = r.ID
		t := ix.tables[r.SurveyID]
		if t == nil {
			return nil // a survey no longer shipped
		}
		dims, ok := ix.session(r.SessionID)
		if !ok {
			// A session opened after the sessions were read.
			s, err := ix.lookup(ctx, r.SessionID)
			if err != nil {
				return err
			}
			dims = ix.addSession(s)
		}
		row := t.addRow(ix.keys.Record(r.ID), r.SurveyVersion, r.AgeBand, r.Gender, r.Day, dims, r.Age)
		t.bg.put(row, packBackground(r.Background))
		for _, a := range r.Answers {
			n := names[a.Item]
			if n[0] == r.SurveyID {
				t.set(row, n[1], a.Code)
			}
		}
		t.settle(row, dims, ix.sessionIDs)
		return nil
	})
	if err != nil {
		return err
	}
	ix.mu.Lock()
	if fresh {
		ix.placesFromBlocks()
	}
	ix.loading = false
	pending := ix.pending
	ix.pending = nil
	ix.mu.Unlock()
	ix.Append(pending)
	return nil
}

// placesFromBlocks makes every table's places again from its blocks: when
// a snapshot is read (the places are not in the file) and once a new index
// has read every row (blocks.later). Caller holds mu, or owns ix alone.
func (ix *Index) placesFromBlocks() {
	for _, t := range ix.tables {
		t.blocks.later = false
		if t.cube.ok {
			t.blocks.places.rebuild(t.blocks, ix.dims, ix.sessionIDs)
			t.blocks.months.rebuild(t.blocks, ix.dims, ix.sessionIDs)
		}
	}
}
