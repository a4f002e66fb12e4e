//go:build browser

package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinderstem/kinderstem/internal/store"
)

// A shared tablet never shows one child's answers to the next. The first
// child of each walk answers three questions in English and types a
// secret in the last question's box; then leaves the questionnaire in one
// of the ways a child can; then the next child comes. Nothing of the first
// child may be left where the next can see it: on the page, ticked or
// typed, in sessionStorage, in the service worker's cache, or one tap away.

const secret = "my secret wish 7731"

// typeCode types a session code in the home page's box and starts, as a
// child does (the home page is opened first when another is on show).
func typeCode(tb testing.TB, ctx context.Context, code string) {
	tb.Helper()
	if !js[bool](tb, ctx, `location.pathname === '/' && !!document.querySelector('#code-input')`) {
		do(tb, ctx, `window.__left = true; setTimeout(() => location.assign('/'), 0)`)
	}
	waitFor(tb, ctx, `!window.__left && location.pathname === '/' && document.readyState === 'complete' && !!document.querySelector('#code-input')`)
	do(tb, ctx, `(()=>{const i=document.querySelector('#code-input');i.value='`+code+`';i.form.requestSubmit()})()`)
}

// firstChild is the first child of the walk: home, the code,
// English, the first three questions answered, and the secret typed.
func firstChild(tb testing.TB, ctx context.Context, base string, sess *store.Session) {
	tb.Helper()
	run(tb, ctx, chromedp.Navigate(base+"/"))
	typeCode(tb, ctx, sess.Code)
	waitFor(tb, ctx, onScreen("languages"))
	do(tb, ctx, `document.querySelector('.lang-button[lang=en]').click()`)
	waitFor(tb, ctx, `location.search === '?lang=en' && `+onScreen("welcome"))
	do(tb, ctx, `document.querySelector('[data-action=start]').click()`)
	for _, id := range []string{"q1", "q2", "q3"} {
		waitFor(tb, ctx, onScreen(id))
		do(tb, ctx, `(()=>{const a=document.querySelectorAll('#`+id+` .answers:not(.extra) .answer');a[1 % a.length].click();document.querySelector('.qbar [data-action=next]').click()})()`)
	}
	waitFor(tb, ctx, onScreen("q4"))
	do(tb, ctx, `(()=>{const t=document.querySelector('.question textarea');t.value='`+secret+`';t.dispatchEvent(new Event('input',{bubbles:true}))})()`)
	if n := js[int](tb, ctx, `sessionStorage.length`); n != 1 {
		tb.Fatalf("the first child's answers are not kept for a reload (%d records)", n)
	}
}

// back is the browser's Back, to the home page the child came from.
func back(tb testing.TB, ctx context.Context) {
	tb.Helper()
	do(tb, ctx, `setTimeout(() => history.back(), 0)`)
	waitFor(tb, ctx, `location.pathname === '/' && document.readyState === 'complete'`)
}

// traces lists what is left of the first child where the next can see it.
func traces(tb testing.TB, ctx context.Context) []string {
	tb.Helper()
	got := js[[]string](tb, ctx, `(async () => {
		const out = [];
		const ticked = document.querySelectorAll('input:checked').length;
		if (ticked) out.push(ticked + ' answers ticked on the page');
		if (document.documentElement.outerHTML.includes('`+secret+`') || [...document.querySelectorAll('textarea')].some(t => t.value.includes('`+secret+`'))) out.push('the secret on the page');
		for (let i = 0; i < sessionStorage.length; i++) out.push('sessionStorage ' + sessionStorage.key(i));
		for (let i = 0; i < localStorage.length; i++) out.push('localStorage ' + localStorage.key(i));
		for (const name of await caches.keys()) {
			const c = await caches.open(name);
			for (const req of await c.keys()) {
				const body = await (await c.match(req)).text();
				if (body.includes('`+secret+`')) out.push('the secret in the cache: ' + req.url);
			}
		}
		return out;
	})()`)
	return got
}

// The walk that showed the bug: Home → code → English → q1–q3 → Back to
// the home page → the next child types the code. The page opens at the
// language screen, in the session's language, with nothing ticked.
func TestBrowserNextChildAfterBack(t *testing.T) {
	t.Parallel()
	onDevices(t, false, func(t *testing.T, e *env, sess *store.Session, ctx context.Context) {
		firstChild(t, ctx, e.srv.URL, sess)
		back(t, ctx)
		typeCode(t, ctx, sess.Code)
		waitFor(t, ctx, `location.pathname === '/s/`+sess.Code+`' && document.readyState === 'complete' && document.documentElement.classList.contains('js')`)
		type state struct{ Screen, Lang string }
		got := js[state](t, ctx, `({Screen: document.querySelector('.screen.current').id, Lang: document.documentElement.lang})`)
		if got.Screen != "languages" || got.Lang != "nl" {
			t.Errorf("the next child's page opens at %s in %s, want the language screen in nl", got.Screen, got.Lang)
		}
		if left := traces(t, ctx); len(left) > 0 {
			t.Errorf("the next child finds: %s", strings.Join(left, "; "))
		}
	})
}

// Every other way out: Back and Forward again at once (the same child is
// asked, and sees nothing before saying "yes, that was me"; "no" starts
// new), Back and Forward after the window, Home and the next child's code
// (then Back twice into the first child's page), another session's code,
// and the idle reset.
func TestBrowserEveryWayOutLeavesNothing(t *testing.T) {
	t.Parallel()
	ways := []struct {
		name  string
		leave func(t *testing.T, e *env, sess *store.Session, ctx context.Context)
	}{
		{"forward at once, not me", func(t *testing.T, e *env, sess *store.Session, ctx context.Context) {
			back(t, ctx)
			do(t, ctx, `setTimeout(() => history.forward(), 0)`)
			waitFor(t, ctx, onScreen("resume"))
			if n := js[int](t, ctx, `document.querySelectorAll('input:checked').length + [...document.querySelectorAll('textarea')].filter(t => t.value).length`); n != 0 {
				t.Fatalf("the question \"was that you?\" shows %d answers", n)
			}
			if strings.HasSuffix(t.Name(), "phone") {
				audit(t, ctx, "go on with your answers?")
			}
			do(t, ctx, `document.querySelector('#resume [data-action=reset]').click()`)
		}},
		{"forward after the window", func(t *testing.T, e *env, sess *store.Session, ctx context.Context) {
			back(t, ctx)
			// A minute passes on the home page.
			do(t, ctx, `for (const k of Object.keys(sessionStorage)) { const r = JSON.parse(sessionStorage[k]); r.left -= 60000; sessionStorage[k] = JSON.stringify(r) }`)
			do(t, ctx, `setTimeout(() => history.forward(), 0)`)
		}},
		{"home, the next child's code, back twice", func(t *testing.T, e *env, sess *store.Session, ctx context.Context) {
			typeCode(t, ctx, sess.Code)
			waitFor(t, ctx, `location.pathname === '/s/`+sess.Code+`' && `+onScreen("languages"))
			back(t, ctx)
			// Back into the first child's page, which may reset itself at
			// once (then its ?lang=en is gone by the time it is looked at).
			do(t, ctx, `setTimeout(() => history.back(), 0)`)
			waitFor(t, ctx, `location.pathname === '/s/`+sess.Code+`' && document.readyState === 'complete'`)
		}},
		{"another session's code", func(t *testing.T, e *env, sess *store.Session, ctx context.Context) {
			other := e.openSession("wellbeing", "10-13", "nl", "school")
			back(t, ctx)
			typeCode(t, ctx, other.Code)
			waitFor(t, ctx, `location.pathname === '/s/`+other.Code+`' && `+onScreen("languages"))
		}},
		{"idle", func(t *testing.T, e *env, sess *store.Session, ctx context.Context) {
			fire(t, ctx, 120000)
			fire(t, ctx, 60000)
		}},
	}
	for _, w := range ways {
		t.Run(strings.ReplaceAll(w.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			onDevices(t, true, func(t *testing.T, e *env, sess *store.Session, ctx context.Context) {
				firstChild(t, ctx, e.srv.URL, sess)
				w.leave(t, e, sess, ctx)
				waitFor(t, ctx, onScreen("languages")+` && document.readyState === 'complete'`)
				if left := traces(t, ctx); len(left) > 0 {
					t.Errorf("the next child finds: %s", strings.Join(left, "; "))
				}
				if e.count(sess.ID) != 0 {
					t.Errorf("an unfinished questionnaire was sent")
				}
			})
		})
	}
}

// Without JavaScript the questionnaire is one long form. A child who leaves
// it half filled in, after which the next child types the code, finds an
// empty form: the browser does not fill it in again (autocomplete="off" on
// every form a child can type or tick in).
func TestBrowserNextChildWithoutJavaScript(t *testing.T) {
	t.Parallel()
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			sess := e.openSession("wellbeing", "10-13", "nl", "school")
			ctx := device(t, browserOpts{width: vp.opts.width, height: vp.opts.height, noJS: true})
			run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code+"?lang=en"))
			do(t, ctx, `(()=>{document.querySelectorAll('fieldset.question').forEach(f=>{const a=f.querySelector('.answers:not(.extra) input');if(a)a.click()});document.querySelector('.question textarea').value='`+secret+`'})()`)
			run(t, ctx, chromedp.Navigate(e.srv.URL+"/"), chromedp.SendKeys(chromedp.CSS("#code-input"), sess.Code), click(".code-form button"))
			run(t, ctx, visible("#languages"))
			if js[bool](t, ctx, `document.documentElement.classList.contains('js')`) {
				t.Fatal("the page ran its script")
			}
			if n := js[int](t, ctx, `document.querySelectorAll('input:checked').length + [...document.querySelectorAll('textarea')].filter(t => t.value).length`); n != 0 {
				t.Errorf("the next child finds %d answers filled in", n)
			}
			if bad := js[[]string](t, ctx, `[...document.forms].filter(f => f.querySelector('input:not([type=hidden]), textarea') && f.autocomplete !== 'off').map(f => f.outerHTML.slice(0, 80))`); len(bad) > 0 {
				t.Errorf("forms a browser may fill in again: %q", bad)
			}
		})
	}
}
