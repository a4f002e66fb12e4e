package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/store"
)

// Under a steady stream of submissions the background checkpointer copies
// the log back while the writer commits; the writer's own checkpoint still
// starts the log again, so the WAL stays about as small as before; every
// acknowledged submission is in the file after Close, which stops the
// checkpointer.
func TestBackgroundCheckpointerKeepsTheWALBoundedAndLosesNothing(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, store.Options{})
	ctx := context.Background()
	const writers, each = 16, 200
	var biggest atomic.Int64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
				if w := walSize(t, f.path); w > biggest.Load() {
					biggest.Store(w)
				}
			}
		}
	}()
	var wg sync.WaitGroup
	var acked atomic.Int64
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				if r, err := f.s.Submit(ctx, f.submission()); err != nil {
					t.Error(err)
					return
				} else if r.Created {
					acked.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	passes, running, ok := store.BackgroundCheckpoints(f.s)
	if !ok || !running || passes == 0 {
		t.Fatalf("background checkpointer: %d passes, running %v, present %v; want passes while submissions arrived", passes, running, ok)
	}
	t.Logf("%d passes; WAL at most %d pages", passes, biggest.Load()/4096)
	// 1,000 pages and what the commit that crosses them adds.
	if w := biggest.Load(); w > 2000*4096 {
		t.Errorf("WAL reached %d bytes (%d pages) during %d submissions; want it started again near 1,000 pages", w, w/4096, writers*each)
	}
	if err := f.s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, running, _ := store.BackgroundCheckpoints(f.s); running {
		t.Fatal("the background checkpointer still runs after Close")
	}
	s, err := store.Open(ctx, f.path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountSubmissions(ctx, f.session.ID); err != nil || int64(n) != acked.Load() || n != writers*each {
		t.Fatalf("%d submissions in the file (%v); %d acknowledged, want %d", n, err, acked.Load(), writers*each)
	}
}

// Under Litestream, and for a bulk filler, there is no background
// checkpointer: the writer's commits checkpoint as they always did.
func TestNoBackgroundCheckpointerUnderLitestreamOrBulk(t *testing.T) {
	t.Parallel()
	for _, opts := range []store.Options{{Litestream: true}, {Bulk: true}} {
		f := newFixtureWith(t, opts)
		if _, err := f.s.Submit(context.Background(), f.submission()); err != nil {
			t.Fatal(err)
		}
		if _, _, ok := store.BackgroundCheckpoints(f.s); ok {
			t.Errorf("options %+v: a background checkpointer runs", opts)
		}
	}
}
