package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Filler stores sessions and submissions in large transactions, for the
// tools that fill a database for trying and measuring (kinderstem demo).
// Each submission goes through the same statements and checks as Submit
// (the session must take answers at the time given, a known id is a
// replay), so a filled database holds exactly what the write path would
// have stored; only the transactions are larger, and a store opened with
// Options.Bulk does not wait for the disk at each commit. Commit hooks are
// not called: a filled database is read by the index when it starts.
//
// A Filler holds the one writer connection between its commits: Submit
// waits meanwhile.
type Filler struct {
	s     *Store
	ctx   context.Context
	tx    *sql.Tx
	bt    *batchTx
	every int // submissions per transaction
	n     int // in the open transaction
}

// NewFiller starts a filler that commits every so many submissions.
func (s *Store) NewFiller(ctx context.Context, every int) *Filler {
	return &Filler{s: s, ctx: ctx, every: max(every, 1)}
}

func (f *Filler) begin() error {
	if f.tx != nil {
		return nil
	}
	<-f.s.batch.ready
	if err := f.s.batch.prepErr; err != nil {
		return err
	}
	f.s.batch.commitMu.Lock()
	tx, err := f.s.w.BeginTx(f.ctx, nil)
	if err != nil {
		f.s.batch.commitMu.Unlock()
		return fmt.Errorf("store: fill: %w", err)
	}
	f.tx = tx
	f.bt = &batchTx{tx: tx, st: f.s.batch.bind(f.ctx, tx), sessions: map[int64]bool{}}
	return nil
}

// CreateSession stores a session as Store.CreateSession does when its
// clock reads at.
func (f *Filler) CreateSession(at time.Time, sess *Session) error {
	if err := CheckStaffText("label", sess.Label); err != nil {
		return err
	}
	if err := f.begin(); err != nil {
		return err
	}
	sess.OpenedAt = at.UTC().Truncate(time.Second)
	var createdBy any
	if sess.CreatedBy > 0 {
		createdBy = sess.CreatedBy
	}
	for attempt := 0; attempt < 10; attempt++ {
		sess.Code = NewCode()
		// A failed INSERT undoes itself only; the transaction goes on.
		err := insertSession(f.ctx, f.tx, sess, createdBy)
		if isUnique(err) {
			continue
		}
		if err != nil {
			return fmt.Errorf("store: fill: create session: %w", err)
		}
		return nil
	}
	return errors.New("store: fill: create session: no free code after 10 draws")
}

// Submit stores a submission as it would be stored by Submit at the time
// at (its day, and whether its session takes answers then).
func (f *Filler) Submit(at time.Time, sub *Submission) (Receipt, error) {
	if err := f.begin(); err != nil {
		return Receipt{}, err
	}
	if now := timestamp(at); now != f.bt.now {
		f.bt.now, f.bt.day = now, at.In(f.s.loc).Format(time.DateOnly)
		clear(f.bt.sessions) // open or not depends on the time
	}
	r, err := f.s.batch.insertSubmission(f.ctx, f.bt, sub)
	if errors.Is(err, errPartial) {
		f.rollback()
		return Receipt{}, fmt.Errorf("store: fill: submission half stored; the open transaction was rolled back")
	}
	if err != nil {
		return r, err
	}
	if f.n++; f.n >= f.every {
		return r, f.Commit()
	}
	return r, nil
}

// Commit stores what was added since the last commit.
func (f *Filler) Commit() error {
	if f.tx == nil {
		return nil
	}
	err := f.tx.Commit()
	f.tx, f.bt, f.n = nil, nil, 0
	f.s.batch.commitMu.Unlock()
	if err != nil {
		return fmt.Errorf("store: fill: commit: %w", err)
	}
	return nil
}

func (f *Filler) rollback() {
	if f.tx != nil {
		f.tx.Rollback()
		f.tx, f.bt, f.n = nil, nil, 0
		f.s.batch.commitMu.Unlock()
	}
}
