//go:build browser

package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web"
)

// tablet is the viewport of a classroom tablet held upright.
var tablet = browserOpts{width: 768, height: 1024}

// walkWithIdeas goes through a questionnaire with the ideas step as a
// child would, typing the two ideas on their screens, up to sending.
func walkWithIdeas(tb testing.TB, ctx context.Context, change, keep string) {
	tb.Helper()
	for range 80 {
		id := currentScreen(tb, ctx)
		switch {
		case id == "send":
			return
		case id == "about":
			run(tb, ctx, click(`#about input[name=age][value="11"] + .word`))
		case js[bool](tb, ctx, `!!document.querySelector('#`+id+` textarea[name="a.idea.change"]')`):
			run(tb, ctx, chromedp.SendKeys(chromedp.CSS("#"+id+" textarea"), change))
		case js[bool](tb, ctx, `!!document.querySelector('#`+id+` textarea[name="a.idea.keep"]')`):
			run(tb, ctx, chromedp.SendKeys(chromedp.CSS("#"+id+" textarea"), keep))
		case strings.HasPrefix(id, "q") && !js[bool](tb, ctx, `!!document.querySelector('#`+id+` textarea')`):
			do(tb, ctx, `document.querySelector('#`+id+` .answers:not(.extra) .answer').click()`)
		}
		run(tb, ctx, click(".qbar [data-action=next]"))
	}
	tb.Fatal("never reached the send screen")
}

// voteOverHTTP lets one more child vote for the topic titled title.
func voteOverHTTP(t *testing.T, e *env, code, title string) {
	t.Helper()
	page := e.client().get("/s/" + code)
	page.want(t, http.StatusOK, title)
	token := regexpValue(t, page.body, `name="token" value="([^"]+)"`)
	topic := regexpValue(t, page.body, `name="topic" value="(\d+)"><span class="word" data-read>`+title+`<`)
	e.client().postForm("/s/"+code+"/vote", url.Values{"token": {token}, "lang": {"nl"}, "topic": {topic}}).want(t, http.StatusOK, "Je stem is geteld.")
}

// A child gives ideas on a tablet (read aloud like any question, kept
// through a reload, masked), the worker starts the session with the step,
// merges ideas into a topic and opens the vote, and children vote.
func TestBrowserIdeasOnATablet(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) { c.K = 5 })
	pw := e.addUser("worker", "mia@example.org", "Jeugdhuis")
	worker := browser(t, browserOpts{width: 1280, height: 900})
	run(t, worker, chromedp.Navigate(e.srv.URL+"/login?lang=nl"),
		chromedp.SendKeys(chromedp.CSS("#email"), "mia@example.org"), chromedp.SendKeys(chromedp.CSS("#password"), pw),
		click("form.stack button"), visible(".staff-nav"),
		chromedp.Navigate(e.srv.URL+"/sessions/new"), visible("#region"))
	do(t, worker, `document.querySelector('input[name=survey][value=wellbeing]').click(); document.querySelector('#region').value='24062'; document.querySelector('input[name=ideas]').click()`)
	run(t, worker, click("form.stack button.primary"), visible(".big-code"))
	code := js[string](t, worker, `document.querySelector('.big-code').textContent`)
	sessURL := js[string](t, worker, `location.pathname`)

	child := browser(t, tablet)
	run(t, child, chromedp.Navigate(e.srv.URL+"/s/"+code))
	waitScreen(t, child, "languages")
	run(t, child, click(`.lang-button[lang=nl]`))
	waitScreen(t, child, "welcome")
	run(t, child, click(`[data-action=start]`))
	// Through the survey to the first idea screen; a reload there keeps
	// what was typed (sessionStorage), as on any question.
	for range 60 {
		if js[bool](t, child, `!!document.querySelector('.screen.current textarea[name="a.idea.change"]')`) {
			break
		}
		id := currentScreen(t, child)
		if id == "about" {
			run(t, child, click(`#about input[name=age][value="11"] + .word`))
		} else if !js[bool](t, child, `!!document.querySelector('#`+id+` textarea')`) {
			do(t, child, `document.querySelector('#`+id+` .answers:not(.extra) .answer').click()`)
		}
		run(t, child, click(".qbar [data-action=next]"))
	}
	idea := currentScreen(t, child)
	if q := js[string](t, child, `document.querySelector('.screen.current .qtext').textContent`); q != "Wat zou jij veranderen?" {
		t.Fatalf("first idea screen asks %q", q)
	}
	if !js[bool](t, child, `!!document.querySelector('.screen.current .no-names') && !document.querySelector('.tools').hidden`) {
		t.Fatal("the idea screen lacks the no-names warning or the read-aloud tools")
	}
	audit(t, child, "idea screen on a tablet")
	progress := js[string](t, child, `document.querySelector('.progress-text').textContent`)
	run(t, child, chromedp.SendKeys(chromedp.CSS("#"+idea+" textarea"), "Een groter voetbalveld, mail mij op tom@example.org"))
	run(t, child, chromedp.Reload())
	waitScreen(t, child, idea)
	if v := js[string](t, child, `document.querySelector('#`+idea+` textarea').value`); !strings.HasPrefix(v, "Een groter voetbalveld") {
		t.Fatalf("after a reload the idea reads %q", v)
	}
	if p := js[string](t, child, `document.querySelector('.progress-text').textContent`); p != progress {
		t.Fatalf("progress %q after reload, %q before", p, progress)
	}
	walkWithIdeas(t, child, "", "De speelplaats")
	run(t, child, click("[data-action=send]"))
	waitScreen(t, child, "thanks")

	var sess *store.Session
	sess, err := e.store.SessionByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	e.waitCount(sess.ID, 1)
	for i := 0; i < 4; i++ {
		e.client().postJSON("/api/v1/sessions/"+code+"/submissions", ideaJSON(i, fmt.Sprintf("Meer voetbal %d", i), "")).want(t, http.StatusCreated)
	}
	var masked int
	e.rawDB().QueryRow(`SELECT count(*) FROM ideas WHERE text = 'Een groter voetbalveld, mail mij op [***]'`).Scan(&masked)
	if masked != 1 {
		t.Fatal("the tablet's idea is not stored masked")
	}

	// The worker closes, reads and merges.
	closeAndPublish(t, e, worker, e.srv.URL+sessURL, 5)
	run(t, worker, click(`a[href$="/ideas"]`), visible(".ideas-page"))
	if n := js[int](t, worker, `document.querySelectorAll('input[name=idea]').length`); n != 6 {
		t.Fatalf("the worker sees %d ideas, want 6", n)
	}
	do(t, worker, `[...document.querySelectorAll('input[name=idea]')].filter(i=>/voetbal/i.test(i.parentElement.textContent)).forEach(i=>i.click())`)
	run(t, worker, chromedp.SendKeys(chromedp.CSS("#merge-title"), "Voetbal"), click("fieldset.merge button"), visible("section.topic"))
	audit(t, worker, "the worker's ideas page")
	if n := js[int](t, worker, `document.querySelectorAll('section.topic li').length`); n != 5 {
		t.Fatalf("the topic holds %d ideas, want 5", n)
	}
	run(t, worker, click(`form[action$="/votes/open"] button`), visible(`form[action$="/votes/close"]`))

	// A child votes on the tablet; four more over HTTP.
	run(t, child, chromedp.Navigate(e.srv.URL+"/s/"+code), visible("form.vote"))
	audit(t, child, "vote on a tablet")
	run(t, child, click(`form.vote .answer .word`), click(`form.vote button[type=submit]`), visible("#voted-title"))
	if s := js[string](t, child, `document.querySelector('main .lead').textContent`); s != "Je stem is geteld." {
		t.Fatalf("after voting the child reads %q", s)
	}
	for i := 0; i < 4; i++ {
		voteOverHTTP(t, e, code, "Voetbal")
	}
	run(t, worker, click(`form[action$="/votes/close"] button`), chromedp.WaitNotPresent(chromedp.CSS(`form[action$="/votes/close"]`)))
	topicAfterVote(t, worker, "Voetbal", 5)
}

// closeAndPublish closes the session in the worker's browser with the
// default grace period, lets it pass and publishes the group's results for
// n children: only then does the ideas page show the ideas.
func closeAndPublish(t *testing.T, e *env, worker context.Context, sessURL string, n int) {
	t.Helper()
	run(t, worker, chromedp.Navigate(sessURL), visible(".big-code"), click(`form[action$="/close"] button`), visible(`form[action$="/reopen"]`))
	e.clock.Add(11 * time.Minute)
	run(t, worker, chromedp.Navigate(sessURL), visible("#publish-expected"), chromedp.SendKeys(chromedp.CSS("#publish-expected"), fmt.Sprint(n)),
		click(`form[action$="/publish"] button`), chromedp.WaitNotPresent(chromedp.CSS("#publish-expected")),
		chromedp.Navigate(sessURL), visible(".big-code"))
}

// Without JavaScript the ideas step is part of the one long form, and the
// vote is a plain form too.
func TestBrowserIdeasWithoutJavaScript(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) { c.K = 5 })
	s, _ := e.catalog.Survey("wellbeing")
	sess := &store.Session{OrganisationID: e.org("Testclub"), SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash, AgeBand: "10-13",
		Lang: "nl", Setting: "school", Region: "gent", ClosesAt: e.clock.Now().Add(3 * time.Hour),
		ResultsUntil: e.clock.Now().Add(90 * 24 * time.Hour), Ideas: true}
	ctx := context.Background()
	if err := e.store.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	b := browser(t, browserOpts{width: 768, height: 1024, noJS: true})
	run(t, b, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code), visible(`textarea[name="a.idea.change"]`),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="a.idea.change"]`), "Bel 0470 12 34 56 voor een boomhut"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="a.idea.keep"]`), "De bib"),
		click(`[data-action=send]`), visible("#thanks-title"))
	e.waitCount(sess.ID, 1)
	run(t, b, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code+"?lang=ar"), visible(`textarea[name="a.idea.change"]`))
	audit(t, b, "the whole form with the ideas step, in Arabic, without JavaScript")
	var change, keep string
	e.rawDB().QueryRow(`SELECT text FROM ideas WHERE kind = 'change'`).Scan(&change)
	e.rawDB().QueryRow(`SELECT text FROM ideas WHERE kind = 'keep'`).Scan(&keep)
	if change != "Bel [***] voor een boomhut" || keep != "De bib" {
		t.Fatalf("stored ideas %q and %q", change, keep)
	}
	for i := 0; i < 4; i++ {
		e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", ideaJSON(i, "Boomhut", "")).want(t, http.StatusCreated)
	}
	if err := e.store.CloseSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	ideas, err := e.store.Ideas(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := store.ParseIdeaKey(ideas[0].Key)
	if _, err := e.store.MergeIdeas(ctx, sess.ID, [][]byte{key}, 0, "Een boomhut"); err != nil {
		t.Fatal(err)
	}
	if err := e.store.OpenVotes(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	// The audit ran with scripts on; the vote runs without them again.
	if _, err := chromedp.Call(b, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	run(t, b, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code), visible("form.vote"))
	run(t, b, click(`form.vote .answer .word`), click(`form.vote button[type=submit]`), visible("#voted-title"))
	audit(t, b, "vote thanks without JavaScript")
	if s := js[string](t, b, `document.querySelector('main .lead').textContent`); s != "Je stem is geteld." {
		t.Fatalf("after voting without JavaScript the child reads %q", s)
	}
	tally, err := e.store.TopicVotes(ctx, sess.ID)
	if err != nil || tally.Voters != 1 {
		t.Fatalf("voters = %d, %v; want 1", tally.Voters, err)
	}
}

// topicAfterVote checks a topic's heading on the worker's page after the
// vote closed: its votes as the gate releases them, within the noise of
// the true count, or no count at all when the perturbed voters fall under
// k.
func topicAfterVote(t *testing.T, worker context.Context, title string, votes int) {
	t.Helper()
	h := js[string](t, worker, `document.querySelector('section.topic h3').textContent`)
	if h == title {
		return // fewer than k perturbed voters: nothing shown
	}
	var n int
	if _, err := fmt.Sscanf(h, title+" · stemmen: %d", &n); err != nil || n < votes-release.PerturbMaxNoise || n > votes+release.PerturbMaxNoise {
		t.Fatalf("the topic reads %q after %d votes", h, votes)
	}
}
