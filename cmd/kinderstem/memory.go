package main

import (
	"context"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// fitMemoryLimit sets the Go runtime's soft memory limit from --memory-limit
// (small enough that a small server stays small) and what the process holds
// once its content and indicator index are loaded. GOMEMLIMIT, when set,
// wins. See memoryLimitFor for the rule.
func fitMemoryLimit(limit int64) int64 {
	if os.Getenv("GOMEMLIMIT") != "" || limit <= 0 {
		return debug.SetMemoryLimit(-1)
	}
	// Building the index leaves garbage behind; hand it back to the system
	// now instead of keeping it as a reserve.
	debug.FreeOSMemory()
	samples := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(samples)
	held := int64(samples[0].Value.Uint64() - samples[1].Value.Uint64())
	limit = memoryLimitFor(limit, held)
	debug.SetMemoryLimit(limit)
	return limit
}

// memoryLimitFor is the soft memory limit for a process in which the
// runtime holds held bytes in all (the heap with its free spans, stacks,
// the collector's own data: the limit counts all of it, not only the
// heap), with --memory-limit at flag bytes: at least flag, and
// collectorRoom above what is held.
//
// Serving 200 children adds about 15 MB of live heap (their connections,
// submissions in flight, the batch, the sessions they use) and a
// submission leaves about 10 KB of garbage, so at thousands of
// submissions a second a limit close to what is held makes the collector
// run back to back, at the half of the CPU the runtime caps it at, and
// the children wait. The room does not grow with the index: the garbage
// comes from the traffic, not from the answers stored, and the index is
// numbers without pointers, which a collection marks without reading (at
// 9.40 M answers, 390 MB live, a collection takes 5-15 ms of CPU). With
// 200 children sending over 2,000 sessions, a room of 64 MB against one
// as large as the live heap (up to 128 MB) gave the same rate and p99 at
// 1 M and at 10 M answers, and 19-28 MB less at the peak (docs/scale.md).
func memoryLimitFor(flag, held int64) int64 {
	return max(flag, held+collectorRoom)
}

// collectorRoom is the room above what the process holds that the memory
// limit leaves the collector (see memoryLimitFor).
const collectorRoom = 64 << 20

// followLiveHeap keeps the collector's room as answers arrive and the
// index grows: every so often, until ctx ends, it raises the memory limit
// by what the live heap has grown since the limit was set, never lowering
// it. It does nothing when the limit was not fitted (GOMEMLIMIT set, or
// no limit).
func followLiveHeap(ctx context.Context, limit int64, every time.Duration) {
	if os.Getenv("GOMEMLIMIT") != "" || limit <= 0 || limit == math.MaxInt64 {
		return
	}
	base := liveHeap()
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if now := liveHeap(); now > base {
				limit += now - base
				base = now
				debug.SetMemoryLimit(limit)
			}
		}
	}()
}

// liveHeap is the heap the last collection found live.
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64())
}

// withoutMemoryLimit runs read with the memory limit lifted, unless
// GOMEMLIMIT set it. Reading the index's snapshot allocates the index at
// once and leaves little garbage: under the limit fitted to the server
// before it (what the content holds, plus the collector's room) the
// collector ran the whole read and ready took three times as long (at
// 9.40 M answers, load average 6: 7.3-8.3 s instead of 2.4-2.8 s, for 4-12
// MB more at the peak). Reading the rows instead keeps the limit: each row
// leaves garbage behind.
func withoutMemoryLimit(read func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		read()
		return
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	read()
}
