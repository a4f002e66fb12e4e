package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// batcher is the group-commit writer. Requests queue while a commit is on
// its way to disk; the next transaction takes all of them, so durability
// costs one fsync per batch instead of one per child.
type batcher struct {
	s       *Store
	max     int
	delay   time.Duration // see Options.CommitDelay
	queue   chan *job
	done    chan struct{}
	ready   chan struct{} // closed once the statements are prepared (prepErr says how)
	prepErr error

	mu     sync.RWMutex // guards closed against sends racing Close
	closed bool
	// commitMu is held by each commit, and by a Filler between its
	// commits: both use the one writer connection.
	commitMu sync.Mutex

	byUID, isOpen, insSub, insText *sql.Stmt
	insAnswers                     []*sql.Stmt // [n] inserts n answers in one statement
}

// maxAnswersPerInsert is how many answers one INSERT carries; a submission
// with more takes several. One statement instead of one per answer saves
// most of the calls across the Go/C boundary.
const maxAnswersPerInsert = 64

// txStmts are the writer's statements bound to one transaction, made once
// per batch rather than once per submission.
type txStmts struct {
	byUID, isOpen, insSub, insText *sql.Stmt
	insAnswers                     []*sql.Stmt
}

func (b *batcher) bind(ctx context.Context, tx *sql.Tx) *txStmts {
	t := &txStmts{byUID: tx.StmtContext(ctx, b.byUID), isOpen: tx.StmtContext(ctx, b.isOpen), insSub: tx.StmtContext(ctx, b.insSub),
		insText: tx.StmtContext(ctx, b.insText), insAnswers: make([]*sql.Stmt, len(b.insAnswers))}
	return t
}

// answers returns the statement inserting n answers, bound to the batch's
// transaction on first use.
func (t *txStmts) answers(ctx context.Context, tx *sql.Tx, b *batcher, n int) *sql.Stmt {
	if t.insAnswers[n] == nil {
		t.insAnswers[n] = tx.StmtContext(ctx, b.insAnswers[n])
	}
	return t.insAnswers[n]
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

func newBatcher(s *Store, max int, delay time.Duration) *batcher {
	b := &batcher{s: s, max: max, delay: delay, queue: make(chan *job, max), done: make(chan struct{}), ready: make(chan struct{})}
	go b.loop()
	return b
}

func (b *batcher) prepare() error {
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{{&b.byUID, sqlByUID}, {&b.isOpen, sqlIsOpen}, {&b.insSub, sqlInsSub}, {&b.insText, sqlInsText}} {
		st, err := b.s.w.Prepare(p.sql)
		if err != nil {
			return fmt.Errorf("store: prepare %q: %w", p.sql, err)
		}
		*p.stmt = st
	}
	b.insAnswers = make([]*sql.Stmt, maxAnswersPerInsert+1)
	for n := 1; n <= maxAnswersPerInsert; n++ {
		st, err := b.s.w.Prepare(sqlInsAnswers(n))
		if err != nil {
			return fmt.Errorf("store: prepare answers insert: %w", err)
		}
		b.insAnswers[n] = st
	}
	return nil
}

// sqlInsAnswers inserts n answers of one submission. The submission id is
// bound once, as ?1, and each answer is one number, item<<16 | code+32768
// (see answerArg): a third of the arguments, and of the calls into C that
// bind them, of three per answer.
func sqlInsAnswers(n int) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO answers (submission_id, item_id, code) VALUES ")
	for i := 2; i < n+2; i++ {
		if i > 2 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, "(?1, ?%d >> 16, (?%[1]d & 65535) - 32768)", i)
	}
	return sb.String()
}

// answerArg packs an item id and a code into one argument of sqlInsAnswers.
func answerArg(item int64, code int) int64 { return item<<16 | int64(code+32768) }

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
		return r.receipt, b.s.writeOutcome(r.err)
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
	b.prepErr = b.prepare()
	close(b.ready)
	if err := b.prepErr; err != nil {
		for j := range b.queue {
			j.res <- jobResult{err: err}
		}
		return
	}
	batch := make([]*job, 0, b.max)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for j := range b.queue {
		batch = b.drain(append(batch[:0], j))
		// The fsync costs the same for one submission as for two hundred.
		// Over HTTP, the children answered by the last commit are sending
		// their next submissions while this one is formed, so a small
		// batch waits for them, up to the delay. A batch that is large
		// enough goes at once: when the queue refills by itself, waiting
		// would only idle the writer.
		if b.delay > 0 && len(batch) < b.max/4 {
			timer.Reset(b.delay)
		wait:
			for len(batch) < b.max/4 {
				select {
				case more, ok := <-b.queue:
					if !ok {
						break wait
					}
					batch = append(batch, more)
				case <-timer.C:
					break wait
				}
			}
			timer.Stop()
			batch = b.drain(batch)
		}
		b.commit(batch)
	}
	for _, st := range append([]*sql.Stmt{b.byUID, b.isOpen, b.insSub, b.insText}, b.insAnswers[1:]...) {
		st.Close()
	}
}

// drain adds the submissions already queued to batch, up to the maximum.
func (b *batcher) drain(batch []*job) []*job {
	for len(batch) < b.max {
		select {
		case more, ok := <-b.queue:
			if !ok {
				return batch
			}
			batch = append(batch, more)
		default:
			return batch
		}
	}
	return batch
}

// commit stores a batch in one transaction. Submissions rarely fail once
// the row is in, so the batch first runs without savepoints; if one does,
// the transaction is rolled back and the batch runs again with a savepoint
// per submission, so the bad one fails alone and leaves nothing behind.
func (b *batcher) commit(batch []*job) {
	start := time.Now()
	b.commitMu.Lock()
	results, committed, err := b.store(batch, false)
	if errors.Is(err, errPartial) {
		results, committed, err = b.store(batch, true)
	}
	if err != nil {
		err = fmt.Errorf("store: commit submissions: %w", err)
		for i := range results {
			results[i] = jobResult{err: err}
		}
		committed = nil
	}
	if o := b.s.opts.Observer; o != nil {
		replayed := 0
		for _, r := range results {
			if r.err == nil && !r.receipt.Created {
				replayed++
			}
		}
		o.Batch(len(batch), len(committed), replayed, time.Since(start))
	}
	b.commitMu.Unlock()
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

// store runs one attempt at the batch's transaction.
func (b *batcher) store(batch []*job, savepoints bool) ([]jobResult, []Committed, error) {
	results := make([]jobResult, len(batch))
	var committed []Committed
	ctx := context.Background()
	err := b.s.write(ctx, func(tx *sql.Tx) error {
		bt := &batchTx{tx: tx, st: b.bind(ctx, tx), now: timestamp(b.s.now()), day: b.s.Today(),
			savepoints: savepoints, sessions: map[int64]bool{}}
		for i, j := range batch {
			if savepoints {
				if _, err := tx.ExecContext(ctx, "SAVEPOINT sub"); err != nil {
					return err
				}
			}
			r, err := b.insertSubmission(j.ctx, bt, j.sub)
			if errors.Is(err, errPartial) {
				return err
			}
			results[i] = jobResult{receipt: r, err: err}
			if err == nil && r.Created {
				committed = append(committed, Committed{ID: r.ID, Day: bt.day, Submission: j.sub})
			}
			if !savepoints {
				continue
			}
			if err != nil {
				if _, err := tx.ExecContext(ctx, "ROLLBACK TO sub"); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, "RELEASE sub"); err != nil {
				return err
			}
		}
		return nil
	})
	return results, committed, err
}
