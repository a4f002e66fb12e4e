//go:build browser

package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web"
)

// answeredSession is a closed session with a public answer in Dutch whose
// first part is translated into English; it returns the session's code.
func (e *env) answeredSession(t *testing.T) string {
	t.Helper()
	w := e.login("worker", "Gemeente Gent")
	id, code := w.closedSession(t, 5)
	answer := w.publicAnswer(t, id)
	page := w.get(answer)
	en := url.Values{"csrf": {page.csrf(t)}, "lang": {"en"}, "sessions": {id}, "part0_title": {"Playtime"},
		"part0_you_said": {"You want more playtime."}, "part0_we_will": {"Break gets ten minutes longer."}}
	w.postForm(answer, en).want(t, http.StatusSeeOther)
	return code
}

func (e *env) heardCount(t *testing.T, rating string) int {
	t.Helper()
	var n int
	e.rawDB().QueryRow(`SELECT coalesce(sum(n), 0) FROM heard_counts WHERE rating = ?`, rating).Scan(&n)
	return n
}

// On a tablet a child opens the code of a closed session, reads the
// adults' answer in English (the untranslated part in Dutch, with a
// note), and taps a face; the page thanks them and the tap is counted.
func TestBrowserChildReadsAnswerAndSaysIfHeard(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	code := e.answeredSession(t)
	ctx := browser(t, browserOpts{width: 820, height: 1180})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+code+"?lang=en"), visible(".reply-part"))
	parts := js[[]string](t, ctx, `[...document.querySelectorAll('.reply-part')].map(p => p.dataset.lang + ':' + p.innerText)`)
	if len(parts) != 2 || !strings.HasPrefix(parts[0], "en:Playtime") || !strings.Contains(parts[0], "Break gets ten minutes longer.") ||
		!strings.HasPrefix(parts[1], "nl:Skatepark") {
		t.Fatalf("the answer reads %q", parts)
	}
	if note := js[string](t, ctx, `document.querySelector('.feedback-box.reply .hint').innerText`); note != "Some of this is not in your language yet." {
		t.Fatalf("note %q", note)
	}
	audit(t, ctx, "answer and faces")
	run(t, ctx, click(`.heard-face[value=some]`), visible("#heard-title[role=status]"))
	if thanks := js[string](t, ctx, `document.querySelector('#heard-title').innerText`); !strings.HasPrefix(thanks, "Thank you!") {
		t.Fatalf("after the tap: %q", thanks)
	}
	if n := e.heardCount(t, "some"); n != 1 {
		t.Fatalf("%d taps counted, want 1", n)
	}
	// The thanks page carries no token: reloading cannot count again.
	if js[bool](t, ctx, `!!document.querySelector('input[name=token]')`) {
		t.Fatal("the thanks page offers the faces again")
	}
}

// Without JavaScript the answer and the faces work the same: a plain form.
func TestBrowserFeltHeardWithoutJavaScript(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	code := e.answeredSession(t)
	ctx := browser(t, browserOpts{width: 820, height: 1180, noJS: true})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+code+"?lang=nl"), visible(".reply-part"))
	if got := js[int](t, ctx, `document.querySelectorAll('.heard-face').length`); got != 3 {
		t.Fatalf("%d faces", got)
	}
	run(t, ctx, click(`.heard-face[value=yes]`), visible("#heard-title[role=status]"))
	if n := e.heardCount(t, "yes"); n != 1 {
		t.Fatalf("%d taps counted, want 1", n)
	}
}

// An answer with only a subject: refused when the worker makes it
// public, so the child on a tablet or a phone finds no heading over
// nothing and no "Do you feel heard?" under it.
func TestBrowserBareAnswerNeverReachesChildren(t *testing.T) {
	t.Parallel()
	onDevices(t, false, func(t *testing.T, e *env, _ *store.Session, ctx context.Context) {
		w := e.login("worker", "Gemeente Gent")
		id, code := w.closedSession(t)
		page := w.get("/answers/new")
		answer := strings.TrimSuffix(w.postForm("/answers", url.Values{"csrf": {page.csrf(t)}, "lang": {"nl"}, "sessions": {id}, "part0_title": {"Speeltijd"}}).Header.Get("Location"), "?lang=nl")
		w.postForm(answer+"/public", url.Values{"csrf": {page.csrf(t)}, "public": {"1"}}).want(t, http.StatusUnprocessableEntity)
		run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+code+"?lang=nl"))
		if s := js[string](t, ctx, `document.querySelector('main').innerText`); strings.Contains(s, "Speeltijd") || strings.Contains(s, "Voel je je gehoord?") {
			t.Fatalf("the child reads %q", s)
		}
	})
}

// The worker who makes an answer with a bare part public sees the form
// again in that part's language, told why, the field marked; the page
// passes axe. So does the group's results page the worker shows.
func TestBrowserWorkerToldWhyABarePartWaits(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) { c.K = 5 })
	pw := e.addUser("worker", "mia@example.org", "Testclub")
	w := e.client()
	login := w.get("/login")
	w.postForm("/login", url.Values{"email": {"mia@example.org"}, "password": {pw}, "csrf": {login.csrf(t)}}).want(t, http.StatusSeeOther)
	id, _ := w.closedSession(t)
	page := w.get("/answers/new")
	answer := strings.TrimSuffix(w.postForm("/answers", url.Values{"csrf": {page.csrf(t)}, "lang": {"nl"}, "sessions": {id},
		"part0_title": {"Speeltijd"}, "part0_we_will": {"De pauze wordt langer."}}).Header.Get("Location"), "?lang=nl")
	w.postForm(answer, url.Values{"csrf": {page.csrf(t)}, "lang": {"en"}, "sessions": {id}, "part0_title": {"Playtime"}}).want(t, http.StatusSeeOther)

	ctx := browser(t, browserOpts{width: 1280, height: 900})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/login?lang=nl"),
		chromedp.SendKeys(chromedp.CSS("#email"), "mia@example.org"), chromedp.SendKeys(chromedp.CSS("#password"), pw),
		click("form.stack button"), visible(".staff-nav"),
		chromedp.Navigate(e.srv.URL+answer), click(`form[action$="/public"] button`), visible("#form-error"))
	if s := js[string](t, ctx, `document.querySelector('#form-error').innerText`); !strings.Contains(s, "Deel 1 heeft in deze taal alleen een onderwerp.") {
		t.Fatalf("the worker reads %q", s)
	}
	if lang := js[string](t, ctx, `document.querySelector('input[name=lang]').value`); lang != "en" {
		t.Fatalf("the form opens in %q, want en, where the part is bare", lang)
	}
	if !js[bool](t, ctx, `document.querySelector('#part0_you_said').getAttribute('aria-invalid') === 'true'`) {
		t.Fatal("the bare part's field is not marked")
	}
	audit(t, ctx, "the answer form, refused")

	small := e.openSession("wellbeing", "10-13", "nl", "school")
	for i := 0; i < 6; i++ {
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","answers":{"life_satisfaction":3,"felt_happy":5}}`, uid(i))
		e.client().postJSON("/api/v1/sessions/"+small.Code+"/submissions", body).want(t, http.StatusCreated)
	}
	if err := e.store.CloseSession(t.Context(), small.ID); err != nil {
		t.Fatal(err)
	}
	e.publish(t, w, small.ID, 6).want(t, http.StatusSeeOther)
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/sessions/"+strconv.FormatInt(small.ID, 10)+"/results"), visible(".results-list"))
	if s := js[string](t, ctx, `document.querySelector('.results-list').innerText`); !strings.Contains(s, "Minder dan 3 op de 10") {
		t.Fatalf("the worker's copy of the results reads %q", s)
	}
	audit(t, ctx, "the group's results, as the worker shows them")
}
