package auth_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/auth"
)

// One address flooding the gate holds one slot at most: its other
// requests wait their turn or are refused at once, and another address
// still gets the second slot while the attacker's first holds on.
func TestGateKeepsSlotsForOtherAddresses(t *testing.T) {
	t.Parallel()
	g := auth.NewGate(2)
	g.Wait = 5 * time.Second
	ctx := context.Background()
	var mu sync.Mutex
	inside, most, refused := 0, 0, 0
	hashing := make(chan struct{}) // closed when the attacker's hashes may end
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, ok := g.Enter(ctx, "attacker")
			mu.Lock()
			if !ok {
				refused++
				mu.Unlock()
				return
			}
			inside++
			most = max(most, inside)
			mu.Unlock()
			<-hashing
			mu.Lock()
			inside--
			mu.Unlock()
			p.Leave(ctx, 0)
		}()
	}
	waitUntil(t, func() bool { mu.Lock(); defer mu.Unlock(); return refused == 8-auth.GatePerAddress && inside == 1 })
	// The attacker holds a slot and two of its requests wait: the owner's
	// request from elsewhere gets the other slot (with both taken it would
	// wait the full five seconds and be refused).
	start := time.Now()
	p, ok := g.Enter(ctx, "owner")
	if !ok || time.Since(start) >= g.Wait {
		t.Fatal("the owner's request from another address did not get the free slot")
	}
	p.Leave(ctx, 0)
	close(hashing)
	wg.Wait()
	if most != 1 {
		t.Fatalf("the attacker's address held %d slots at once, want 1", most)
	}
}

// waitUntil polls cond until it holds, or fails after a deadline.
func waitUntil(tb testing.TB, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatal("timed out")
		}
		time.Sleep(time.Millisecond)
	}
}

// With every slot busy, a request waits in order of arrival and gets the
// first slot given back; after Wait it is refused.
func TestGateWaitsThenRefuses(t *testing.T) {
	t.Parallel()
	g := auth.NewGate(1)
	g.Wait = 5 * time.Second
	ctx := context.Background()
	busy, _ := g.Enter(ctx, "a")
	go func() {
		time.Sleep(30 * time.Millisecond)
		busy.Leave(ctx, 0)
	}()
	p, ok := g.Enter(ctx, "b")
	if !ok {
		t.Fatal("a request was refused although the slot came free within the wait")
	}
	g.Wait = 100 * time.Millisecond
	start := time.Now()
	if _, ok := g.Enter(ctx, "c"); ok {
		t.Fatal("a request got a slot that was taken")
	}
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Fatalf("refused after %v, before the wait", d)
	}
	p.Leave(ctx, 0)
	if p, ok := g.Enter(ctx, "c"); !ok {
		t.Fatal("the slot did not come back")
	} else {
		p.Leave(ctx, 0)
	}
}

// A held failure keeps the address's turn but gives its slot back at once.
func TestGateHoldKeepsTheTurnNotTheSlot(t *testing.T) {
	t.Parallel()
	g := auth.NewGate(1)
	g.Wait = 5 * time.Second
	ctx := context.Background()
	p, _ := g.Enter(ctx, "attacker")
	done := make(chan struct{})
	go func() {
		p.Leave(ctx, time.Second)
		close(done)
	}()
	q, ok := g.Enter(ctx, "owner")
	if !ok {
		t.Fatal("the slot was kept during the hold")
	}
	q.Leave(ctx, 0)
	g.Wait = 100 * time.Millisecond
	if _, ok := g.Enter(ctx, "attacker"); ok {
		t.Fatal("the attacker's address got a turn during its hold")
	}
	<-done
}
