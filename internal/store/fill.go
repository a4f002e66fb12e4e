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
	s *Store
	// ctx runs the statements: it cannot be cancelled, because the driver
	// runs each statement with a cancellable context on a goroutine of its
	// own, to interrupt it (two goroutine switches per statement, a third
	// of the fill's time). done is the caller's context, checked before
	// each session and submission instead.
	ctx   context.Context
	done  context.Context
	tx    *sql.Tx
	bt    *batchTx
	every int // submissions per transaction
	n     int // in the open transaction

	// The fast path (fill_rows.go): rows checked and numbered, waiting
	// for their statement; answers of stored rows waiting for theirs; the
	// next submission id; the open transaction's statements by row count.
	pending            []pendingRow
	answers            []int64
	nextID             int64
	subStmts, ansStmts map[int]*sql.Stmt
}

// NewFiller starts a filler that commits every so many submissions.
func (s *Store) NewFiller(ctx context.Context, every int) *Filler {
	return &Filler{s: s, ctx: context.WithoutCancel(ctx), done: ctx, every: max(every, 1)}
}

func (f *Filler) begin() error {
	if err := f.done.Err(); err != nil {
		return err
	}
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
	f.subStmts, f.ansStmts, f.nextID = map[int]*sql.Stmt{}, map[int]*sql.Stmt{}, 0
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
// at (its day, and whether its session takes answers then). Most
// submissions wait in the filler for a statement with others (until the
// next commit at the latest); their receipt carries the id they get. A
// submission the fast path does not cover is stored at once by the write
// path, after those waiting.
func (f *Filler) Submit(at time.Time, sub *Submission) (Receipt, error) {
	if err := f.begin(); err != nil {
		return Receipt{}, err
	}
	if now := timestamp(at); now != f.bt.now {
		if err := f.flush(false); err != nil {
			return Receipt{}, err
		}
		f.bt.now, f.bt.day = now, at.In(f.s.loc).Format(time.DateOnly)
		clear(f.bt.sessions) // open or not depends on the time
	}
	row, fast, err := f.fastRow(sub)
	if err != nil {
		return Receipt{}, err
	}
	var r Receipt
	if fast {
		f.pending = append(f.pending, row)
		if len(f.pending) >= 16*fillRowsPerInsert {
			err = f.flush(false)
		}
		r = Receipt{ID: row.id, Created: true}
	} else {
		if err := f.flush(false); err != nil {
			return Receipt{}, err
		}
		r, err = f.slowOne(sub)
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
	if err := f.flush(true); err != nil {
		return err
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
	f.pending, f.answers = f.pending[:0], f.answers[:0]
	if f.tx != nil {
		f.tx.Rollback()
		f.tx, f.bt, f.n = nil, nil, 0
		f.s.batch.commitMu.Unlock()
	}
}
