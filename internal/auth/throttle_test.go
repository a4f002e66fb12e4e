package auth_test

import (
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/auth"
)

func TestThrottle(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	th := auth.NewThrottle(3, 10*time.Minute)
	th.Now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if w := th.Wait("a"); w != 0 {
			t.Fatalf("attempt %d: wait %v, want none", i, w)
		}
		th.Fail("a")
		now = now.Add(time.Minute)
	}
	if w := th.Wait("a"); w != 7*time.Minute {
		t.Fatalf("after 3 failures: wait %v, want 7m (until the first leaves the window)", w)
	}
	if w := th.Wait("b"); w != 0 {
		t.Fatalf("another key waits %v", w)
	}
	now = now.Add(7 * time.Minute)
	if w := th.Wait("a"); w != 0 {
		t.Fatalf("after the window: wait %v", w)
	}
	th.Fail("a")
	th.Reset("a")
	if w := th.Wait("a"); w != 0 {
		t.Fatalf("after reset: wait %v", w)
	}
}
