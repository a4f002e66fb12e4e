package web_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/auth"
	"github.com/kinderstem/kinderstem/internal/web"
)

// A school's staff share one address: good logins count towards nothing,
// so after 25 of them another user there still logs in.
func TestGoodLoginsDoNotThrottleTheAddress(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, behindProxy)
	for i := range 25 {
		email := fmt.Sprintf("teacher%d@school.example", i)
		pw := e.addUser("worker", email, "School")
		c := e.client()
		if code, _ := c.loginFrom("198.51.100.20", email, pw, c.get("/login").csrf(t)); code != http.StatusSeeOther {
			t.Fatalf("good login %d from the school's address: %d, want 303", i+1, code)
		}
	}
	pw := e.addUser("worker", "late@school.example", "School")
	c := e.client()
	if code, _ := c.loginFrom("198.51.100.20", "late@school.example", pw, c.get("/login").csrf(t)); code != http.StatusSeeOther {
		t.Fatalf("another user at the school's address after 25 good logins: %d, want 303", code)
	}
}

// While 20 addresses try five wrong passwords each for an admin, the
// admin's right password from another address still logs in, also after
// them: an account is slowed, never locked. The audit log says once that
// the account is under attack.
func TestManyAddressesCannotLockTheAdminOut(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, behindProxy)
	pw := e.addUser("admin", "ada@stad.example", "Stad")
	attacker := e.client()
	csrf := attacker.get("/login").csrf(t)
	halfway := make(chan struct{})
	done := make(chan int) // how many wrong passwords were refused unchecked
	go func() {
		refused := 0
		for i := range 100 {
			if i == 50 {
				close(halfway)
			}
			if code, _ := attacker.loginFrom(fmt.Sprintf("192.0.2.%d", i/5+1), "ada@stad.example", "wrong-password", csrf); code != http.StatusUnauthorized {
				refused++
			}
		}
		done <- refused
	}()
	<-halfway
	during := e.client()
	code, _ := during.loginFrom("203.0.113.5", "ada@stad.example", pw, during.get("/login").csrf(t))
	refused := <-done
	if code != http.StatusSeeOther {
		t.Fatalf("the admin's right password during the attack: %d, want 303", code)
	}
	after := e.client()
	if code, _ := after.loginFrom("203.0.113.5", "ada@stad.example", pw, after.get("/login").csrf(t)); code != http.StatusSeeOther {
		t.Fatalf("the admin's right password after 20 addresses x 5 wrong: %d, want 303", code)
	}
	if refused != 0 {
		t.Errorf("%d of the 100 wrong passwords were refused before being checked; five per address are free", refused)
	}
	// Twice as many again: still slowed, still not locked, reported once.
	for i := range 100 {
		attacker.loginFrom(fmt.Sprintf("192.0.2.%d", 100+i/5), "ada@stad.example", "wrong-password", csrf)
	}
	last := e.client()
	if code, _ := last.loginFrom("203.0.113.5", "ada@stad.example", pw, last.get("/login").csrf(t)); code != http.StatusSeeOther {
		t.Fatalf("the admin's right password after 200 wrong ones: %d, want 303", code)
	}
	log, _ := e.store.AuditLog(t.Context(), 0, 500)
	alerts := 0
	for _, l := range log {
		if l.Action == "login_attack" {
			alerts++
		}
	}
	if alerts != 1 {
		t.Fatalf("%d login_attack entries in the audit log, want 1", alerts)
	}
}

// Wrong passwords sent in eight threads from one address, each checked at
// production's argon2id cost, cannot hold every hashing slot: the right
// password from another address logs in every time.
func TestWrongLoginsFromOneAddressLeaveSlotsForOthers(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) {
		behindProxy(c)
		c.Passwords = auth.Production // an unknown account is checked against a hash of this cost
	})
	pw := e.addUser("worker", "wim@club.example", "Club")
	attacker := e.client()
	csrf := attacker.get("/login").csrf(t)
	stop := make(chan struct{})
	var started sync.WaitGroup
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		started.Add(1)
		go func() {
			defer wg.Done()
			first := true
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				attacker.loginFrom("198.51.100.66", fmt.Sprintf("nobody-%d-%d@example.org", i, n), "wrong-password", csrf)
				if first {
					started.Done()
					first = false
				}
			}
		}()
	}
	started.Wait()
	var codes []int
	var slowest time.Duration
	for range 8 {
		owner := e.client()
		csrf := owner.get("/login").csrf(t)
		start := time.Now()
		code, _ := owner.loginFrom("203.0.113.7", "wim@club.example", pw, csrf)
		slowest = max(slowest, time.Since(start))
		codes = append(codes, code)
	}
	close(stop)
	wg.Wait()
	for i, code := range codes {
		if code != http.StatusSeeOther {
			t.Fatalf("the owner's logins from another address while one address floods: %v (login %d: %d), want all 303", codes, i+1, code)
		}
	}
	t.Logf("8 logins from another address during the flood: all 303, the slowest in %v", slowest.Round(time.Millisecond))
}
