package auth_test

import (
	"sync"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/auth"
)

func TestRuleDelays(t *testing.T) {
	r := auth.Rule{Free: 3, Base: 30 * time.Second, Max: 4 * time.Minute, Forget: time.Hour}
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	th := auth.NewThrottle()
	th.Now = func() time.Time { return now }
	k := auth.Key{Name: "a", Rule: r}
	for i, c := range []struct {
		after time.Duration // since the last attempt
		wait  time.Duration // the verdict
	}{
		{0, 0}, {0, 0}, {0, 0}, // three free
		{0, 30 * time.Second},                         // the fourth waits 30 s
		{30 * time.Second, 0},                         // and then may go
		{59 * time.Second, time.Second},               // the fifth waits a minute
		{time.Second, 0},                              //
		{time.Minute, time.Minute},                    // the sixth waits two
		{time.Minute, 0},                              //
		{3*time.Minute + 59*time.Second, time.Second}, // the cap: 4 min
		{time.Second, 0},
		{4 * time.Minute, 0}, // still the cap
	} {
		now = now.Add(c.after)
		if v := th.Attempt(k); v.Wait != c.wait {
			t.Fatalf("attempt %d: wait %v, want %v", i, v.Wait, c.wait)
		}
	}
	now = now.Add(2 * time.Hour)
	if v := th.Attempt(k); v.Wait != 0 {
		t.Fatalf("after an hour of quiet: wait %v", v.Wait)
	}
}

func TestHardLockOnlyAtVolume(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	th := auth.NewThrottle()
	th.Now = func() time.Time { return now }
	locks := 0
	for i := 0; i < 100; i++ {
		v := th.Attempt(auth.Key{Name: "account:ada", Rule: auth.LoginAccount})
		if v.Wait > 0 {
			t.Fatalf("attempt %d refused before the lock volume", i)
		}
		if v.LockedNow != "" {
			locks++
		}
	}
	if locks != 1 {
		t.Fatalf("%d lock events, want 1", locks)
	}
	if v := th.Attempt(auth.Key{Name: "account:ada", Rule: auth.LoginAccount}); !v.Locked || v.Wait != time.Hour {
		t.Fatalf("after 100 failures: %+v, want locked for an hour", v)
	}
}

// Parallel attempts cannot all pass the check before one is counted.
func TestAttemptIsAtomic(t *testing.T) {
	th := auth.NewThrottle()
	_, keys := auth.LoginKeys("ada", "203.0.113.9")
	var wg sync.WaitGroup
	var mu sync.Mutex
	passed := 0
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v := th.Attempt(keys...); v.Wait == 0 {
				mu.Lock()
				passed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if passed != auth.LoginPair.Free {
		t.Fatalf("%d of 200 parallel attempts passed, want %d", passed, auth.LoginPair.Free)
	}
}
