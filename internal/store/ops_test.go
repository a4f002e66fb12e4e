package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/store"
)

// observer adds up what the writer reports.
type observer struct {
	batches, size, created, replayed atomic.Int64
}

func (o *observer) Batch(size, created, replayed int, took time.Duration) {
	o.batches.Add(1)
	o.size.Add(int64(size))
	o.created.Add(int64(created))
	o.replayed.Add(int64(replayed))
}

// The observer hears of every group commit: every submission in one
// batch or another, new ones and replays told apart.
func TestObserverHearsEveryCommit(t *testing.T) {
	t.Parallel()
	o := &observer{}
	f := newFixtureWith(t, store.Options{Observer: o})
	ctx := context.Background()
	subs := make([]*store.Submission, 40)
	var wg sync.WaitGroup
	for i := range subs {
		subs[i] = f.submission()
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.s.Submit(ctx, subs[i]); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for _, s := range subs[:5] {
		if _, err := f.s.Submit(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if o.created.Load() != 40 || o.replayed.Load() != 5 || o.size.Load() != 45 {
		t.Fatalf("observer heard %d new, %d replays in %d submissions; want 40, 5, 45", o.created.Load(), o.replayed.Load(), o.size.Load())
	}
	if b := o.batches.Load(); b < 2 || b > 45 {
		t.Fatalf("%d batches for 45 submissions", b)
	}
}

func walSize(tb testing.TB, path string) int64 {
	tb.Helper()
	st, err := os.Stat(path + "-wal")
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		tb.Fatal(err)
	}
	return st.Size()
}

// Under Litestream, Close leaves the WAL to Litestream, whose connection
// stays open (here another one stands in for it); SQLite's own automatic
// checkpoint still runs every 1,000 pages, in both modes. Without
// Litestream, Close truncates the WAL.
func TestLitestreamModeLeavesTheWALToLitestreamOnClose(t *testing.T) {
	t.Parallel()
	for _, litestream := range []bool{false, true} {
		f := newFixtureWith(t, store.Options{Litestream: litestream, CommitDelay: -1})
		ctx := context.Background()
		for i := 0; i < 1500; i++ {
			if _, err := f.s.Submit(ctx, f.submission()); err != nil {
				t.Fatal(err)
			}
		}
		grown := walSize(t, f.path)
		other, err := sql.Open("sqlite3", "file:"+f.path)
		if err != nil {
			t.Fatal(err)
		}
		if err := other.Ping(); err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		if err := f.s.Close(); err != nil {
			t.Fatal(err)
		}
		closed := walSize(t, f.path)
		switch {
		case litestream && (grown > 1100*4096 || closed != grown):
			t.Errorf("litestream: WAL %d bytes after 1,500 commits, %d after Close; want checkpointed, then left as it was", grown, closed)
		case !litestream && (grown > 1100*4096 || closed != 0):
			t.Errorf("without litestream: WAL %d bytes after 1,500 commits, %d after Close; want checkpointed, then truncated", grown, closed)
		}
	}
}

// PlanUpgrade lists what would run and changes nothing; CopyFile copies
// a database without migrating it; Inspect sums it up read-only.
func TestPlanCopyAndInspect(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if _, err := f.s.Submit(ctx, f.submission()); err != nil {
			t.Fatal(err)
		}
	}
	plan, err := store.PlanUpgrade(ctx, f.path)
	if err != nil || plan.From != store.SchemaVersion() || len(plan.Pending) != 0 {
		t.Fatalf("plan of a current file = %+v, %v", plan, err)
	}
	fresh, err := store.PlanUpgrade(ctx, filepath.Join(t.TempDir(), "none.db"))
	if err != nil || fresh.From != 0 || len(fresh.Pending) != store.SchemaVersion() || !strings.HasPrefix(fresh.Pending[0], "001_") {
		t.Fatalf("plan of a missing file = %+v, %v", fresh, err)
	}
	cp := filepath.Join(t.TempDir(), "copy.db")
	if err := store.CopyFile(ctx, f.path, cp); err != nil {
		t.Fatal(err)
	}
	if err := store.CopyFile(ctx, f.path, cp); err == nil {
		t.Fatal("CopyFile overwrote an existing file")
	}
	live, err := store.Inspect(ctx, f.path, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	copied, err := store.Inspect(ctx, cp, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if live.Submissions != 3 || live.Answers != 9 || live.Texts != 3 || live.Newest.Digest == "" || live.Newest != copied.Newest || live.Submissions != copied.Submissions {
		t.Fatalf("live %+v\ncopy %+v", live, copied)
	}
	if problems, err := store.CheckFile(ctx, cp); err != nil || len(problems) > 0 {
		t.Fatalf("check of a sound copy: %v %v", problems, err)
	}
}
