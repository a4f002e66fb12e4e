package decision_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/decision"
	"github.com/kinderstem/kinderstem/internal/fault"
)

// A flood of wrong codes at once gets no more tries than codes one by one:
// the link pauses after five and refuses even the right code meanwhile;
// ten shut it until the worker makes a new code.
func TestWrongCodesLockTheLink(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	_, acc := w.ask()
	wrong := wrongCode(acc.Code)
	errs := make(chan error, 40)
	for range 40 {
		go func() { _, err := w.svc.Enter(ctx, acc.Link, wrong); errs <- err }()
	}
	checked := 0
	for range 40 {
		if err := <-errs; fault.Is(err, fault.Invalid) {
			checked++
		}
	}
	if checked > decision.WrongCodesPause-1 {
		t.Fatalf("%d of 40 codes sent at once were checked, want at most %d", checked, decision.WrongCodesPause-1)
	}
	_, err := w.svc.Enter(ctx, acc.Link, acc.Code)
	wantKind(t, err, fault.TooMany, "the right code on a paused link")
	w.clock.Add(decision.PauseFor + time.Second)
	for range decision.WrongCodesPause {
		_, err = w.svc.Enter(ctx, acc.Link, wrong)
	}
	wantKind(t, err, fault.TooMany, "the tenth wrong code")
	w.clock.Add(48 * time.Hour)
	_, err = w.svc.Enter(ctx, acc.Link, acc.Code)
	wantKind(t, err, fault.TooMany, "the right code on a shut link, two days later")
}

func wrongCode(code string) string {
	b := []byte(code)
	b[0] = '0' + (b[0]-'0'+1)%10
	return string(b)
}

// A new code opens a shut link and voids the old link, code and visits.
func TestNewCodeVoidsTheOld(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	id, old := w.ask()
	v := w.enter(old)
	acc, err := w.svc.NewCode(ctx, id, w.owner)
	must(t, err)
	_, err = w.svc.Enter(ctx, old.Link, old.Code)
	wantKind(t, err, fault.NotFound, "the old link")
	_, err = w.svc.Resume(ctx, acc.Link, v.Token)
	wantKind(t, err, fault.Unauthorized, "an old visit on the new link")
	w.enter(acc)
}

// Visit tokens: only for their request, their generation, and half an
// hour after the last screen; leaving ends them.
func TestVisitTokens(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	_, acc := w.ask()
	_, other := w.ask()
	v := w.enter(acc)
	if _, err := w.svc.Resume(ctx, acc.Link, v.Token); err != nil {
		t.Fatal(err)
	}
	_, err := w.svc.Resume(ctx, other.Link, v.Token)
	wantKind(t, err, fault.Unauthorized, "a token on another request's link")
	for _, bad := range []string{"", "x", strings.Repeat("A", 48), v.Token[:47] + "B"} {
		_, err = w.svc.Resume(ctx, acc.Link, bad)
		wantKind(t, err, fault.Unauthorized, "token "+bad)
	}
	w.clock.Add(decision.VisitFor + time.Second)
	_, err = w.svc.Resume(ctx, acc.Link, v.Token)
	wantKind(t, err, fault.Unauthorized, "an expired token")
	v = w.enter(acc)
	must(t, w.svc.Leave(ctx, v))
	_, err = w.svc.Resume(ctx, acc.Link, v.Token)
	wantKind(t, err, fault.Unauthorized, "a token after leaving")
}

// Typing the code again, on this device or another, ends the visit before
// it: a tablet the child left open, or a second device, cannot go on
// reading or writing for the 30 minutes its token would last; only the
// newest visit can.
func TestReenteringTheCodeEndsTheEarlierVisit(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	_, acc := w.ask()
	first := w.enter(acc)
	second := w.enter(acc)
	_, err := w.svc.Resume(ctx, acc.Link, first.Token)
	wantKind(t, err, fault.Unauthorized, "the earlier visit after the code was typed again")
	v, err := w.svc.Resume(ctx, acc.Link, second.Token)
	if err != nil {
		t.Fatalf("the newest visit: %v", err)
	}
	must(t, w.svc.SaveAnswer(ctx, v, "wishes", decision.Answer{Choice: decision.Said, Text: childWords}, nil))
}
