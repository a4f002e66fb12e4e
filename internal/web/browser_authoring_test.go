//go:build browser

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinderstem/kinderstem/internal/web"
)

// staffBrowser logs a new staff member in, in a browser of their own.
func staffBrowser(t *testing.T, e *env, role, email, org string) context.Context {
	t.Helper()
	pw := e.addUser(role, email, org)
	ctx := browser(t, browserOpts{width: 1280, height: 1000})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/login?lang=nl"),
		chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), pw),
		click("form.stack button"), visible(".staff-nav"))
	return ctx
}

// upload sends a workbook through the questionnaires page.
func uploadForm(t *testing.T, e *env, ctx context.Context, file string) {
	t.Helper()
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/surveys"),
		chromedp.SetUploadFiles(chromedp.CSS("#s-file"), []string{file}),
		click(`form[action="/surveys/import"] button`), visible(".import-result a[href^='/surveys/drafts/']"))
}

// approve reviews the draft's current revision as approved, marking the
// items given "wording only".
func approve(t *testing.T, e *env, ctx context.Context, draft string, wording ...string) {
	t.Helper()
	run(t, ctx, chromedp.Navigate(e.srv.URL+draft), visible(".review-form"))
	audit(t, ctx, "the draft's page for its reviewer")
	for _, item := range wording {
		run(t, ctx, click(`input[name=wording_only][value=`+item+`]`))
	}
	run(t, ctx, click(`.review-form button[value=approve]`))
	waitFor(t, ctx, `location.search.includes('done=reviewed') && document.readyState === 'complete'`)
}

// startSession makes a session from the new-session form with the survey
// value given ("play", or "pilot:<id>") and returns its code.
func startSession(t *testing.T, e *env, ctx context.Context, surveyValue string) string {
	t.Helper()
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/sessions/new"), click(`input[name=survey][value="`+surveyValue+`"]`),
		click(`input[name=band][value="10-13"]`))
	do(t, ctx, `document.querySelector('#region').value = '44021'`)
	run(t, ctx, click(`form[action="/sessions"] button.primary`), visible(".big-code"))
	return strings.TrimSpace(js[string](t, ctx, `document.querySelector('.big-code').textContent`))
}

// The way of a questionnaire revised with children: an admin uploads a
// new version of a published survey, previews it as a child in Arabic on
// a phone, a second admin approves it, a youth worker runs a pilot where
// children tap "I don't understand" on one question, the author sees that
// many did not understand it, fixes the question, the second admin
// approves the fix, the author publishes version 2, and a child answers a
// session on version 2.
func TestBrowserAuthoringPilotToVersion2(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) { c.K = 5 })
	// Version 1 was published before (upload, review and publishing are
	// tested over HTTP).
	a0, r0 := e.login("admin", "Stad"), e.login("admin", "Stad")
	d1 := e.importForm(a0, exampleForm(t))
	e.review(r0, d1, true)
	e.publishDraft(a0, d1).want(t, http.StatusSeeOther)

	dir := t.TempDir()
	hard := filepath.Join(dir, "play-2.xlsx")
	fixed := filepath.Join(dir, "play-2-fixed.xlsx")
	// Row 6 is place_kind; C is its Dutch words.
	os.WriteFile(hard, exampleForm(t, "survey!C6", "Hoe zou je de infrastructuur van die locatie omschrijven?"), 0o600)
	os.WriteFile(fixed, exampleForm(t, "survey!C6", "Waar speel je dan: in een park, op een plein of in een tuin?"), 0o600)

	// 1. The author uploads the new version.
	author := staffBrowser(t, e, "admin", "author@example.org", "Stad")
	uploadForm(t, e, author, hard)
	audit(t, author, "the questionnaires page after an upload")
	draft := js[string](t, author, `document.querySelector(".import-result a[href^='/surveys/drafts/']").getAttribute('href')`)

	// 2. Previewed as a child, in Arabic, on a phone: the child's own page
	// in a phone-sized frame, right to left.
	run(t, author, chromedp.Navigate(e.srv.URL+draft+"/preview"), visible(".device iframe"))
	run(t, author, click(`.choice-in a[href*="in=ar"]`))
	waitFor(t, author, `location.search.includes('in=ar') && document.readyState === 'complete'`)
	run(t, author, click(`.choice-device a[href*="device=phone"]`))
	waitFor(t, author, `location.search.includes('device=phone') && location.search.includes('in=ar') && document.readyState === 'complete'`)
	waitFor(t, author, `(() => { const d = document.querySelector('.device-phone iframe').contentDocument; return d && d.readyState === 'complete' && d.documentElement.dir === 'rtl' })()`)
	if w := js[int](t, author, `document.querySelector('.device-phone iframe').clientWidth`); w != 360 {
		t.Errorf("the phone frame is %d px wide", w)
	}
	audit(t, author, "the preview page")
	frame := js[string](t, author, `document.querySelector('.device-phone iframe').getAttribute('src')`)
	phone := device(t, browserOpts{width: 360, height: 740})
	run(t, phone, chromedp.Navigate(e.srv.URL+frame), visible("#welcome.current"))
	if got := js[string](t, phone, `document.documentElement.dir + ' ' + document.documentElement.lang`); got != "rtl ar" {
		t.Fatalf("the preview on a phone is %q", got)
	}
	if !js[bool](t, phone, `document.body.innerText.includes('اللعب ووقت الفراغ') && document.scrollingElement.scrollWidth <= innerWidth + 1`) {
		t.Fatal("the Arabic preview lacks its title or is wider than the phone")
	}
	audit(t, phone, "the Arabic preview on a phone")

	// 3. A second admin approves, marking the changed question "wording only".
	second := staffBrowser(t, e, "admin", "second@example.org", "Stad")
	approve(t, e, second, draft, "place_kind")

	// 4. A youth worker runs a pilot; one child on a tablet taps "I don't
	// understand" on the changed question, four more do over the form.
	worker := staffBrowser(t, e, "worker", "worker@example.org", "Testclub")
	id := strings.TrimPrefix(draft, "/surveys/drafts/")
	code := startSession(t, e, worker, "pilot:"+id)
	pilotURL := js[string](t, worker, `location.href`)
	audit(t, worker, "the worker's pilot session")
	child := device(t, browserOpts{width: 800, height: 1100})
	run(t, child, chromedp.Navigate(e.srv.URL+"/s/"+code+"?lang=nl#welcome"), visible("#welcome.current"), click("[data-action=start]"))
	// The questionnaire opens with a note: words, no answer, no Skip.
	waitScreen(t, child, "note-welcome")
	if js[bool](t, child, `!document.querySelector('.qbar [data-action=skip]').hidden`) {
		t.Error("a note offers Skip")
	}
	for {
		screen := currentScreen(t, child)
		if screen == "about" {
			break
		}
		if js[string](t, child, `document.querySelector('.screen.current').dataset.item || ''`) == "place_kind" {
			if !js[bool](t, child, `document.querySelector('.screen.current .qtext').textContent.includes('infrastructuur')`) {
				t.Fatal("the pilot does not ask the draft's words")
			}
			run(t, child, click(".screen.current .answer.unclear"))
			audit(t, child, "a pilot's question marked I don't understand")
			run(t, child, click(".qbar [data-action=skip]"))
			continue
		}
		do(t, child, `(() => { const s = document.querySelector('.screen.current'); const box = s.querySelector('textarea');
			if (box) { box.value = 'Meer pleintjes'; box.dispatchEvent(new Event('input', {bubbles: true})); }
			else if (s.dataset.screen === 'q') s.querySelectorAll('.answers:not(.extra):not(.unclear) .answer')[0].click();
			document.querySelector('.qbar [data-action=next]').click(); })()`)
		waitFor(t, child, `(document.querySelector('.screen.current')||{}).id !== `+strconv.Quote(screen))
	}
	run(t, child, click(`#about input[name=age][value="11"] + .word`), click(".qbar [data-action=next]"))
	waitScreen(t, child, "send")
	run(t, child, click("[data-action=send]"))
	waitScreen(t, child, "thanks")
	// Eight more over the form: nine children, whose count perturbed by at
	// most two is always at least k = 5.
	for i := range 8 {
		e.client().postForm("/s/"+code, url.Values{"id": {uid(500 + i)}, "lang": {"nl"}, "a.has_place": {"1"}, "u.place_kind": {"1"}}).want(t, http.StatusSeeOther)
	}
	pollJS(t, worker, `fetch(`+strconv.Quote(pilotURL+"/count")+`).then(r => r.json()).then(j => j.count)`, 9)
	// Closed without a grace period: every child has sent.
	run(t, worker, chromedp.Navigate(pilotURL), visible(`#close-grace`))
	do(t, worker, `document.querySelector('#close-grace').value = '0'`)
	run(t, worker, click(`form[action$="/close"] button`), visible(`form[action$="/reopen"]`))

	// 5. The author sees that many children did not understand it.
	run(t, author, chromedp.Navigate(e.srv.URL+draft), visible(".pilot-table"))
	audit(t, author, "the draft's page with its pilot's report")
	if got := js[string](t, author, `document.querySelector('.pilot-table tr[data-item=place_kind] td.band').className`); !strings.Contains(got, "band-many") {
		t.Fatalf("place_kind's band is %q", got)
	}
	if js[bool](t, author, `/\d/.test([...document.querySelectorAll('.pilot-table tr[data-item=place_kind] td')].slice(1).map(td => td.textContent).join(' '))`) {
		t.Fatal("the pilot's report shows a count")
	}

	// 6. The author fixes the question; the second admin approves the fix;
	// the author publishes version 2.
	uploadForm(t, e, author, fixed)
	approve(t, e, second, draft, "place_kind")
	run(t, author, chromedp.Navigate(e.srv.URL+draft), click(`form[action$="/publish"] button`))
	waitFor(t, author, `location.pathname === '/surveys' && document.readyState === 'complete'`)
	if s, ok := e.catalog.Survey("play"); !ok || s.Version != 2 {
		t.Fatal("play version 2 is not in the catalogue")
	}

	// 7. A session on version 2, answered by a child on a phone.
	code2 := startSession(t, e, worker, "play")
	sess, err := e.store.SessionByCode(context.Background(), code2)
	if err != nil || sess.SurveyVersion != 2 {
		t.Fatalf("the new session runs version %v (%v)", sess, err)
	}
	kid := device(t, browserOpts{width: 390, height: 844})
	run(t, kid, chromedp.Navigate(e.srv.URL+"/s/"+code2+"?lang=nl#welcome"), visible("#welcome.current"), click("[data-action=start]"))
	waitScreen(t, kid, "note-welcome")
	run(t, kid, click(".qbar [data-action=next]"))
	waitScreen(t, kid, "q1")
	if !js[bool](t, kid, `document.body.textContent.includes('Waar speel je dan')`) {
		t.Fatal("version 2 does not ask the fixed words")
	}
	walk(t, kid, 0, "Een grotere speeltuin")
	run(t, kid, click("[data-action=send]"))
	waitScreen(t, kid, "thanks")
	e.waitCount(sess.ID, 1)
	var version int
	e.rawDB().QueryRow(`SELECT survey_version FROM submissions WHERE session_id = ?`, sess.ID).Scan(&version)
	if version != 2 {
		t.Fatalf("the answer is stored as version %d", version)
	}
}
