package auth

import (
	"sync"
	"time"
)

// Rule says how a key is slowed down. The first Free failures cost
// nothing; after that each attempt must wait Base, doubling with every
// further failure up to Max, counted from the last attempt. Lock > 0 locks
// the key outright for LockFor once it reaches Lock failures: meant for
// attack volumes, not for an owner who forgot a password. A key forgets its
// failures Forget after its last attempt.
type Rule struct {
	Free    int
	Base    time.Duration
	Max     time.Duration
	Lock    int
	LockFor time.Duration
	Forget  time.Duration
}

// The rules for staff logins (OWASP ASVS 2.2.1): an account at one address
// slows down after five failures, doubling from 30 s to 15 min, and never
// locks, so a stranger cannot lock the owner out from elsewhere; one
// address trying many accounts slows down after twenty; an account locks
// for an hour only at attack volume, 100 failures from anywhere in an hour.
var (
	LoginPair    = Rule{Free: 5, Base: 30 * time.Second, Max: 15 * time.Minute, Forget: time.Hour}
	LoginAddress = Rule{Free: 20, Base: 30 * time.Second, Max: 15 * time.Minute, Forget: time.Hour}
	LoginAccount = Rule{Free: 1 << 30, Lock: 100, LockFor: time.Hour, Forget: time.Hour}
)

// LoginKeys are the throttle keys of one login attempt.
func LoginKeys(account, address string) (pair Key, keys []Key) {
	pair = Key{Name: "pair:" + account + "\x00" + address, Rule: LoginPair}
	return pair, []Key{pair, {Name: "address:" + address, Rule: LoginAddress}, {Name: "account:" + account, Rule: LoginAccount}}
}

// Key is a throttled name (an account, an account at one address, an
// address held only in memory) with its rule.
type Key struct {
	Name string
	Rule Rule
}

// Throttle slows down password guessing. Attempt checks every key and
// counts the attempt as a failure in one step under one lock, so parallel
// attempts cannot all pass the check before any is counted; a success then
// forgets the key it names.
type Throttle struct {
	Now func() time.Time

	mu      sync.Mutex
	entries map[string]*entry
}

type entry struct {
	fails  int
	last   time.Time
	locked time.Time // locked until
}

// maxKeys bounds the memory an attacker can make the throttle use.
const maxKeys = 100_000

// NewThrottle returns an empty throttle.
func NewThrottle() *Throttle {
	return &Throttle{Now: time.Now, entries: map[string]*entry{}}
}

// Verdict is the answer to an attempt.
type Verdict struct {
	Wait      time.Duration // > 0: refused, try again after this
	Locked    bool          // refused by a hard lock
	LockedNow string        // the key this attempt locked, to be audited once
}

// Attempt decides whether an attempt may go ahead. When it may, it is
// counted at once as a failure of every key; call Forget for the keys a
// success clears.
func (t *Throttle) Attempt(keys ...Key) Verdict {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	var v Verdict
	for _, k := range keys {
		e := t.entry(k, now)
		if e == nil {
			continue
		}
		if now.Before(e.locked) {
			v.Wait, v.Locked = max(v.Wait, e.locked.Sub(now)), true
			continue
		}
		if w := k.Rule.delay(e.fails) - now.Sub(e.last); w > 0 {
			v.Wait = max(v.Wait, w)
		}
	}
	if v.Wait > 0 {
		return v
	}
	if len(t.entries) >= maxKeys {
		t.prune(now)
	}
	for _, k := range keys {
		e := t.entries[k.Name]
		if e == nil {
			e = &entry{}
			t.entries[k.Name] = e
		}
		e.fails++
		e.last = now
		if k.Rule.Lock > 0 && e.fails >= k.Rule.Lock && !now.Before(e.locked.Add(k.Rule.LockFor)) {
			e.locked = now.Add(k.Rule.LockFor)
			v.LockedNow = k.Name
		}
	}
	return v
}

// Forget clears a key's failures, after a successful login.
func (t *Throttle) Forget(name string) {
	t.mu.Lock()
	delete(t.entries, name)
	t.mu.Unlock()
}

// entry returns key's entry, dropping it when it is old enough to forget.
func (t *Throttle) entry(k Key, now time.Time) *entry {
	e := t.entries[k.Name]
	if e != nil && now.Sub(e.last) > k.Rule.Forget && !now.Before(e.locked) {
		delete(t.entries, k.Name)
		return nil
	}
	return e
}

// delay is how long after the last attempt the next may come, with fails
// failures counted.
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

// prune drops entries nobody has tried for an hour, or all of them when the
// map is still full of fresh keys (an attacker making up addresses).
func (t *Throttle) prune(now time.Time) {
	for name, e := range t.entries {
		if now.Sub(e.last) > time.Hour && !now.Before(e.locked) {
			delete(t.entries, name)
		}
	}
	if len(t.entries) >= maxKeys {
		t.entries = map[string]*entry{}
	}
}
