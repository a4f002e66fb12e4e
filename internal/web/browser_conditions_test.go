//go:build browser

package web_test

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
)

// A question asked only after a given answer: on a tablet a child who
// answers "no" passes over it, both going on and going back; a child who
// says "yes", answers it, then goes back and says "no" has that answer
// taken away, and it is not stored.
func TestBrowserConditionPassesOver(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	author, second := e.login("admin", "Stad"), e.login("admin", "Stad")
	draft := e.importForm(author, exampleForm(t))
	e.review(second, draft, true)
	e.publishDraft(author, draft).want(t, http.StatusSeeOther)
	sess := e.openSession("play", "10-13", "nl", "school")

	child := device(t, browserOpts{width: 800, height: 1100})
	item := func() string {
		return js[string](t, child, `document.querySelector('.screen.current').dataset.item || ''`)
	}
	answer := func(name, value string) {
		t.Helper()
		do(t, child, `document.querySelector('.screen.current input[name="a.`+name+`"][value="`+value+`"]').click()`)
	}
	step := func(action, want string) {
		t.Helper()
		run(t, child, click(".qbar [data-action="+action+"]"))
		waitFor(t, child, `(document.querySelector('.screen.current')||{dataset:{}}).dataset.item === '`+want+`'`)
	}
	run(t, child, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code+"?lang=nl#welcome"), visible("#welcome.current"), click("[data-action=start]"))
	waitScreen(t, child, "note-welcome")
	step("next", "play_outside")
	answer("play_outside", "4")
	step("next", "has_place")
	answer("has_place", "0")
	step("next", "days_outside") // place_kind passed over
	step("back", "has_place")
	answer("has_place", "1")
	step("next", "place_kind")
	answer("place_kind", "2")
	if !js[bool](t, child, `document.querySelector('input[name="a.place_kind"][value="2"]').checked`) {
		t.Fatal("place_kind's answer is not marked")
	}
	step("back", "has_place")
	answer("has_place", "0")
	step("next", "days_outside")
	if js[bool](t, child, `!!document.querySelector('input[name="a.place_kind"]:checked')`) {
		t.Fatal("a question passed over keeps its answer")
	}
	if got := item(); got != "days_outside" {
		t.Fatalf("on %q", got)
	}
	// The rest skipped, then sent.
	for currentScreen(t, child) != "about" {
		run(t, child, click(".qbar [data-action=skip]"))
	}
	run(t, child, click(".qbar [data-action=next]"))
	waitScreen(t, child, "send")
	run(t, child, click("[data-action=send]"))
	waitScreen(t, child, "thanks")
	e.waitCount(sess.ID, 1)
	var kinds, places int
	e.rawDB().QueryRow(`SELECT count(*) FROM answers a JOIN items i ON i.id = a.item_id WHERE i.item = 'place_kind'`).Scan(&kinds)
	e.rawDB().QueryRow(`SELECT count(*) FROM answers a JOIN items i ON i.id = a.item_id WHERE i.item = 'has_place' AND a.code = 0`).Scan(&places)
	if kinds != 0 || places != 1 {
		t.Fatalf("stored place_kind %d times and has_place = no %d times", kinds, places)
	}
}
