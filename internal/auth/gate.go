package auth

import (
	"context"
	"sync"
	"time"
)

// Gate bounds the argon2id work of password checks, so that wrong
// passwords from one address cannot keep the right one from another
// waiting. Slots hashes run at once in all; one address hashes one at a
// time, with at most PerAddress of its requests in the gate (the rest are
// refused at once, without any work); a request waits at most Wait for
// its turn, in order of arrival. So whoever floods from one address holds
// one slot at most, and a login from elsewhere waits behind at most one
// hash per address that is trying.
type Gate struct {
	// Wait and PerAddress may be changed before the gate is used.
	Wait       time.Duration
	PerAddress int

	slots      chan struct{}
	maxWaiting int

	mu      sync.Mutex
	waiting int
	addrs   map[string]*turn
}

// turn is one address's place in the gate: a slot of its own (one hash at
// a time) and how many of its requests are inside.
type turn struct {
	one chan struct{}
	n   int
}

// The gate's defaults: an address may have three requests inside (a
// school's staff logging in at once wait their turn), and a request waits
// at most three seconds for a slot.
const (
	GatePerAddress = 3
	GateWait       = 3 * time.Second
)

// NewGate returns a gate of slots concurrent hashes (at least one).
func NewGate(slots int) *Gate {
	slots = max(slots, 1)
	return &Gate{Wait: GateWait, PerAddress: GatePerAddress, slots: make(chan struct{}, slots),
		maxWaiting: 64 * slots, addrs: map[string]*turn{}}
}

// Pass is a request's way through the gate: it holds a hash slot and its
// address's turn until Leave.
type Pass struct {
	g    *Gate
	addr string
	t    *turn
}

// Enter waits for address's turn and a free slot, in order of arrival. It
// reports false at once when address already has PerAddress requests
// inside or too many wait in all, and after Wait, or when ctx ends,
// without a slot.
func (g *Gate) Enter(ctx context.Context, address string) (*Pass, bool) {
	g.mu.Lock()
	t := g.addrs[address]
	if t == nil {
		t = &turn{one: make(chan struct{}, 1)}
		g.addrs[address] = t
	}
	if t.n >= g.PerAddress || g.waiting >= g.maxWaiting {
		g.mu.Unlock()
		return nil, false
	}
	t.n++
	g.waiting++
	g.mu.Unlock()

	timer := time.NewTimer(g.Wait)
	defer timer.Stop()
	ok := false
	select {
	case t.one <- struct{}{}:
		select {
		case g.slots <- struct{}{}:
			ok = true
		case <-timer.C:
			<-t.one
		case <-ctx.Done():
			<-t.one
		}
	case <-timer.C:
	case <-ctx.Done():
	}
	g.mu.Lock()
	g.waiting--
	if !ok {
		g.leave(address, t)
	}
	g.mu.Unlock()
	if !ok {
		return nil, false
	}
	return &Pass{g: g, addr: address, t: t}, true
}

// Leave gives the hash slot back at once, keeps the address's turn for
// hold more (a Hold rule's late answer to a failure: the address cannot
// start another check meanwhile, and no other address waits for it), then
// gives that back too.
func (p *Pass) Leave(ctx context.Context, hold time.Duration) {
	<-p.g.slots
	if hold > 0 {
		timer := time.NewTimer(hold)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
		}
	}
	<-p.t.one
	p.g.mu.Lock()
	p.g.leave(p.addr, p.t)
	p.g.mu.Unlock()
}

// leave counts a request of address out; g.mu is held.
func (g *Gate) leave(address string, t *turn) {
	if t.n--; t.n == 0 {
		delete(g.addrs, address)
	}
}
