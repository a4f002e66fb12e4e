package main

import (
	"context"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// The memory limit leaves the collector room above everything the runtime
// holds: a limit at what is held makes it run back to back while children
// send (see memoryLimitFor).
func TestMemoryLimitLeavesTheCollectorRoom(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		name       string
		flag, held int64
		want       int64
	}{
		{"a small server: the flag", 200 * mb, 40 * mb, 200 * mb},
		{"the pages and languages alone: room for serving", 54 * mb, 42 * mb, 106 * mb},
		{"1 M answers", 54 * mb, 120 * mb, 184 * mb},
		{"10 M answers: the room does not grow with the index", 54 * mb, 500 * mb, 564 * mb},
	} {
		got := memoryLimitFor(c.flag, c.held)
		if got != c.want {
			t.Errorf("%s: limit %d MB, want %d MB", c.name, got/mb, c.want/mb)
		}
		if got < c.held+collectorRoom {
			t.Errorf("%s: limit %d MB leaves the collector less than %d MB above the %d MB held", c.name, got/mb, collectorRoom/mb, c.held/mb)
		}
	}
}

// As answers arrive the index grows, and the limit grows with the live
// heap, so the collector keeps its room; it never comes down.
func TestMemoryLimitFollowsTheLiveHeap(t *testing.T) {
	ownMemoryLimit(t)
	const mb = 1 << 20
	runtime.GC()
	start := int64(4096 * mb) // far above the heap: nothing here collects for it
	debug.SetMemoryLimit(start)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	followLiveHeap(ctx, start, 5*time.Millisecond)

	grown := make([]byte, 48*mb) // the index taking in answers
	for i := range grown {
		grown[i] = byte(i)
	}
	runtime.GC()
	raised := func() int64 {
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if l := debug.SetMemoryLimit(-1); l >= start+40*mb {
				return l
			}
		}
		return debug.SetMemoryLimit(-1)
	}()
	if raised < start+40*mb {
		t.Fatalf("the live heap grew by 48 MB and the limit by %d MB", (raised-start)/mb)
	}
	runtime.KeepAlive(grown)
	grown = nil
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	if l := debug.SetMemoryLimit(-1); l < raised {
		t.Fatalf("the limit came down from %d to %d MB", raised/mb, l/mb)
	}
}

// The snapshot is read with the limit lifted, and the limit is back after.
func TestSnapshotReadWithoutTheLimit(t *testing.T) {
	ownMemoryLimit(t)
	const mb = 1 << 20
	debug.SetMemoryLimit(300 * mb)
	var during int64
	withoutMemoryLimit(func() { during = debug.SetMemoryLimit(-1) })
	if during != math.MaxInt64 {
		t.Errorf("limit while reading: %d MB, want none", during/mb)
	}
	if after := debug.SetMemoryLimit(-1); after != 300*mb {
		t.Errorf("limit after reading: %d MB, want 300", after/mb)
	}
}

// ownMemoryLimit lets a test set the process's memory limit, and puts the
// limit back when it ends; with GOMEMLIMIT set the limit is the
// operator's, and neither the server nor the test changes it.
func ownMemoryLimit(t *testing.T) {
	t.Helper()
	if os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOMEMLIMIT is set: the limit is the operator's")
	}
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
}
