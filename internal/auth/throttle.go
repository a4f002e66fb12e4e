package auth

import (
	"sync"
	"time"
)

// Throttle slows down password guessing: after Max failures for one key (an
// e-mail address, or a client address held only in memory) within Window,
// that key must wait until the oldest failure leaves the window.
type Throttle struct {
	Max    int
	Window time.Duration
	Now    func() time.Time

	mu    sync.Mutex
	fails map[string][]time.Time
}

// maxKeys bounds the memory an attacker can make the throttle use.
const maxKeys = 100_000

// NewThrottle returns a throttle allowing max failures per window.
func NewThrottle(max int, window time.Duration) *Throttle {
	return &Throttle{Max: max, Window: window, Now: time.Now, fails: map[string][]time.Time{}}
}

// Wait returns how long key must wait before trying again; 0 means now.
func (t *Throttle) Wait(key string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := t.recent(key)
	if len(recent) < t.Max {
		return 0
	}
	return recent[0].Add(t.Window).Sub(t.Now())
}

// Fail records a failed attempt for each key.
func (t *Throttle) Fail(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.fails) >= maxKeys {
		t.prune()
	}
	for _, k := range keys {
		t.fails[k] = append(t.recent(k), t.Now())
	}
}

// Reset forgets a key's failures, after a successful login.
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	delete(t.fails, key)
	t.mu.Unlock()
}

func (t *Throttle) recent(key string) []time.Time {
	cut := t.Now().Add(-t.Window)
	ts := t.fails[key]
	i := 0
	for i < len(ts) && !ts[i].After(cut) {
		i++
	}
	if i == len(ts) {
		delete(t.fails, key)
		return nil
	}
	return ts[i:]
}

func (t *Throttle) prune() {
	for k := range t.fails {
		t.recent(k)
	}
	if len(t.fails) >= maxKeys { // still full of fresh keys: start over
		t.fails = map[string][]time.Time{}
	}
}
