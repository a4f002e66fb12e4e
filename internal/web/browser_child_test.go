//go:build browser

package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestBrowserFullRunInDutch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	ctx := browser(t, browserOpts{})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+strings.ToLower(sess.Code)))
	waitScreen(t, ctx, "languages")
	if lang := js[string](t, ctx, `document.querySelector('.lang-button[aria-current=true]').getAttribute('lang')`); lang != "nl" {
		t.Fatalf("pre-selected language %q, want the session's nl", lang)
	}
	run(t, ctx, click(`.lang-button[lang=nl]`))
	waitScreen(t, ctx, "welcome")
	run(t, ctx, click(`[data-action=start]`))
	waitScreen(t, ctx, "q1")
	if p := js[string](t, ctx, `document.querySelector('.progress-text').textContent`); !strings.HasPrefix(p, "Vraag 1 van ") {
		t.Fatalf("progress %q", p)
	}
	// Back and forward keep the answer.
	do(t, ctx, `document.querySelector('#q1 .answer').click()`)
	run(t, ctx, click(".qbar [data-action=next]"), click(".qbar [data-action=back]"))
	if !js[bool](t, ctx, `!!document.querySelector('#q1 input:checked')`) {
		t.Fatal("going back lost the answer")
	}
	n := answerAll(t, ctx, 1, "Meer speeltijd")
	run(t, ctx, click("[data-action=send]"))
	waitScreen(t, ctx, "thanks")
	if s := js[string](t, ctx, `document.querySelector('#thanks .sent-online').textContent`); !strings.Contains(s, "goed aangekomen") {
		t.Fatalf("thanks says %q", s)
	}
	e.waitCount(sess.ID, 1)
	var answers, texts, age int
	var gender, lang string
	db := e.rawDB()
	db.QueryRow(`SELECT count(*) FROM answers`).Scan(&answers)
	db.QueryRow(`SELECT count(*) FROM texts WHERE text = 'Meer speeltijd'`).Scan(&texts)
	db.QueryRow(`SELECT age, gender, lang FROM submissions`).Scan(&age, &gender, &lang)
	if answers != n || texts != 1 {
		t.Fatalf("stored %d answers (want %d) and %d texts (want 1)", answers, n, texts)
	}
	if age != 11 || gender != "girl" || lang != "nl" {
		t.Fatalf("about you stored as %d %s %s", age, gender, lang)
	}
}

func TestBrowserWithoutJavaScript(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "6-9", "nl", "school")
	ctx := browser(t, browserOpts{noJS: true})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code))
	visibleQ := js[int](t, ctx, `[...document.querySelectorAll('fieldset.question')].filter(f=>f.offsetParent!==null).length`)
	total := js[int](t, ctx, `document.querySelectorAll('fieldset.question').length`)
	if total == 0 || visibleQ != total {
		t.Fatalf("%d of %d questions visible without JavaScript", visibleQ, total)
	}
	if faces := js[int](t, ctx, `document.querySelector('.answers.faces').querySelectorAll('.answer').length`); faces != 3 {
		t.Fatalf("6-9 sees %d faces, want 3", faces)
	}
	do(t, ctx, `document.querySelectorAll('fieldset.question').forEach((f,i)=>{const a=f.querySelector('.answers:not(.extra) .answer input'); if(a && i%2===0) a.click()})`)
	run(t, ctx, click(`input[name=age][value="8"] + .word`), click(`[data-action=send]`), visible("#thanks-title"))
	e.waitCount(sess.ID, 1)
	var age int
	var band string
	e.rawDB().QueryRow(`SELECT age, age_band FROM submissions`).Scan(&age, &band)
	if age != 8 || band != "6-9" {
		t.Fatalf("stored age %d band %s", age, band)
	}
}

func TestBrowserArabicIsRightToLeft(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if _, ok := e.locales.Lang("ar"); !ok {
		t.Fatal("Arabic is not shipped")
	}
	sess := e.openSession("wellbeing", "10-13", "ar", "youth_work")
	ctx := browser(t, browserOpts{})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code+"#welcome"))
	waitScreen(t, ctx, "welcome")
	if dir, lang := js[string](t, ctx, `document.documentElement.dir`), js[string](t, ctx, `document.documentElement.lang`); dir != "rtl" || lang != "ar" {
		t.Fatalf("html dir=%q lang=%q, want rtl ar", dir, lang)
	}
	run(t, ctx, click(`[data-action=start]`))
	waitScreen(t, ctx, "q1")
	// Mirrored: Back sits at the right, Next at the left.
	backX := js[float64](t, ctx, `document.querySelector('.qbar [data-action=back]').getBoundingClientRect().x`)
	nextX := js[float64](t, ctx, `document.querySelector('.qbar [data-action=next]').getBoundingClientRect().x`)
	if backX <= nextX {
		t.Fatalf("in RTL, Back (x=%v) should be right of Next (x=%v)", backX, nextX)
	}
	answerAll(t, ctx, 0, "نريد ملعبًا أكبر")
	run(t, ctx, click("[data-action=send]"))
	waitScreen(t, ctx, "thanks")
	e.waitCount(sess.ID, 1)
	var stored string
	e.rawDB().QueryRow(`SELECT lang FROM submissions`).Scan(&stored)
	if stored != "ar" {
		t.Fatalf("stored lang %q", stored)
	}
}

// Offline, a finished questionnaire waits on the tablet; back online it is
// sent, and sending the same id again stores nothing new.
func TestBrowserOfflineThenOnlineStoresExactlyOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	ctx := browser(t, browserOpts{})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code+"#welcome"))
	waitScreen(t, ctx, "welcome")
	run(t, ctx, click(`[data-action=start]`))
	answerAll(t, ctx, 2, "offline")
	offline(t, ctx, true)
	run(t, ctx, click("[data-action=send]"))
	waitScreen(t, ctx, "thanks")
	if !js[bool](t, ctx, `!document.querySelector('#thanks .sent-offline').hidden`) {
		t.Fatal("the thank-you screen does not say the answers wait on the tablet")
	}
	if q := js[int](t, ctx, queueLength); q != 1 || e.count(sess.ID) != 0 {
		t.Fatalf("offline: %d queued, %d stored; want 1 and 0", q, e.count(sess.ID))
	}
	offline(t, ctx, false)
	do(t, ctx, `window.dispatchEvent(new Event('online'))`)
	e.waitCount(sess.ID, 1)
	pollJS(t, ctx, queueLength, 0)
	// The same id sent twice (the tablet was not sure it arrived) is stored
	// once: 201, then 200.
	post := `fetch(document.getElementById('questionnaire').dataset.api,{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify({id:'` + fixedUUID + `',lang:'nl',answers:{}})}).then(r=>r.status)`
	first, second := js[int](t, ctx, post), js[int](t, ctx, post)
	if first != 201 || second != 200 {
		t.Fatalf("sending one id twice answered %d then %d, want 201 then 200", first, second)
	}
	e.waitCount(sess.ID, 2)
}

const fixedUUID = "0b8e6f3c-1f5e-4c2a-9d7e-2a1b3c4d5e6f"

// After a child finishes or stops, the tablet is ready for the next child
// with nothing of the previous one: not in the page, its form, its history
// or the device's storage.
func TestBrowserKioskResetLeavesNoTrace(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	ctx := browser(t, browserOpts{})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code))
	waitScreen(t, ctx, "languages")
	historyBefore := js[int](t, ctx, `history.length`)
	run(t, ctx, click(`.lang-button[lang=en]`))
	waitScreen(t, ctx, "welcome")
	run(t, ctx, click(`[data-action=start]`))
	answerAll(t, ctx, 3, "my secret wish")
	run(t, ctx, click("[data-action=send]"))
	waitScreen(t, ctx, "thanks")
	e.waitCount(sess.ID, 1)
	run(t, ctx, click("#thanks [data-action=reset]"))
	waitScreen(t, ctx, "languages")
	type state struct {
		Checked, History, Local, Session, Queue int
		Text, Lang, URL                         string
	}
	got := js[state](t, ctx, `(async()=>({
		Checked: document.querySelectorAll('input:checked').length,
		History: history.length,
		Local: localStorage.length, Session: sessionStorage.length,
		Queue: await `+queueLength+`,
		Text: document.documentElement.outerHTML.includes('my secret wish') ? 'found' : '',
		Lang: document.documentElement.lang, URL: location.pathname + location.search + location.hash,
	}))()`)
	if got.Checked != 0 || got.Local != 0 || got.Session != 0 || got.Queue != 0 || got.Text != "" {
		t.Fatalf("trace of the previous child: %+v", got)
	}
	if got.History != historyBefore {
		t.Fatalf("history grew from %d to %d", historyBefore, got.History)
	}
	if got.Lang != "nl" || got.URL != "/s/"+sess.Code {
		t.Fatalf("next child starts at %s in %s, want the session's own page in nl", got.URL, got.Lang)
	}
	// Stopping halfway sends nothing and resets the same way.
	run(t, ctx, click(`.lang-button[lang=nl]`))
	waitScreen(t, ctx, "welcome")
	run(t, ctx, click(`[data-action=start]`), click(`#q1 .answer`), click(`[data-action=stop]`), visible(`#confirm-stop`), click(`[data-action=stop-yes]`))
	waitScreen(t, ctx, "stopped")
	run(t, ctx, click("#stopped [data-action=reset]"))
	waitScreen(t, ctx, "languages")
	if n := e.count(sess.ID); n != 1 {
		t.Fatalf("stopping stored something: %d submissions", n)
	}
}

// A youth worker starts a session in the browser; a child on another
// device answers it; the worker's page counts the questionnaire.
func TestBrowserWorkerStartsAChildAnswers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pw := e.addUser("worker", "mia@example.org", "Jeugdhuis")
	worker := browser(t, browserOpts{width: 1280, height: 900})
	run(t, worker, chromedp.Navigate(e.srv.URL+"/login?lang=nl"),
		chromedp.SendKeys(chromedp.CSS("#email"), "mia@example.org"), chromedp.SendKeys(chromedp.CSS("#password"), pw),
		click("form.stack button"), visible(".staff-nav"),
		chromedp.Navigate(e.srv.URL+"/sessions/new"), visible("#region"))
	do(t, worker, `document.querySelector('input[name=survey][value=wellbeing]').click(); document.querySelector('#region').value='24062'`)
	run(t, worker, click("form.stack button.primary"), visible(".big-code"))
	code := js[string](t, worker, `document.querySelector('.big-code').textContent`)
	child := browser(t, browserOpts{width: 800, height: 1100})
	run(t, child, chromedp.Navigate(e.srv.URL+"/"), chromedp.SendKeys(chromedp.CSS("#code-input"), strings.ToLower(code)), click(".code-form button"))
	waitScreen(t, child, "languages")
	run(t, child, click(`.lang-button[lang=nl]`))
	waitScreen(t, child, "welcome")
	run(t, child, click(`[data-action=start]`))
	answerAll(t, child, 4, "")
	run(t, child, click("[data-action=send]"))
	waitScreen(t, child, "thanks")
	// The worker's count goes up by itself (the page polls).
	pollJS(t, worker, `Number(document.querySelector('.count').textContent)`, 1)
}

// Offline is normal: once a tablet has opened the session, the service
// worker serves the questionnaire when the network is gone, a child can
// finish it, and it is stored once the network is back.
func TestBrowserServiceWorkerKeepsTheQuestionnaire(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	ctx := browser(t, browserOpts{})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code))
	waitScreen(t, ctx, "languages")
	pollJS(t, ctx, `navigator.serviceWorker.controller ? 1 : 0`, 1)
	pollJS(t, ctx, `caches.match(location.pathname).then(r => r ? 1 : 0)`, 1)
	pollJS(t, ctx, `caches.open('kinderstem-2').then(c => c.keys()).then(k => k.some(r => r.url.includes('/static/child.js')) ? 1 : 0)`, 1)
	pollJS(t, ctx, `caches.match(location.pathname + '?lang=uk').then(r => r ? 1 : 0)`, 1)
	e.down.Store(true)
	run(t, ctx, chromedp.Reload())
	waitScreen(t, ctx, "languages")
	if n := js[int](t, ctx, `document.querySelectorAll('fieldset.question').length`); n == 0 {
		t.Fatal("the page from the tablet's cache has no questions")
	}
	// Offline, a child can still choose another language.
	run(t, ctx, click(`.lang-button[lang=uk]`))
	waitScreen(t, ctx, "welcome")
	if lang := js[string](t, ctx, `document.documentElement.lang`); lang != "uk" {
		t.Fatalf("offline language choice gave %q", lang)
	}
	run(t, ctx, click(`[data-action=start]`))
	answerAll(t, ctx, 1, "zonder wifi")
	run(t, ctx, click("[data-action=send]"))
	waitScreen(t, ctx, "thanks")
	if !js[bool](t, ctx, `!document.querySelector('#thanks .sent-offline').hidden`) || e.count(sess.ID) != 0 {
		t.Fatal("offline, the answers should wait on the tablet")
	}
	e.down.Store(false)
	do(t, ctx, `window.dispatchEvent(new Event('online'))`)
	e.waitCount(sess.ID, 1)
}
