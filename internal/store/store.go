// Package store keeps everything in one SQLite file: staff, sessions and
// the children's anonymous answers. All writes go through one connection
// (submissions through a group-commit writer); reads use a separate pool.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// Store is an open database.
type Store struct {
	path  string
	opts  Options
	w     *sql.DB // the one writer connection
	r     *sql.DB // the reader pool
	now   func() time.Time
	loc   *time.Location
	batch *batcher

	mu    sync.RWMutex
	items map[string]map[string]int64 // survey id -> item id -> row id

	hooks []func([]Committed)

	unwritable atomic.Pointer[fault.Error] // the last write failed for want of space; nil once one succeeds
}

// Options tune Open. The zero value is what production uses.
type Options struct {
	Now      func() time.Time // the clock; time.Now when nil
	Location *time.Location   // where "the day" is counted; Europe/Brussels when nil
	MaxBatch int              // submissions per group commit; 256 when 0
	// CommitDelay is how long a small batch waits for more submissions
	// before it commits: 500µs when 0, none when negative.
	CommitDelay time.Duration
	// MaxPages caps the file at this many pages (PRAGMA max_page_count on
	// the writer), so that it fills up as a full disk would: for tests and
	// for an operator who wants a hard ceiling. None when 0.
	MaxPages int
	// Observer hears of every group commit, for the operator's metrics.
	Observer Observer
	// Litestream says that Litestream replicates the file: Close then
	// leaves the WAL for Litestream to copy instead of truncating it.
	// SQLite's own automatic checkpoint stays as it is (every 1,000
	// pages): raised so that Litestream made the checkpoints, Litestream
	// 0.5 left replicas of a killed server that failed the integrity check
	// on restore (docs/operations.md, "What --litestream changes").
	Litestream bool
	// Bulk is for tools that fill a database (kinderstem demo): commits do
	// not wait for the disk and the writer keeps a large cache. A crash
	// can lose what was committed; never set it for a server.
	Bulk bool
}

// Observer hears of every group commit: its size, how many submissions
// were new and how many were replays of stored ones, and how long the
// transaction took up to its fsync. It is called on the writer goroutine
// and must return quickly.
type Observer interface {
	Batch(size, created, replayed int, took time.Duration)
}

// Open opens (creating if needed) the database file at path and brings its
// schema up to date.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if path == "" || path == ":memory:" {
		// Every pooled connection would get its own empty database.
		return nil, errors.New("store: a database file path is required")
	}
	s := &Store{path: path, opts: opts, now: opts.Now, loc: opts.Location, items: map[string]map[string]int64{}}
	if s.now == nil {
		s.now = time.Now
	}
	if s.loc == nil {
		loc, err := time.LoadLocation("Europe/Brussels")
		if err != nil {
			return nil, fmt.Errorf("store: load time zone: %w", err)
		}
		s.loc = loc
	}
	if err := keepPrivate(path); err != nil {
		return nil, err
	}
	var err error
	if s.w, err = sql.Open("sqlite3", dsn(path, false, opts.Bulk)); err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	s.w.SetConnMaxLifetime(0)
	if err := s.migrate(ctx); err != nil {
		s.w.Close()
		return nil, err
	}
	if opts.MaxPages > 0 {
		// The writer is one connection that is never closed, so the pragma
		// holds for every write.
		if _, err := s.w.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", opts.MaxPages)); err != nil {
			s.w.Close()
			return nil, fmt.Errorf("store: max pages: %w", err)
		}
	}
	if s.r, err = sql.Open("sqlite3", dsn(path, true, false)); err != nil {
		s.w.Close()
		return nil, fmt.Errorf("store: open readers %s: %w", path, err)
	}
	s.r.SetMaxOpenConns(max(4, runtime.NumCPU()*2))
	s.r.SetMaxIdleConns(max(4, runtime.NumCPU()*2))
	maxBatch := opts.MaxBatch
	if maxBatch <= 0 {
		maxBatch = 256
	}
	delay := opts.CommitDelay
	if delay == 0 {
		delay = 500 * time.Microsecond
	}
	s.batch = newBatcher(s, maxBatch, max(delay, 0))
	return s, nil
}

// keepPrivate makes the database file readable by its owner only before
// SQLite opens it: SQLite would create it 0644, and gives the WAL and the
// shared-memory file the mode of the database file. A file an older
// version made readable by others is tightened, with its WAL and SHM.
func keepPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if st, err := os.Stat(p); err == nil && st.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, st.Mode().Perm()&0o700); err != nil {
				return fmt.Errorf("store: %s can be read by others and cannot be changed (%w); run: chmod 600 %s", p, err, p)
			}
		}
	}
	return nil
}

// dsn puts every pragma in the connection string so that it holds on every
// pooled connection, not only the one a db.Exec happens to reach.
func dsn(path string, readOnly, bulk bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL") // an acknowledged submission survives a power cut
	q.Set("_foreign_keys", "on")
	if bulk {
		// A tool that fills a database made every row it inserts from
		// rows it inserted: the foreign-key look-ups (two per answer)
		// would only find what it knows is there.
		q.Set("_synchronous", "OFF")
		q.Set("_foreign_keys", "off")
		// The statements a filler runs as text (a session's insert, its
		// checks) are prepared once and kept, not once per session.
		q.Set("_stmt_cache_size", "16")
	}
	q.Set("_busy_timeout", "10000")
	if readOnly {
		// Readers scan or look up; indicator queries never reach SQLite. A
		// small cache keeps memory flat with several readers open.
		q.Set("_query_only", "1")
		q.Set("_cache_size", "-1000") // 1 MB per connection
	} else {
		q.Set("_cache_size", "-8000") // 8 MB for the one writer: inserts touch the right edge of a few B-trees
		if bulk {
			// Each submission adds a random key to the uid index; with the
			// whole index in the cache a large transaction writes each of
			// its pages once.
			q.Set("_cache_size", "-1000000")
		}
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Close stops the writer after the submissions already queued are stored,
// then checkpoints the WAL into the main file and closes the database.
// Under Litestream the WAL is left for Litestream to copy and checkpoint.
func (s *Store) Close() error {
	s.batch.stop()
	var errs []error
	if !s.opts.Litestream {
		if _, err := s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			errs = append(errs, fmt.Errorf("store: checkpoint: %w", err))
		}
	}
	errs = append(errs, s.r.Close(), s.w.Close())
	return errors.Join(errs...)
}

// OnCommit registers f to be called, on the writer goroutine, with every
// batch of new submissions once it is durable. The indicator index uses it
// to stay current without reading the database again.
func (s *Store) OnCommit(f func([]Committed)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hooks = append(s.hooks, f)
}

// Now returns the store's clock reading; tests set the clock in Options.
func (s *Store) Now() time.Time { return s.now() }

// Today returns the store's day, as kept on submissions.
func (s *Store) Today() string { return s.now().In(s.loc).Format(time.DateOnly) }

// Location is where the store counts days.
func (s *Store) Location() *time.Location { return s.loc }

// Check runs SQLite's integrity check.
func (s *Store) Check(ctx context.Context) error {
	var res string
	if err := s.r.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("store: integrity check: %s", res)
	}
	return nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// write runs f in one immediate transaction on the writer connection.
func (s *Store) write(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return s.writeOutcome(err)
	}
	return s.writeOutcome(tx.Commit())
}

// writeOutcome notes whether the database can be written to. A full disk
// or file (SQLITE_FULL), or an I/O error, becomes a fault.Unavailable the
// user can be told about ("try again in a minute") and that /healthz
// reports until a write succeeds again.
func (s *Store) writeOutcome(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrFull || se.Code == sqlite3.ErrIoErr) {
		fe := &fault.Error{Kind: fault.Unavailable, Message: "error.storage_full", Detail: "the database cannot grow: " + se.Error(), Err: err}
		s.unwritable.Store(fe)
		return fe
	}
	if err == nil {
		s.unwritable.Store(nil)
	}
	return err
}

// Writable reports why the database cannot be written to, or nil: the
// outcome of the latest write.
func (s *Store) Writable() error {
	if fe := s.unwritable.Load(); fe != nil {
		return fe
	}
	return nil
}

func isUnique(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
}

func isForeignKey(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintForeignKey
}

func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}
