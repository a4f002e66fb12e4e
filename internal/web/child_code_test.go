package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/web"
)

// A code written in lower case or with dashes is the same session for the
// per-session limit: the code is normalised once, before every use.
func TestSessionLimitHoldsForEveryWayOfWritingTheCode(t *testing.T) {
	t.Parallel()
	// A bucket of 100 (the least burst) that refills once a minute.
	e := newEnvWith(t, func(c *web.Config) { c.ClientRate, c.SessionRate = 1<<30, 1 })
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	c := e.client()
	code := sess.Code
	spellings := []string{code, strings.ToLower(code), code[:3] + "-" + code[3:], strings.ToLower(code[:2]) + " " + code[2:]}
	limited := 0
	for i := 0; i < 120; i++ {
		r := c.postJSON("/api/v1/sessions/"+spellings[i%len(spellings)]+"/submissions", fmt.Sprintf(validJSON, uid(i), "nl"))
		if r.StatusCode == http.StatusTooManyRequests {
			limited++
		}
	}
	// 20 over the burst; a run slower than a minute would see one less.
	// Counted apart, none is limited.
	if limited < 10 {
		t.Fatalf("120 submissions to one session (burst 100) in four spellings: %d limited, want 10 or more", limited)
	}
}

// Guessing codes is slow: after a class's worth of wrong codes, a client
// address waits, also for a right code, and is told so kindly.
func TestWrongCodesAreLimited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	c := e.client()
	for i := 0; i < 30; i++ {
		code := fmt.Sprintf("AAAA%c%c", "ACDEFHJKMN"[i%10], "ACDEFHJKMN"[i/10])
		c.get("/api/v1/sessions/"+code).want(t, http.StatusNotFound)
	}
	r := c.get("/s/AAAAAA?lang=en")
	r.want(t, http.StatusTooManyRequests, "You tried a lot of codes.")
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
	c.get("/s/"+sess.Code).want(t, http.StatusTooManyRequests)
	c.postJSON("/api/v1/sessions/"+sess.Code+"/submissions", fmt.Sprintf(validJSON, uid(1), "nl")).want(t, http.StatusTooManyRequests, `"code":"too_many_codes"`)
}
