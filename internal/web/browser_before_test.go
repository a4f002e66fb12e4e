//go:build browser

package web_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinderstem/kinderstem/internal/store"
)

// The "before you start" on a phone in Arabic: the child's first screen
// says, right to left and in Arabic, why the group is asked, who decides,
// what can and cannot change and when they hear back; the worker's own
// Dutch words stay left to right and marked as Dutch, so read-aloud and
// screen readers say them in Dutch; nothing runs off the narrow screen,
// the page passes axe's WCAG 2.1 AA rules, and the child can start.
func TestBrowserBeforeYouStartOnAPhoneInArabic(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "youth_work")
	hear := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	if err := e.store.SavePreparation(context.Background(), 0, &store.Preparation{SessionID: sess.ID,
		Purpose: "We willen weten wat jullie van het jeugdhuis vinden, zodat we de zomerwerking samen kunnen plannen.", Decides: "organisation",
		DecidesNote: "het bestuur van het jeugdhuis", CanChange: "Wat we in de zomer doen en wanneer we open zijn.",
		CannotChange: "Het gebouw en het geld dat we van de stad krijgen.", HearBack: hear}); err != nil {
		t.Fatal(err)
	}
	ctx := device(t, browserOpts{width: 390, height: 844})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code+"?lang=ar#welcome"))
	waitScreen(t, ctx, "welcome")
	pollJS(t, ctx, `document.readyState === 'complete' ? 1 : 0`, 1)
	if dir := js[string](t, ctx, `document.documentElement.dir`); dir != "rtl" {
		t.Fatalf("html dir %q, want rtl", dir)
	}
	if !js[bool](t, ctx, `(()=>{const s=document.querySelector('#welcome .before-start');return !!s&&s.getBoundingClientRect().height>0})()`) {
		t.Fatal("no \"before you start\" on the welcome screen")
	}
	heads := js[[]string](t, ctx, `[...document.querySelectorAll('.before-start dt')].map(d=>d.textContent.trim())`)
	want := []string{"لماذا نسأل", "من يقرر", "ما يمكن أن يتغير", "ما لا يمكن أن يتغير", "متى تسمع الرد"}
	if len(heads) != len(want) {
		t.Fatalf("headings %q, want %q", heads, want)
	}
	for i := range want {
		if heads[i] != want[i] {
			t.Errorf("heading %d: %q, want %q", i, heads[i], want[i])
		}
	}
	if got := js[string](t, ctx, `document.querySelector('.before-start dd[lang=nl]').textContent`); got != "We willen weten wat jullie van het jeugdhuis vinden, zodat we de zomerwerking samen kunnen plannen." {
		t.Errorf("the worker's purpose reads %q", got)
	}
	if d := js[string](t, ctx, `getComputedStyle(document.querySelector('.before-start dd[lang=nl]')).direction`); d != "ltr" {
		t.Errorf("the worker's Dutch runs %s", d)
	}
	if !js[bool](t, ctx, `document.querySelector('.before-start').textContent.includes('منظمتنا') && document.querySelector('.before-start').textContent.includes('15/6/2026')`) {
		t.Error("who decides or the day they hear back is missing")
	}
	if over := js[float64](t, ctx, `document.documentElement.scrollWidth - innerWidth`); over > 0 {
		t.Errorf("the welcome screen runs %v px off the phone", over)
	}
	if !js[bool](t, ctx, `[...document.querySelectorAll('.before-start dd')].every(d=>{const r=d.getBoundingClientRect();return r.left>=0&&r.right<=innerWidth})`) {
		t.Error("a text of the \"before you start\" runs off the screen")
	}
	audit(t, ctx, "before you start, phone, Arabic")
	do(t, ctx, `document.querySelector('[data-action=start]').scrollIntoView()`)
	run(t, ctx, click(`[data-action=start]`))
	waitScreen(t, ctx, "q1")
}
