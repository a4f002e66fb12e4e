package auth_test

import (
	"fmt"
	"runtime"
	"slices"
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

// An account under attack is never refused: past its free failures each
// further failure is answered late, never later than the rule's maximum,
// and the key is reported once at the alert volume.
func TestAccountIsSlowedNeverLocked(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	th := auth.NewThrottle()
	th.Now = func() time.Time { return now }
	k := auth.Key{Name: "account:ada", Rule: auth.LoginAccount}
	alerts := 0
	var holds []time.Duration
	for i := 0; i < 300; i++ {
		v := th.Attempt(k)
		if v.Wait > 0 {
			t.Fatalf("attempt %d refused for %v: an account must never be locked", i+1, v.Wait)
		}
		if v.Alert != "" {
			alerts++
			if i+1 != auth.LoginAccount.Alert {
				t.Fatalf("alert at attempt %d, want %d", i+1, auth.LoginAccount.Alert)
			}
		}
		if v.Hold > auth.LoginAccount.Max {
			t.Fatalf("attempt %d held %v, more than %v", i+1, v.Hold, auth.LoginAccount.Max)
		}
		if i < 14 {
			holds = append(holds, v.Hold)
		}
	}
	if alerts != 1 {
		t.Fatalf("%d alerts, want 1", alerts)
	}
	ms := time.Millisecond
	want := []time.Duration{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 250 * ms, 500 * ms, 1000 * ms, 2000 * ms}
	if !slices.Equal(holds, want) {
		t.Fatalf("holds %v, want %v", holds, want)
	}
}

// Parallel attempts cannot all pass the check before one is counted.
func TestAttemptIsAtomic(t *testing.T) {
	t.Parallel()
	th := auth.NewThrottle()
	keys := auth.LoginKeys("ada", "203.0.113.9").Keys()
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
// account's and an address's failures slow down whom, that good logins
// count towards nothing, that an account is slowed but never locked, and
// when everything is forgotten. The web tests then need only check that a
// login goes through these keys.
func TestLoginRules(t *testing.T) {
	t.Parallel()
	// try is a login attempt, made repeat times (all but the last must go
	// ahead); spread gives each repeat its own address or account.
	type try struct {
		after   time.Duration // since the previous attempt
		account string
		address string
		repeat  int
		spread  string // "", "address" or "account"
		succeed bool   // the password was right: Undo the count, Forget the pair
		wait    time.Duration
		hold    time.Duration
		alert   string
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
			{after: 15 * time.Minute, account: "mia", address: "a", hold: 250 * time.Millisecond}, // the account's eleventh failure
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
		{"good logins from one address count towards nothing", []try{
			{account: "teacher", address: "school", repeat: 25, spread: "account", succeed: true},
			{account: "teacher", address: "school", repeat: 40, succeed: true},
			{account: "someone-else", address: "school"},
		}},
		{"a success takes back its own count only", []try{
			{account: "user", address: "a", repeat: 19, spread: "account"},
			{account: "owner", address: "a", succeed: true},
			{account: "other", address: "a"},
			{account: "another", address: "a", wait: 30 * time.Second},
		}},
		{"an hour of quiet forgets the failures", []try{
			{account: "mia", address: "a", repeat: 5},
			{account: "mia", address: "a", wait: 30 * time.Second},
			{after: time.Hour + time.Second, account: "mia", address: "a", repeat: 5},
			{account: "mia", address: "a", wait: 30 * time.Second},
		}},
		{"20 addresses times 5 failures slow the account, never lock it", []try{
			{account: "admin", address: "x", repeat: 100, spread: "address", hold: 2 * time.Second, alert: "account:admin"},
			{account: "admin", address: "home", succeed: true, hold: 2 * time.Second},
			{account: "admin", address: "y", repeat: 200, spread: "address", hold: 2 * time.Second},
			{after: time.Hour + time.Second, account: "admin", address: "home"},
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
				alert := ""
				for j := range n {
					account, address := tr.account, tr.address
					switch tr.spread {
					case "address":
						address = fmt.Sprintf("%s%d", address, j/5)
					case "account":
						account = fmt.Sprintf("%s%d", account, j)
					}
					login := auth.LoginKeys(account, address)
					v = th.Attempt(login.Keys()...)
					if j < n-1 && v.Wait > 0 {
						t.Fatalf("try %d, attempt %d of %d: refused for %v", i, j+1, n, v.Wait)
					}
					if v.Alert != "" {
						alert = v.Alert
					}
					if tr.succeed && v.Wait == 0 {
						th.Undo(login.Keys()...)
						th.Forget(login.Pair.Name)
					}
				}
				if v.Wait != tr.wait || v.Hold != tr.hold || alert != tr.alert {
					t.Fatalf("try %d (%s at %s): %+v (alert %q), want wait %v, hold %v, alert %q", i, tr.account, tr.address, v, alert, tr.wait, tr.hold, tr.alert)
				}
			}
		})
	}
}

// A full table drops the entries idle longest that lock nothing, and
// keeps every lock: an attacker making up addresses cannot wipe the locks
// it is under.
func TestFullThrottleKeepsLocks(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	th := auth.NewThrottle()
	th.Now = func() time.Time { return now }
	locked := auth.LoginKeys("admin", "203.0.113.9").Keys()
	for range 5 {
		th.Attempt(locked...)
	}
	if v := th.Attempt(locked...); v.Wait == 0 {
		t.Fatal("the pair is not locked after five failures")
	}
	// Made-up addresses, one failure each, fill the table and more.
	for i := range auth.MaxKeys + 20_000 {
		if i%1000 == 0 {
			now = now.Add(100 * time.Millisecond) // 12 s in all: the lock's 30 s still run
		}
		th.Attempt(auth.Key{Name: fmt.Sprintf("address:%d", i), Rule: auth.LoginAddress})
	}
	if n := th.Len(); n > auth.MaxKeys {
		t.Fatalf("the table holds %d keys, more than its %d", n, auth.MaxKeys)
	}
	if v := th.Attempt(locked...); v.Wait == 0 {
		t.Fatal("the lock was dropped to make room for made-up addresses")
	}
}

// When every key is a lock, the table still stays within its bound: the
// locks idle longest go first.
func TestFullOfLocksStaysBounded(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	th := auth.NewThrottleMax(1000)
	th.Now = func() time.Time { return now }
	lock := auth.Rule{Free: 0, Base: time.Minute, Max: time.Minute, Forget: time.Hour}
	for i := range 5000 {
		now = now.Add(time.Millisecond)
		th.Attempt(auth.Key{Name: fmt.Sprintf("k%d", i), Rule: lock})
		if th.Len() > 1000 {
			t.Fatalf("the table holds %d keys, more than its 1000", th.Len())
		}
	}
	if !th.Has("k4999") || th.Has("k0") {
		t.Fatal("not the locks idle longest were dropped")
	}
}

// What a full table costs: go test ./internal/auth -run TestThrottleMemory -v
// prints the heap the throttle holds at MaxKeys keys. Not parallel, so no
// other test allocates meanwhile.
func TestThrottleMemory(t *testing.T) {
	th := auth.NewThrottle()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range auth.MaxKeys {
		th.Attempt(auth.Key{Name: fmt.Sprintf("address:2001:db8:%x:%x::/64", i>>16, i&0xffff), Rule: auth.LoginAddress})
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if th.Len() != auth.MaxKeys {
		t.Fatalf("%d keys, want %d", th.Len(), auth.MaxKeys)
	}
	t.Logf("%d keys hold %.1f MB of heap (%d bytes a key)", th.Len(), float64(after.HeapAlloc-before.HeapAlloc)/1e6, (after.HeapAlloc-before.HeapAlloc)/uint64(th.Len()))
	runtime.KeepAlive(th)
}
