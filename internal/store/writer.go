package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// batcher is the group-commit writer. Requests queue while a commit is on
// its way to disk; the next transaction takes all of them, so durability
// costs one fsync per batch instead of one per child.
type batcher struct {
	s     *Store
	max   int
	queue chan *job
	done  chan struct{}

	mu     sync.RWMutex // guards closed against sends racing Close
	closed bool

	byUID, isOpen, insSub, insAnswer, insText *sql.Stmt
}

type job struct {
	ctx context.Context
	sub *Submission
	res chan jobResult
}

type jobResult struct {
	receipt Receipt
	err     error
}

func newBatcher(s *Store, max int) *batcher {
	b := &batcher{s: s, max: max, queue: make(chan *job, max), done: make(chan struct{})}
	go b.loop()
	return b
}

func (b *batcher) prepare() error {
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{{&b.byUID, sqlByUID}, {&b.isOpen, sqlIsOpen}, {&b.insSub, sqlInsSub}, {&b.insAnswer, sqlInsAnswer}, {&b.insText, sqlInsText}} {
		st, err := b.s.w.Prepare(p.sql)
		if err != nil {
			return fmt.Errorf("store: prepare %q: %w", p.sql, err)
		}
		*p.stmt = st
	}
	return nil
}

func (b *batcher) submit(ctx context.Context, sub *Submission) (Receipt, error) {
	j := &job{ctx: context.WithoutCancel(ctx), sub: sub, res: make(chan jobResult, 1)}
	b.mu.RLock()
	if b.closed {
		b.mu.RUnlock()
		return Receipt{}, ErrClosed
	}
	select {
	case b.queue <- j:
	case <-ctx.Done():
		b.mu.RUnlock()
		return Receipt{}, ctx.Err()
	}
	b.mu.RUnlock()
	// Once queued, the job is committed or failed by the writer even if the
	// caller gives up; a retry with the same id then finds it stored.
	select {
	case r := <-j.res:
		return r.receipt, r.err
	case <-ctx.Done():
		return Receipt{}, ctx.Err()
	}
}

// stop refuses new submissions, lets the writer store those queued, and
// waits for it to finish.
func (b *batcher) stop() {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		close(b.queue)
	}
	b.mu.Unlock()
	<-b.done
}

func (b *batcher) loop() {
	defer close(b.done)
	if err := b.prepare(); err != nil {
		for j := range b.queue {
			j.res <- jobResult{err: err}
		}
		return
	}
	batch := make([]*job, 0, b.max)
	for j := range b.queue {
		batch = append(batch[:0], j)
	fill:
		for len(batch) < b.max {
			select {
			case more, ok := <-b.queue:
				if !ok {
					break fill
				}
				batch = append(batch, more)
			default:
				break fill
			}
		}
		b.commit(batch)
	}
	for _, st := range []*sql.Stmt{b.byUID, b.isOpen, b.insSub, b.insAnswer, b.insText} {
		st.Close()
	}
}

// commit stores a batch in one transaction. Each submission has its own
// savepoint, so one bad submission fails alone and leaves nothing behind.
func (b *batcher) commit(batch []*job) {
	results := make([]jobResult, len(batch))
	var committed []Committed
	ctx := context.Background()
	err := b.s.write(ctx, func(tx *sql.Tx) error {
		day := b.s.Today()
		committed = committed[:0]
		for i, j := range batch {
			if _, err := tx.ExecContext(ctx, "SAVEPOINT sub"); err != nil {
				return err
			}
			r, err := b.insertSubmission(j.ctx, tx, j.sub, day)
			results[i] = jobResult{receipt: r, err: err}
			if err != nil {
				if _, err := tx.ExecContext(ctx, "ROLLBACK TO sub"); err != nil {
					return err
				}
			} else if r.Created {
				committed = append(committed, Committed{ID: r.ID, Day: day, Submission: j.sub})
			}
			if _, err := tx.ExecContext(ctx, "RELEASE sub"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		err = fmt.Errorf("store: commit submissions: %w", err)
		for i := range results {
			results[i] = jobResult{err: err}
		}
		committed = nil
	}
	if len(committed) > 0 {
		b.s.mu.RLock()
		hooks := b.s.hooks
		b.s.mu.RUnlock()
		for _, h := range hooks {
			h(committed)
		}
	}
	for i, j := range batch {
		j.res <- results[i]
	}
}
