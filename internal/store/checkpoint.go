package store

import (
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// checkpointer copies the write-ahead log back into the database file on a
// connection of its own, in the background, so that a group commit does
// not wait for it.
//
// Without it, SQLite's automatic checkpoint runs inside the commit that
// takes the WAL past 1,000 pages: that commit, and every submission queued
// behind it, waits while about a thousand pages are written to scattered
// places in the file and the file is synced. In a large database those
// pages are far apart (each submission adds a random key to the uid
// index), so that wait grows with the file.
//
// The writer keeps SQLite's automatic checkpoint at 1,000 pages: it finds
// most of the log already copied and only copies the rest, and it is the
// writer's next transaction that starts the log again from its beginning,
// so the WAL stays as bounded as before. A pass here is PASSIVE: it never
// waits for the writer or the readers and never blocks them. It runs on a
// connection with synchronous=FULL, so the file is synced after it is
// written, as the writer's own checkpoint does. Under Litestream there is
// no checkpointer (see Options.Litestream).
type checkpointer struct {
	db    *sql.DB
	every time.Duration // at most one pass per interval
	kick  chan struct{} // a commit has added to the log
	quit  chan struct{}
	done  chan struct{}
	once  sync.Once
	err   error // of closing the connection

	passes, frames atomic.Int64 // passes run, frames copied (for tests)
}

// checkpointEvery is how often, at most, the checkpointer runs a pass
// while submissions arrive.
const checkpointEvery = 50 * time.Millisecond

func newCheckpointer(path string, every time.Duration) (*checkpointer, error) {
	db, err := sql.Open("sqlite3", dsn(path, false, false))
	if err != nil {
		return nil, fmt.Errorf("store: open checkpointer %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	c := &checkpointer{db: db, every: every, kick: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
	go c.loop()
	return c, nil
}

// committed tells the checkpointer that the log has grown. It never blocks.
func (c *checkpointer) committed() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) loop() {
	defer close(c.done)
	t := time.NewTimer(0)
	<-t.C
	for {
		select {
		case <-c.kick:
		case <-c.quit:
			return
		}
		c.pass()
		t.Reset(c.every)
		select {
		case <-t.C:
		case <-c.quit:
			t.Stop()
			return
		}
	}
}

// pass runs one PASSIVE checkpoint. An error (a busy lock while the
// writer's own checkpoint runs) leaves the frames for the next pass or for
// the writer.
func (c *checkpointer) pass() {
	var busy, log, done int64
	if err := c.db.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done); err != nil {
		return
	}
	c.passes.Add(1)
	c.frames.Store(done)
}

// stop ends the loop, after the pass under way, and closes the
// connection; stopping again does nothing. The writer is stopped first, so
// no commit kicks it afterwards.
func (c *checkpointer) stop() error {
	c.once.Do(func() {
		close(c.quit)
		<-c.done
		c.err = c.db.Close()
	})
	return c.err
}
