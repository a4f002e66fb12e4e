package auth

import (
	"slices"
	"sync"
	"time"
)

// Rule says how a key is slowed down. The first Free failures cost
// nothing; after that each attempt must wait Base, doubling with every
// further failure up to Max, counted from the last attempt. A Hold rule
// never refuses: its wait is served instead, as a late answer to a failed
// attempt (Verdict.Hold), so whoever knows the password still gets in.
// Alert > 0 reports the key once when it reaches that many failures. A key
// forgets its failures Forget after its last attempt.
type Rule struct {
	Free   int
	Base   time.Duration
	Max    time.Duration
	Hold   bool
	Alert  int
	Forget time.Duration
}

// The rules for staff logins (OWASP ASVS 2.2.1). An account at one address
// slows down after five failures, doubling from 30 s to 15 min: that is the
// only lock, and it holds one address, so strangers elsewhere cannot lock
// the owner out. One address trying many accounts slows down after twenty
// failures. An account under attack from many addresses is never refused:
// past ten failures within the hour each further failure is answered late
// (250 ms, doubling up to 2 s), and at 100 the audit log is told once.
// Successful logins count towards none of them.
var (
	LoginPair    = Rule{Free: 5, Base: 30 * time.Second, Max: 15 * time.Minute, Forget: time.Hour}
	LoginAddress = Rule{Free: 20, Base: 30 * time.Second, Max: 15 * time.Minute, Forget: time.Hour}
	LoginAccount = Rule{Free: 10, Base: 250 * time.Millisecond, Max: 2 * time.Second, Hold: true, Alert: 100, Forget: time.Hour}
)

// Login is the throttle keys of one login attempt: the account at the
// address, the address, and the account.
type Login struct{ Pair, Address, Account Key }

// LoginKeys are the throttle keys of one login attempt. address is a
// client address as the limits count it (one IPv4 address, or an IPv6
// /64).
func LoginKeys(account, address string) Login {
	return Login{
		Pair:    Key{Name: "pair:" + account + "\x00" + address, Rule: LoginPair},
		Address: Key{Name: "address:" + address, Rule: LoginAddress},
		Account: Key{Name: "account:" + account, Rule: LoginAccount},
	}
}

// Keys lists the three keys, for Attempt and Undo.
func (l Login) Keys() []Key { return []Key{l.Pair, l.Address, l.Account} }

// Key is a throttled name (an account, an account at one address, an
// address held only in memory) with its rule.
type Key struct {
	Name string
	Rule Rule
}

// Throttle slows down password guessing. Attempt checks every key and
// counts the attempt as a failure in one step under one lock, so parallel
// attempts cannot all pass the check before any is counted; a success then
// takes its count back (Undo) and may forget a key whole (Forget).
type Throttle struct {
	Now func() time.Time

	mu      sync.Mutex
	entries map[string]*entry
	max     int
}

type entry struct {
	fails   int
	last    time.Time
	free    int           // the rule's free failures: past them the key is locked
	forget  time.Duration // the rule's Forget
	alerted bool
}

// locked reports whether the entry is past its free failures: forgetting
// it would give an attacker those failures back.
func (e *entry) locked() bool { return e.fails >= e.free }

// MaxKeys bounds the memory an attacker can make the throttle use (13 MB
// of heap, TestThrottleMemory): past it, the entries idle longest that
// lock nothing are dropped.
const MaxKeys = 100_000

// NewThrottle returns an empty throttle.
func NewThrottle() *Throttle { return newThrottle(MaxKeys) }

func newThrottle(max int) *Throttle {
	return &Throttle{Now: time.Now, entries: map[string]*entry{}, max: max}
}

// Verdict is the answer to an attempt.
type Verdict struct {
	Wait  time.Duration // > 0: refused, try again after this
	Hold  time.Duration // answer a failure of this attempt this much later (a Hold rule)
	Alert string        // the key that reached its Alert with this attempt, to report once
}

// Attempt decides whether an attempt may go ahead. When it may, it is
// counted at once as a failure of every key; call Undo (and Forget) for
// the keys a success clears.
func (t *Throttle) Attempt(keys ...Key) Verdict {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	var v Verdict
	for _, k := range keys {
		e := t.entry(k, now)
		if e == nil || k.Rule.Hold {
			continue
		}
		if w := k.Rule.delay(e.fails) - now.Sub(e.last); w > 0 {
			v.Wait = max(v.Wait, w)
		}
	}
	if v.Wait > 0 {
		return v
	}
	for _, k := range keys {
		e := t.entries[k.Name]
		if e == nil {
			if len(t.entries) >= t.max {
				t.evict(now)
			}
			e = &entry{free: k.Rule.Free, forget: k.Rule.Forget}
			t.entries[k.Name] = e
		}
		if k.Rule.Hold {
			v.Hold = max(v.Hold, k.Rule.delay(e.fails))
		}
		e.fails++
		e.last = now
		if k.Rule.Alert > 0 && e.fails >= k.Rule.Alert && !e.alerted {
			e.alerted = true
			v.Alert = k.Name
		}
	}
	return v
}

// Undo takes back the count an allowed attempt added to each key: the
// password was right, or it was never checked.
func (t *Throttle) Undo(keys ...Key) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		if e := t.entries[k.Name]; e != nil {
			if e.fails--; e.fails <= 0 {
				delete(t.entries, k.Name)
			}
		}
	}
}

// Forget clears a key's failures, after a successful login.
func (t *Throttle) Forget(name string) {
	t.mu.Lock()
	delete(t.entries, name)
	t.mu.Unlock()
}

// Len is how many keys the throttle holds.
func (t *Throttle) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.entries)
}

// entry returns key's entry, dropping it when it is old enough to forget.
func (t *Throttle) entry(k Key, now time.Time) *entry {
	e := t.entries[k.Name]
	if e != nil && now.Sub(e.last) > e.forget {
		delete(t.entries, k.Name)
		return nil
	}
	return e
}

// delay is how long after the last attempt the next may come (or, for a
// Hold rule, how late a failure is answered), with fails failures counted.
func (r Rule) delay(fails int) time.Duration {
	if fails < r.Free {
		return 0
	}
	d := r.Base
	for i := r.Free; i < fails && d < r.Max; i++ {
		d *= 2
	}
	return min(d, r.Max)
}

// evict makes room when the table is full: it drops every forgotten entry,
// then, down to nine tenths of the limit, the entries idle longest among
// those that lock nothing. Locks are kept; only when every entry is a lock
// (an attacker with 100,000 addresses past their free failures) do the
// locks idle longest go too, so memory stays bounded.
func (t *Throttle) evict(now time.Time) {
	for name, e := range t.entries {
		if now.Sub(e.last) > e.forget {
			delete(t.entries, name)
		}
	}
	target := t.max * 9 / 10
	if len(t.entries) <= target {
		return
	}
	type aged struct {
		name string
		last time.Time
	}
	var free, locks []aged
	for name, e := range t.entries {
		if e.locked() {
			locks = append(locks, aged{name, e.last})
		} else {
			free = append(free, aged{name, e.last})
		}
	}
	oldest := func(a, b aged) int { return a.last.Compare(b.last) }
	for _, group := range [][]aged{free, locks} {
		slices.SortFunc(group, oldest)
		for _, a := range group {
			if len(t.entries) <= target {
				return
			}
			delete(t.entries, a.name)
		}
	}
}
