//go:build browser

package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The words of the browser walks: the test searches the device and the
// worker's pages for them.
const (
	walkGood  = "Voetbal met Jonas op woensdag"
	walkWorry = "Dat ik naar een andere school moet"
	walkWish  = "Bij oma blijven wonen"
)

// voiceWorker is a worker in a browser of their own, logged in.
func voiceWorker(t *testing.T, e *env, org string) context.Context {
	t.Helper()
	email := fmt.Sprintf("voice-%s@example.org", strings.NewReplacer("/", "-", " ", "-").Replace(strings.ToLower(t.Name())))
	pw := e.addUser("worker", email, org)
	ctx := browser(t, browserOpts{width: 1280, height: 900})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/login?lang=nl"),
		chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), pw),
		click("form.stack button"), visible(".staff-nav"))
	return ctx
}

// askInBrowser fills the worker's request form for a child of the age
// band and language, and reads the link and the code off the page that
// shows them once.
func askInBrowser(t *testing.T, e *env, w context.Context, lang string) (id, link, code string) {
	t.Helper()
	run(t, w, chromedp.Navigate(e.srv.URL+"/voice/new"), visible("#v-label"),
		chromedp.SendKeys(chromedp.CSS("#v-label"), "R.T."),
		chromedp.SendKeys(chromedp.CSS("#v-about"), "Verlenging verblijf pleeggezin"),
		chromedp.SendKeys(chromedp.CSS("#v-child-about"), voiceChildAbout),
		chromedp.SendKeys(chromedp.CSS("#v-who"), "De jeugdrechter, na een gesprek met jou"))
	do(t, w, `document.querySelector('#v-by-when').value = '2027-03-01';
		document.querySelector('#v-age').value = '8-12';
		document.querySelector('#v-lang').value = '`+lang+`'`)
	run(t, w, click(`form[action="/voice"] button.primary`), visible(".big-code"))
	link = js[string](t, w, `(document.body.innerHTML.match(/\/v\/[A-Za-z0-9_-]{22}/)||[''])[0]`)
	code = strings.ReplaceAll(js[string](t, w, `document.querySelector('.big-code').textContent`), " ", "")
	id = js[string](t, w, `(document.querySelector('.crumbs a[href^="/voice/"]')||{getAttribute:()=>''}).getAttribute('href').replace('/voice/','')`)
	if link == "" || len(code) != 6 || id == "" {
		t.Fatalf("handover: link %q code %q id %q", link, code, id)
	}
	return id, link, code
}

// enterCode opens the child's link and types the code.
func enterCode(t *testing.T, e *env, ctx context.Context, link, code, lang string) {
	t.Helper()
	run(t, ctx, chromedp.Navigate(e.srv.URL+link+"?lang="+lang), visible("#code-input"),
		chromedp.SendKeys(chromedp.CSS("#code-input"), code))
	submit(t, ctx, ".voice-code button")
}

// leftOnDevice lists what a page could have left behind: cookies, web
// storage, caches and service workers.
func leftOnDevice(t *testing.T, ctx context.Context) string {
	t.Helper()
	return js[string](t, ctx, `(async () => {
		const out = [];
		if (document.cookie) out.push('cookie ' + document.cookie);
		if (localStorage.length) out.push('localStorage ' + localStorage.length);
		if (sessionStorage.length) out.push('sessionStorage ' + sessionStorage.length);
		if (window.caches) { const k = await caches.keys(); if (k.length) out.push('caches ' + k.join(',')); }
		if (navigator.serviceWorker) { const r = await navigator.serviceWorker.getRegistrations(); if (r.length) out.push('service workers ' + r.length); }
		if (window.indexedDB && indexedDB.databases) { const d = await indexedDB.databases(); if (d.length) out.push('indexedDB ' + d.length); }
		return out.join('; ');
	})()`)
}

// submit clicks a button that sends a form and waits for the page that
// answers it: the old page is marked, and the wait ends when a document
// without the mark has loaded.
func submit(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	do(t, ctx, `window.__old = true`)
	run(t, ctx, click(sel))
	deadline := time.Now().Add(step)
	for time.Now().Before(deadline) {
		var fresh bool
		c, cancel := context.WithTimeout(ctx, 2*time.Second)
		fresh, err := chromedp.Run(c, chromedp.Evaluate[bool](`!window.__old && document.readyState === 'complete'`))
		cancel()
		if err == nil && fresh {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no new page after clicking %s", sel)
}

func bodyText(t *testing.T, ctx context.Context) string {
	t.Helper()
	return js[string](t, ctx, `document.body.innerText`)
}

// One child and one worker, request → view → decision → explanation →
// "do you feel heard?": a phone in Arabic, a tablet in Dutch, and a
// browser that runs no JavaScript. Every screen of the child is audited
// with axe-core where scripts run; after sending and after reading the
// explanation nothing of it is left in the browser, and going back in
// the history shows none of the child's words.
func TestBrowserVoiceWalk(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.org("Jeugdhulp Noord")
	for _, v := range []struct {
		name, lang string
		opts       browserOpts
	}{
		{"phone-ar", "ar", browserOpts{width: 390, height: 844}},
		{"tablet-nl", "nl", browserOpts{width: 800, height: 1100}},
		{"no-js-nl", "nl", browserOpts{width: 800, height: 1100, noJS: true}},
	} {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			w := voiceWorker(t, e, "Jeugdhulp Noord")
			id, link, code := askInBrowser(t, e, w, v.lang)
			var ch context.Context
			if v.opts.noJS {
				ch = browser(t, v.opts)
			} else {
				ch = device(t, v.opts)
			}
			audited := func(where string) {
				t.Helper()
				if !v.opts.noJS {
					audit(t, ch, v.name+" "+where)
				}
				if v.opts.width < 500 && js[bool](t, ch, `document.documentElement.scrollWidth > window.innerWidth + 1`) {
					t.Fatalf("%s: the phone scrolls sideways", where)
				}
			}
			run(t, ch, chromedp.Navigate(e.srv.URL+link), visible("#code-input"))
			audited("code")
			enterCode(t, e, ch, link, code, v.lang)
			run(t, ch, visible(".voice-welcome"))
			if dir, lang := js[string](t, ch, `document.documentElement.dir`), js[string](t, ch, `document.documentElement.lang`); lang != v.lang || (v.lang == "ar") != (dir == "rtl") {
				t.Fatalf("html lang=%q dir=%q", lang, dir)
			}
			if text := bodyText(t, ch); !strings.Contains(text, voiceChildAbout) || !strings.Contains(text, "De jeugdrechter") {
				t.Fatalf("the welcome screen does not say what is decided and who decides:\n%s", text)
			}
			if n := js[int](t, ch, `document.querySelectorAll('.promises li').length`); n < 5 {
				t.Fatalf("the privacy promise in children's words has %d lines", n)
			}
			if n := js[int](t, ch, `document.querySelectorAll('.helplines li, .help a, [href*="help"]').length`); n == 0 {
				t.Fatal("no help on the first screen")
			}
			audited("welcome")
			submit(t, ch, `button[name=go][value=start]`)
			audited("first question")
			say := func(text string) {
				run(t, ch, chromedp.SendKeys(chromedp.CSS("#text"), text))
				submit(t, ch, `button[name=act][value=next]`)
			}
			say(walkGood)
			say(walkWorry)
			say(walkWish)
			submit(t, ch, `button[name=act][value=dont_want]`)
			submit(t, ch, `button[name=act][value=dont_know]`)
			run(t, ch, visible(".voice-review"))
			audited("review")
			text := bodyText(t, ch)
			for _, word := range []string{walkGood, walkWorry, walkWish} {
				if !strings.Contains(text, word) {
					t.Fatalf("the review does not show %q:\n%s", word, text)
				}
			}
			// The worry only for the worker, the wish for the meeting.
			run(t, ch, click(`input[name=share_worries][value=worker]`), click(`input[name=share_wishes][value=meeting]`))
			submit(t, ch, `.voice-review button[type=submit]`)
			run(t, ch, visible(".big-notice"))
			audited("sent")
			if left := leftOnDevice(t, ch); left != "" {
				t.Fatalf("after sending, the browser keeps %s", left)
			}
			noWordsBack(t, ch)

			// The worker reads the view, the meeting's print holds only what
			// the child released, and records the decision and explanation.
			run(t, w, chromedp.Navigate(e.srv.URL+"/voice/"+id), visible("#view"))
			if text := bodyText(t, w); !strings.Contains(text, walkWish) || !strings.Contains(text, walkWorry) {
				t.Fatalf("the worker does not read the view:\n%s", text)
			}
			run(t, w, chromedp.Navigate(e.srv.URL+"/voice/"+id+"/print?for=meeting"), chromedp.WaitReady("body"))
			if text := bodyText(t, w); !strings.Contains(text, walkWish) || strings.Contains(text, walkWorry) {
				t.Fatalf("the meeting's print:\n%s", text)
			}
			run(t, w, chromedp.Navigate(e.srv.URL+"/voice/"+id+"/decision"), visible("#f-decision"),
				chromedp.SendKeys(chromedp.CSS("#f-view_weight"), "Haar wens om bij oma te blijven woog zwaar."),
				chromedp.SendKeys(chromedp.CSS("#f-decision"), "Verblijf bij grootmoeder verlengd"),
				chromedp.SendKeys(chromedp.CSS("#f-reasons"), "Stabiel en veilig."),
				click(`button[name=final][value="1"]`), visible("#explanation"),
				chromedp.Navigate(e.srv.URL+"/voice/"+id+"/explanation"), visible("#x-decided"))
			do(t, w, `document.querySelector('#x-lang').value = '`+v.lang+`'`)
			run(t, w, chromedp.SendKeys(chromedp.CSS("#x-decided"), "Je blijft bij oma wonen."),
				chromedp.SendKeys(chromedp.CSS("#x-why"), "Daar voel je je veilig."),
				chromedp.SendKeys(chromedp.CSS("#x-words"), "Je zei dat je bij oma wilt blijven. Dat woog zwaar."),
				click(`button[name=share][value="1"]`), visible("#explanation"))

			// The child reads it through the same link and code.
			enterCode(t, e, ch, link, code, v.lang)
			run(t, ch, visible(".voice-explanation"))
			audited("explanation")
			text = bodyText(t, ch)
			for _, want := range []string{"Je blijft bij oma wonen.", "Kinderrechtencommissariaat", "0800 900 33"} {
				if !strings.Contains(text, want) {
					t.Fatalf("the explanation lacks %q:\n%s", want, text)
				}
			}
			submit(t, ch, `button[name=heard][value=yes]`)
			run(t, ch, visible(".heard .notice.ok"))
			audited("felt heard")
			if left := leftOnDevice(t, ch); left != "" {
				t.Fatalf("after the explanation, the browser keeps %s", left)
			}
			run(t, w, chromedp.Navigate(e.srv.URL+"/voice/"+id), visible("#explanation"))
			var heard string
			e.rawDB().QueryRow(`SELECT heard FROM voice_requests WHERE id = ?`, id).Scan(&heard)
			if heard != "yes" {
				t.Fatalf("felt heard stored as %q", heard)
			}
		})
	}
}

// noWordsBack goes back in the history from the page after sending: the
// screens before it were never cached, so none shows the child's words.
func noWordsBack(t *testing.T, ctx context.Context) {
	t.Helper()
	for range 3 {
		_ = chromedp.Do(ctx, chromedp.NavigateBack())
		run(t, ctx, chromedp.WaitReady("body"))
		text := js[string](t, ctx, `document.documentElement.outerHTML`)
		for _, word := range []string{walkGood, walkWorry, walkWish} {
			if strings.Contains(text, word) {
				t.Fatalf("going back shows the child's words %q", word)
			}
		}
	}
}

// A child who does not want to take part says so in two taps; the
// choice is recorded, what they had typed is gone, the worker sees the
// choice, and the link offers to take part after all.
func TestBrowserVoiceChildDeclines(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := voiceWorker(t, e, "Jeugdhulp Noord")
	id, link, code := askInBrowser(t, e, w, "nl")
	ch := device(t, browserOpts{width: 800, height: 1100})
	enterCode(t, e, ch, link, code, "nl")
	submit(t, ch, `button[name=go][value=start]`)
	run(t, ch, chromedp.SendKeys(chromedp.CSS("#text"), walkWish))
	submit(t, ch, `button[name=act][value=next]`)
	submit(t, ch, `button[name=go][value=decline]`)
	run(t, ch, visible(".voice-decline"))
	audit(t, ch, "decline question")
	submit(t, ch, `form[action$="/decline"] button`)
	run(t, ch, visible(".big-notice"))
	if text := bodyText(t, ch); !strings.Contains(text, "Je hoeft niet mee te doen") {
		t.Fatalf("after declining:\n%s", text)
	}
	if left := leftOnDevice(t, ch); left != "" {
		t.Fatalf("after declining, the browser keeps %s", left)
	}
	var outcome string
	var drafts int
	e.rawDB().QueryRow(`SELECT child FROM voice_requests WHERE id = ?`, id).Scan(&outcome)
	e.rawDB().QueryRow(`SELECT count(*) FROM voice_texts WHERE request_id = ? AND part = 'say'`, id).Scan(&drafts)
	if outcome != "declined" || drafts != 0 {
		t.Fatalf("outcome %q, %d drafts kept", outcome, drafts)
	}
	run(t, w, chromedp.Navigate(e.srv.URL+"/voice/"+id), visible("#view"))
	if text := bodyText(t, w); !strings.Contains(text, "wil nu niet meedoen") || strings.Contains(text, walkWish) {
		t.Fatalf("the worker's page after the child declined:\n%s", text)
	}
	enterCode(t, e, ch, link, code, "nl")
	run(t, ch, visible(`form[action$="/rejoin"]`))
}

// The network is down when the child sends: the page says so in the
// child's words, everything they said stays on the screen and nothing is
// sent; back online, the same button sends it once.
func TestBrowserVoiceSendOffline(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := voiceWorker(t, e, "Jeugdhulp Noord")
	id, link, code := askInBrowser(t, e, w, "nl")
	ch := device(t, browserOpts{width: 390, height: 844})
	enterCode(t, e, ch, link, code, "nl")
	submit(t, ch, `button[name=go][value=start]`)
	run(t, ch, chromedp.SendKeys(chromedp.CSS("#text"), walkGood))
	submit(t, ch, `button[name=act][value=next]`)
	for range 4 {
		submit(t, ch, `button[name=act][value=dont_know]`)
	}
	run(t, ch, visible(".voice-review"))
	offline(t, ch, true)
	run(t, ch, click(`.voice-review button[type=submit]`), visible("[data-offline]:not([hidden])"))
	if text := bodyText(t, ch); !strings.Contains(text, walkGood) || !strings.Contains(text, "Er is nu geen internet. Je woorden zijn niet weg.") {
		t.Fatalf("offline, the review lost what the child said:\n%s", text)
	}
	var state string
	e.rawDB().QueryRow(`SELECT child FROM voice_requests WHERE id = ?`, id).Scan(&state)
	if state != "waiting" {
		t.Fatalf("offline, the view is %q", state)
	}
	offline(t, ch, false)
	submit(t, ch, `.voice-review button[type=submit]`)
	run(t, ch, visible(".big-notice"))
	e.rawDB().QueryRow(`SELECT child FROM voice_requests WHERE id = ?`, id).Scan(&state)
	if state != "sent" {
		t.Fatalf("back online, the view is %q", state)
	}
	if left := leftOnDevice(t, ch); left != "" {
		t.Fatalf("the browser keeps %s", left)
	}
}

// fakeVoice gives the page a speech engine with one Arabic voice that
// records what it was asked to say, so read-aloud is tested without a
// real voice on the machine.
const fakeVoice = `(() => {
  window.__spoken = [];
  const voices = [{lang: 'ar-SA', name: 'test'}];
  const synth = {speaking: false, getVoices: () => voices, addEventListener() {}, cancel() {},
    speak(u) { window.__spoken.push({text: u.text, lang: u.lang}); }};
  Object.defineProperty(window, 'speechSynthesis', {value: synth});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})()`

// Read-aloud on the child's screens: the button shows where the device
// has a voice in the child's language, and reads the question in it.
func TestBrowserVoiceReadAloud(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := voiceWorker(t, e, "Jeugdhulp Noord")
	_, link, code := askInBrowser(t, e, w, "ar")
	ch := device(t, browserOpts{width: 390, height: 844})
	if _, err := chromedp.Call(ch, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fakeVoice}); err != nil {
		t.Fatal(err)
	}
	enterCode(t, e, ch, link, code, "ar")
	submit(t, ch, `button[name=go][value=start]`)
	run(t, ch, visible("[data-speak]"), click("[data-speak]"))
	spoken := js[string](t, ch, `JSON.stringify(window.__spoken)`)
	if !strings.Contains(spoken, "ما الذي يسير بشكل جيد؟") || !strings.Contains(spoken, `"lang":"ar-SA"`) {
		t.Fatalf("read aloud: %s", spoken)
	}
}

// The worker's pages for a child's view pass axe-core too: the request
// form, the handover with link, QR code and code, the request's page, the
// decision form along General Comment 14, the explanation form and the
// prints.
func TestBrowserVoiceWorkerPagesAccessible(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := voiceWorker(t, e, "Jeugdhulp Noord")
	run(t, w, chromedp.Navigate(e.srv.URL+"/voice/new"), visible("#v-label"))
	audit(t, w, "request form")
	id, link, code := askInBrowser(t, e, w, "nl")
	audit(t, w, "handover")
	ch := browser(t, browserOpts{noJS: true})
	enterCode(t, e, ch, link, code, "nl")
	submit(t, ch, `button[name=go][value=start]`)
	run(t, ch, chromedp.SendKeys(chromedp.CSS("#text"), walkWish))
	submit(t, ch, `button[name=act][value=next]`)
	for range 4 {
		submit(t, ch, `button[name=act][value=dont_know]`)
	}
	submit(t, ch, `.voice-review button[type=submit]`)
	for _, p := range []string{"", "/print?for=meeting", "/print?for=file", "/decision", "/explanation", "?"} {
		path := "/voice/" + id + p
		if p == "?" {
			path = "/voice"
		}
		run(t, w, chromedp.Navigate(e.srv.URL+path), chromedp.WaitReady("main"))
		audit(t, w, path)
	}
}
