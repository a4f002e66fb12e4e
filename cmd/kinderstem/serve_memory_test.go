package main

import "testing"

// The memory limit leaves the collector room above everything the runtime
// holds: a limit at what is held makes it run back to back while children
// send (see memoryLimitFor).
func TestMemoryLimitLeavesTheCollectorRoom(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		name             string
		flag, live, held int64
		want             int64
	}{
		{"a small server: the flag", 200 * mb, 20 * mb, 40 * mb, 200 * mb},
		{"the pages and languages alone: room for serving", 54 * mb, 50 * mb, 68 * mb, 132 * mb},
		{"a large index: 0.7 times its heap", 54 * mb, 480 * mb, 500 * mb, 836 * mb},
	} {
		got := memoryLimitFor(c.flag, c.live, c.held)
		if got != c.want {
			t.Errorf("%s: limit %d MB, want %d MB", c.name, got/mb, c.want/mb)
		}
		if got < c.held+minCollectorRoom {
			t.Errorf("%s: limit %d MB leaves the collector less than %d MB above the %d MB held", c.name, got/mb, minCollectorRoom/mb, c.held/mb)
		}
	}
}
