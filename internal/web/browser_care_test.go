//go:build browser

package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/kinderstem/kinderstem/internal/store"
)

// The two screens children use: a tablet and a phone.
var viewports = []struct {
	name string
	opts browserOpts
}{
	{"tablet", browserOpts{width: 800, height: 1100}},
	{"phone", browserOpts{width: 390, height: 844}},
}

// device opens a browser the size of the screen: a headless window is
// never narrower than 500 px, so a phone's 390 px are emulated as a phone.
func device(tb testing.TB, o browserOpts) context.Context {
	tb.Helper()
	ctx := browser(tb, o)
	if o.width < 500 {
		if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: int64(o.width), Height: int64(o.height), DeviceScaleFactor: 3, Mobile: true}); err != nil {
			tb.Fatal(err)
		}
	}
	return ctx
}

// idleHook replaces the page's long timers (the idle checks) with ones the
// test fires itself, so idle behaviour is tested without waiting minutes.
const idleHook = `(() => {
  const real = window.setTimeout, realClear = window.clearTimeout, slow = new Map();
  let n = 1e6;
  window.setTimeout = function (f, ms, ...a) {
    if (ms >= 10000) { const id = ++n; slow.set(id, {f, ms}); return id; }
    return real(f, ms, ...a);
  };
  window.clearTimeout = function (id) { if (slow.has(id)) slow.delete(id); else realClear(id); };
  window.__fire = function (ms) {
    let fired = 0;
    for (const [id, t] of [...slow]) if (t.ms === ms) { slow.delete(id); t.f(); fired++; }
    return fired;
  };
})()`

func withIdleHook(tb testing.TB, ctx context.Context) {
	tb.Helper()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: idleHook}); err != nil {
		tb.Fatal(err)
	}
}

// fire runs the page's pending idle timers of ms milliseconds.
func fire(tb testing.TB, ctx context.Context, ms int) {
	tb.Helper()
	if n := js[int](tb, ctx, `window.__fire(`+strconv.Itoa(ms)+`)`); n == 0 {
		tb.Fatalf("no idle timer of %d ms was waiting", ms)
	}
}

// waitFor polls a condition through navigations, when the page may be
// between documents for a moment.
func waitFor(tb testing.TB, ctx context.Context, cond string) {
	tb.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		c, cancel := context.WithTimeout(ctx, 2*time.Second)
		ok, err := chromedp.Run(c, chromedp.Evaluate[bool](cond))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.Fatalf("waited 20 s for %s", cond)
}

// walk answers every question from the one on show to the send screen in
// one script, the way answerAll does click by click: the answer at
// position pick, text typed into a text question, 11 and girl about you.
func walk(tb testing.TB, ctx context.Context, pick int, text string) {
	tb.Helper()
	do(tb, ctx, `((pick, text)=>{
		const next = () => document.querySelector('.qbar [data-action=next]').click();
		let s;
		while ((s = document.querySelector('.screen.current')).id.startsWith('q')) {
			const box = s.querySelector('textarea');
			if (box) { box.value = text; box.dispatchEvent(new Event('input', {bubbles: true})); }
			else { const a = s.querySelectorAll('.answers:not(.extra) .answer'); a[pick % a.length].click(); }
			next();
		}
		document.querySelector('#about input[name=age][value="11"]').click();
		document.querySelector('#about input[name=gender][value="girl"]').click();
		next();
	})(`+strconv.Itoa(pick)+`, `+strconv.Quote(text)+`)`)
	waitScreen(tb, ctx, "send")
}

// onDevices runs a child's walk on a tablet and on a phone, each with a
// fresh server, an open Dutch session and, with idle, the idle hook.
func onDevices(t *testing.T, idle bool, fn func(t *testing.T, e *env, sess *store.Session, ctx context.Context)) {
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			sess := e.openSession("wellbeing", "10-13", "nl", "school")
			ctx := device(t, vp.opts)
			if idle {
				withIdleHook(t, ctx)
			}
			fn(t, e, sess, ctx)
		})
	}
}

// startChild opens a session's page in the session's language and starts.
func startChild(tb testing.TB, ctx context.Context, base, code string) {
	tb.Helper()
	// Navigated by script and awaited by condition: the page may come from
	// the service worker and drop its #welcome while chromedp waits. A
	// page still loading is let finish first: a navigation begun then may
	// be dropped.
	waitFor(tb, ctx, `document.readyState === 'complete'`)
	do(tb, ctx, `setTimeout(() => location.assign(`+strconv.Quote(base+"/s/"+code+"?lang=nl#welcome")+`), 0)`)
	waitFor(tb, ctx, `location.search === '?lang=nl' && document.readyState === 'complete' && (document.querySelector('.screen.current')||{}).id === 'welcome'`)
	do(tb, ctx, `document.querySelector('[data-action=start]').click()`)
	waitScreen(tb, ctx, "q1")
}

// Item 1: the worker closes the session while a child is on the last
// screen. Without a grace period the child is told the answers did not
// arrive (never "arrived"), and Try again sends them once the worker
// reopens; with a grace period they simply arrive.
func TestBrowserClosedSessionTellsTheTruth(t *testing.T) {
	t.Parallel()
	onDevices(t, false, func(t *testing.T, e *env, sess *store.Session, ctx context.Context) {
		startChild(t, ctx, e.srv.URL, sess.Code)
		walk(t, ctx, 1, "meer tijd")
		if err := e.store.CloseSession(t.Context(), sess.ID); err != nil {
			t.Fatal(err)
		}
		run(t, ctx, click("[data-action=send]"))
		waitScreen(t, ctx, "not-sent")
		if s := js[string](t, ctx, `document.querySelector('#not-sent').innerText`); !strings.Contains(s, "niet bewaard") || strings.Contains(s, "aangekomen.") {
			t.Fatalf("not-sent screen says %q", s)
		}
		if e.count(sess.ID) != 0 {
			t.Fatal("answers stored in a closed session")
		}
		if strings.HasSuffix(t.Name(), "phone") {
			audit(t, ctx, "not sent")
		}
		if err := e.store.ReopenSession(t.Context(), sess.ID, e.clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		run(t, ctx, click("#not-sent [data-action=retry]"))
		waitScreen(t, ctx, "thanks")
		e.waitCount(sess.ID, 1)

		// With a grace period the child on the last screen gets through.
		run(t, ctx, click("#thanks [data-action=reset]"))
		waitScreen(t, ctx, "languages")
		startChild(t, ctx, e.srv.URL, sess.Code)
		walk(t, ctx, 2, "")
		if err := e.store.CloseSessionWithGrace(t.Context(), sess.ID, 10*time.Minute); err != nil {
			t.Fatal(err)
		}
		run(t, ctx, click("[data-action=send]"))
		waitScreen(t, ctx, "thanks")
		if s := js[string](t, ctx, `document.querySelector('#thanks .sent-online').innerText`); !strings.Contains(s, "goed aangekomen") {
			t.Fatalf("thanks says %q", s)
		}
		e.waitCount(sess.ID, 2)
	})
}

// Item 2: a reload on question 4 keeps every answer; the back gesture
// (then forward at once) on question 5 asks "Go on with your answers?"
// with nothing on show, and "Yes" brings every answer back; finishing
// clears them for the next child.
func TestBrowserReloadAndBackKeepTheAnswers(t *testing.T) {
	t.Parallel()
	onDevices(t, false, func(t *testing.T, e *env, sess *store.Session, ctx context.Context) {
		run(t, ctx, chromedp.Navigate(e.srv.URL+"/"))
		startChild(t, ctx, e.srv.URL, sess.Code)
		answerOne := func(id string) {
			do(t, ctx, `(()=>{const a=document.querySelectorAll('#`+id+` .answers:not(.extra) .answer');a[1 % a.length].click()})()`)
			run(t, ctx, click(".qbar [data-action=next]"))
		}
		for _, id := range []string{"q1", "q2", "q3"} {
			answerOne(id)
		}
		waitScreen(t, ctx, "q4")
		do(t, ctx, `document.querySelectorAll('#q4 .answers:not(.extra) .answer')[1].click()`)
		run(t, ctx, chromedp.Reload())
		waitScreen(t, ctx, "q4")
		if n := js[int](t, ctx, `document.querySelectorAll('#q1 input:checked, #q2 input:checked, #q3 input:checked, #q4 input:checked').length`); n != 4 {
			t.Fatalf("after a reload %d of 4 answers are left", n)
		}
		run(t, ctx, click(".qbar [data-action=next]"))
		waitScreen(t, ctx, "q5")
		do(t, ctx, `setTimeout(() => history.back(), 0)`)
		waitFor(t, ctx, `location.pathname === '/' && document.readyState === 'complete'`)
		do(t, ctx, `setTimeout(() => history.forward(), 0)`)
		waitFor(t, ctx, onScreen("resume"))
		if n := js[int](t, ctx, `document.querySelectorAll('input:checked').length`); n != 0 {
			t.Fatalf("before the child says it was them, %d answers are on the page", n)
		}
		do(t, ctx, `document.querySelector('#resume [data-action=resume]').click()`)
		waitFor(t, ctx, onScreen("q5"))
		if n := js[int](t, ctx, `document.querySelectorAll('.question input:checked').length`); n != 4 {
			t.Fatalf("after back and forward %d of 4 answers are left", n)
		}
		// A page back from the back-forward cache is driven by script:
		// chromedp's own DOM tracking does not follow it there.
		do(t, ctx, `(()=>{let s;while((s=document.querySelector('.screen.current')).id.startsWith('q')){const a=s.querySelectorAll('.answers:not(.extra) .answer');if(a.length)a[1%a.length].click();document.querySelector('.qbar [data-action=next]').click()}
				document.querySelector('#about input[name=age][value="11"]').click();document.querySelector('.qbar [data-action=next]').click();document.querySelector('[data-action=send]').click()})()`)
		waitFor(t, ctx, `(document.querySelector('.screen.current')||{}).id === 'thanks'`)
		e.waitCount(sess.ID, 1)
		var skipped int
		e.rawDB().QueryRow(`SELECT count(*) FROM answers a JOIN items i ON i.id = a.item_id WHERE a.code = -1 AND i.item <> 'anything_else'`).Scan(&skipped)
		if skipped != 0 {
			t.Fatalf("%d answers stored as skipped: the kept answers did not reach the server", skipped)
		}
		if kept := js[int](t, ctx, `sessionStorage.length`); kept != 0 {
			t.Fatalf("%d items left in sessionStorage after sending", kept)
		}
		do(t, ctx, `document.querySelector('#thanks [data-action=reset]').click()`)
		waitFor(t, ctx, `(document.querySelector('.screen.current')||{}).id === 'languages'`)
		if n := js[int](t, ctx, `document.querySelectorAll('input:checked').length + sessionStorage.length`); n != 0 {
			t.Fatalf("the next child finds %d traces", n)
		}
	})
}

// Item 4: on a phone the five faces stay on one row, the bottom bar stays
// low and the welcome screen opens at its top.
func TestBrowserPhoneLayout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	ctx := device(t, browserOpts{width: 390, height: 844})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code+"?lang=nl#welcome"))
	waitScreen(t, ctx, "welcome")
	run(t, ctx, chromedp.WaitReady("body"))
	pollJS(t, ctx, `document.readyState === 'complete' ? 1 : 0`, 1)
	if y := js[float64](t, ctx, `window.scrollY`); y != 0 {
		t.Errorf("welcome opens scrolled %v px", y)
	}
	if !js[bool](t, ctx, `(()=>{const r=document.querySelector('[data-action=stop]').getBoundingClientRect();return r.top>=0&&r.bottom<=innerHeight})()`) {
		t.Error("Stop is out of view on the welcome screen")
	}
	run(t, ctx, click(`[data-action=start]`))
	if n := js[int](t, ctx, `document.querySelectorAll('.answers.faces.n5').length`); n == 0 {
		t.Fatal("no five-face question to check")
	}
	for {
		q := currentScreen(t, ctx)
		if !strings.HasPrefix(q, "q") {
			break
		}
		if n := js[int](t, ctx, `(()=>{const a=document.querySelector('#`+q+` .answers.faces.n5');if(!a)return 1;return new Set([...a.querySelectorAll('.answer')].map(x=>Math.round(x.getBoundingClientRect().top))).size})()`); n != 1 {
			t.Errorf("%s: the five faces take %d rows", q, n)
		}
		if h := js[float64](t, ctx, `document.querySelector('.qbar').getBoundingClientRect().height`); h > 80 {
			t.Errorf("%s: the bottom bar is %v px high", q, h)
		}
		if !js[bool](t, ctx, `(()=>{const m=document.querySelector('main');const bar=document.querySelector('.qbar').getBoundingClientRect().height;return parseFloat(getComputedStyle(m).paddingBottom)>=bar})()`) {
			t.Errorf("%s: the bar can cover the last answers", q)
		}
		run(t, ctx, click(".qbar [data-action=next]"))
	}
}

// Items 3, 6 and 8 on one walk. "Need to talk to someone?" is on every
// screen, opens the helplines and closes with the answers untouched. The
// send screen says one more tap is needed; a child who walks away there
// has the answers sent, not lost; Stop is gone once they are sent; left
// open on the thanks screen, help does not survive the kiosk reset.
// ?lang= without #welcome opens the welcome.
func TestBrowserEndOfTheWalkAndHelp(t *testing.T) {
	t.Parallel()
	onDevices(t, true, func(t *testing.T, e *env, sess *store.Session, ctx context.Context) {
		phone := strings.HasSuffix(t.Name(), "phone")
		run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code))
		waitScreen(t, ctx, "languages")
		run(t, ctx, visible(".help-link"))
		run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code+"?lang=nl"))
		waitScreen(t, ctx, "welcome")
		run(t, ctx, visible(".help-link"), click(`[data-action=start]`))
		do(t, ctx, `document.querySelector('#q1 .answer').click()`)
		run(t, ctx, click(".help-link"), visible("#help.open"))
		if s := js[string](t, ctx, `document.querySelector('#help').innerText`); !strings.Contains(s, "102") || !strings.Contains(s, "Awel") {
			t.Fatalf("help shows %q", s)
		}
		if phone {
			audit(t, ctx, "help")
		}
		run(t, ctx, click("#help [data-action=help-close]"))
		if js[bool](t, ctx, `document.querySelector('#help').classList.contains('open') || !document.querySelector('#q1 input:checked')`) {
			t.Fatal("closing help left it open or lost the answer")
		}
		walk(t, ctx, 0, "")
		if s := js[string](t, ctx, `document.querySelector('#send').innerText`); !strings.Contains(s, "Nog één tik") || !strings.Contains(s, "nog niet verstuurd") {
			t.Fatalf("send screen says %q", s)
		}
		// The child walks away on the send screen.
		fire(t, ctx, 120000)
		run(t, ctx, visible("#still-there"))
		if s := js[string](t, ctx, `document.querySelector('#still-there').innerText`); !strings.Contains(s, "nog niet verstuurd") {
			t.Fatalf("the idle question on the send screen says %q", s)
		}
		if phone {
			audit(t, ctx, "still there at send")
		}
		fire(t, ctx, 60000)
		waitScreen(t, ctx, "thanks")
		e.waitCount(sess.ID, 1)
		if js[bool](t, ctx, `!document.querySelector('.tools').hidden`) {
			t.Fatal("Stop (which says answers are erased) is offered after they were sent")
		}
		run(t, ctx, visible(".help-link"), click(".help-link"), visible("#help.open"))
		// The child walks away with help open: the kiosk still resets.
		fire(t, ctx, 120000)
		fire(t, ctx, 60000)
		waitScreen(t, ctx, "languages")
		if js[bool](t, ctx, `document.querySelector('#help').classList.contains('open') || sessionStorage.length > 0`) {
			t.Fatal("the next child finds the previous child's help open")
		}
	})
}
