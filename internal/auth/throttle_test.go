package auth_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/auth"
)

func TestRuleDelays(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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

// The staff login rules together, on a clock the test moves: which of an
// account's and an address's failures slow down whom, when the account
// locks, and when everything is forgotten. The web tests then need only
// check that a login goes through these keys.
func TestLoginRules(t *testing.T) {
	t.Parallel()
	// try is a login attempt, made repeat times (all but the last must go
	// ahead); spread gives each repeat its own address or account.
	type try struct {
		after     time.Duration // since the previous attempt
		account   string
		address   string
		repeat    int
		spread    string // "", "address" or "account"
		succeed   bool   // the password was right: Forget the pair
		wait      time.Duration
		locked    bool
		lockedNow string
	}
	for _, c := range []struct {
		name  string
		tries []try
	}{
		{"five free failures, then the pair waits 30 s, doubling", []try{
			{account: "mia", address: "a", repeat: 5},
			{account: "mia", address: "a", wait: 30 * time.Second},
			{after: 29 * time.Second, account: "mia", address: "a", wait: time.Second},
			{after: time.Second, account: "mia", address: "a"},
			{account: "mia", address: "a", wait: time.Minute},
		}},
		{"a stranger's failures do not slow the owner down elsewhere", []try{
			{account: "mia", address: "stranger", repeat: 5},
			{account: "mia", address: "stranger", wait: 30 * time.Second},
			{account: "mia", address: "home"},
		}},
		{"the pair's wait stops at 15 minutes", []try{
			{account: "mia", address: "a", repeat: 5},
			{after: 30 * time.Second, account: "mia", address: "a"},
			{after: time.Minute, account: "mia", address: "a"},
			{after: 2 * time.Minute, account: "mia", address: "a"},
			{after: 4 * time.Minute, account: "mia", address: "a"},
			{after: 8 * time.Minute, account: "mia", address: "a"},
			{account: "mia", address: "a", wait: 15 * time.Minute},
			{after: 15 * time.Minute, account: "mia", address: "a"},
			{account: "mia", address: "a", wait: 15 * time.Minute},
		}},
		{"a success forgets the pair's failures", []try{
			{account: "mia", address: "a", repeat: 4},
			{account: "mia", address: "a", succeed: true},
			{account: "mia", address: "a", repeat: 5},
			{account: "mia", address: "a", wait: 30 * time.Second},
		}},
		{"one address trying many accounts waits after twenty", []try{
			{account: "user", address: "a", repeat: 20, spread: "account"},
			{account: "someone-else", address: "a", wait: 30 * time.Second},
			{account: "someone-else", address: "b"},
		}},
		{"an hour of quiet forgets the failures", []try{
			{account: "mia", address: "a", repeat: 5},
			{account: "mia", address: "a", wait: 30 * time.Second},
			{after: time.Hour + time.Second, account: "mia", address: "a", repeat: 5},
			{account: "mia", address: "a", wait: 30 * time.Second},
		}},
		{"100 failures from anywhere lock the account for an hour, once", []try{
			{account: "mia", address: "x", repeat: 99, spread: "address"},
			{account: "mia", address: "y", lockedNow: "account:mia"},
			{account: "mia", address: "home", wait: time.Hour, locked: true},
			{after: 59 * time.Minute, account: "mia", address: "home", wait: time.Minute, locked: true},
			{after: time.Minute, account: "mia", address: "home"},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
			th := auth.NewThrottle()
			th.Now = func() time.Time { return now }
			for i, tr := range c.tries {
				now = now.Add(tr.after)
				n := max(tr.repeat, 1)
				var v auth.Verdict
				for j := range n {
					account, address := tr.account, tr.address
					switch tr.spread {
					case "address":
						address = fmt.Sprintf("%s%d", address, j)
					case "account":
						account = fmt.Sprintf("%s%d", account, j)
					}
					pair, keys := auth.LoginKeys(account, address)
					v = th.Attempt(keys...)
					if j < n-1 && v.Wait > 0 {
						t.Fatalf("try %d, attempt %d of %d: refused for %v", i, j+1, n, v.Wait)
					}
					if tr.succeed && v.Wait == 0 {
						th.Forget(pair.Name)
					}
				}
				if v.Wait != tr.wait || v.Locked != tr.locked || v.LockedNow != tr.lockedNow {
					t.Fatalf("try %d (%s at %s): %+v, want wait %v, locked %v, locked now %q", i, tr.account, tr.address, v, tr.wait, tr.locked, tr.lockedNow)
				}
			}
		})
	}
}
