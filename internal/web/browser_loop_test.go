//go:build browser

package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinderstem/kinderstem/internal/web"
)

// The whole participation loop, as its people walk it: children
// give ideas on a tablet, the youth worker merges them into a topic and
// lets the group vote, answers the topic in parts ("you said", "we will",
// "we will not, because", "who decides and when") and makes the answer
// public; another child opens the same code, reads the answer and says in
// one tap whether they feel heard; the analyst's process indicators count
// the topic as answered with a "we will".
func TestBrowserParticipationLoop(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("browser test")
	}
	e := newEnvWith(t, func(c *web.Config) { c.K = 5 })
	sess := e.openSession("wellbeing", "10-13", "nl", "school", withIdeas)
	code := sess.Code

	// 1. Children give their ideas: one on the tablet, four more sent by
	// their own tablets' queues.
	child := browser(t, tablet)
	run(t, child, chromedp.Navigate(e.srv.URL+"/s/"+code))
	waitScreen(t, child, "languages")
	run(t, child, click(`.lang-button[lang=nl]`))
	waitScreen(t, child, "welcome")
	run(t, child, click(`[data-action=start]`))
	walkWithIdeas(t, child, "Een groter voetbalveld", "De speelplaats")
	run(t, child, click("[data-action=send]"))
	waitScreen(t, child, "thanks")
	e.waitCount(sess.ID, 1)
	for i := 0; i < 4; i++ {
		e.client().postJSON("/api/v1/sessions/"+code+"/submissions", ideaJSON(i, fmt.Sprintf("Meer voetbal %d", i), "")).want(t, http.StatusCreated)
	}

	// 2. The worker closes the session, merges the football ideas into a
	// topic and lets the group vote on it.
	pw := e.addUser("worker", "sam@example.org", "Testclub")
	worker := browser(t, browserOpts{width: 1280, height: 900})
	sessURL := fmt.Sprintf("%s/sessions/%d", e.srv.URL, sess.ID)
	run(t, worker, chromedp.Navigate(e.srv.URL+"/login?lang=nl"),
		chromedp.SendKeys(chromedp.CSS("#email"), "sam@example.org"), chromedp.SendKeys(chromedp.CSS("#password"), pw),
		click("form.stack button"), visible(".staff-nav"),
		chromedp.Navigate(sessURL), visible(".big-code"))
	closeAndPublish(t, e, worker, sessURL, 5)
	run(t, worker, click(`a[href$="/ideas"]`), visible(".ideas-page"))
	do(t, worker, `[...document.querySelectorAll('input[name=idea]')].filter(i=>/voetbal/i.test(i.parentElement.textContent)).forEach(i=>i.click())`)
	run(t, worker, chromedp.SendKeys(chromedp.CSS("#merge-title"), "Voetbal"), click("fieldset.merge button"), visible("section.topic"),
		click(`form[action$="/votes/open"] button`), visible(`form[action$="/votes/close"]`))
	run(t, child, chromedp.Navigate(e.srv.URL+"/s/"+code), visible("form.vote"),
		click(`form.vote .answer .word`), click(`form.vote button[type=submit]`), visible("#voted-title"))
	for i := 0; i < 4; i++ {
		voteOverHTTP(t, e, code, "Voetbal")
	}
	run(t, worker, click(`form[action$="/votes/close"] button`), chromedp.WaitNotPresent(chromedp.CSS(`form[action$="/votes/close"]`)))
	topicAfterVote(t, worker, "Voetbal", 5)

	// 3. The worker answers the topic in parts and makes the answer public.
	run(t, worker, chromedp.Navigate(sessURL), click(`a[href^="/answers/new?session="]`), visible("#part0_title"))
	if !js[bool](t, worker, `[...document.querySelectorAll('#part0_topic option')].some(o => o.textContent === 'Voetbal')`) {
		t.Fatal("the answer form does not offer the children's topic")
	}
	do(t, worker, `const s = document.querySelector('#part0_topic'); s.value = [...s.options].find(o => o.textContent === 'Voetbal').value`)
	run(t, worker,
		chromedp.SendKeys(chromedp.CSS("#part0_title"), "Voetbal"),
		chromedp.SendKeys(chromedp.CSS("#part0_you_said"), "Jullie willen een groter voetbalveld."),
		chromedp.SendKeys(chromedp.CSS("#part0_we_will"), "We schilderen een tweede veld op de speelplaats."),
		chromedp.SendKeys(chromedp.CSS("#part0_we_will_not"), "Een echt grasveld lukt niet: daar is geen plaats voor."),
		chromedp.SendKeys(chromedp.CSS("#part0_who_decides"), "De directie, in juni."),
		click("form.stack.wide button.primary"), visible("#status-title"),
		click(`form[action$="/public"] button.primary`), chromedp.WaitReady(`form[action$="/public"] input[value="0"]`))

	// 4. Another child opens the code, reads the answer and taps a face.
	other := browser(t, tablet)
	run(t, other, chromedp.Navigate(e.srv.URL+"/s/"+code+"?lang=nl"), visible(".reply-part"))
	answer := js[string](t, other, `document.querySelector('.reply-part').innerText`)
	for _, want := range []string{"Voetbal", "We schilderen een tweede veld", "Een echt grasveld lukt niet", "De directie, in juni."} {
		if !strings.Contains(answer, want) {
			t.Fatalf("the child reads %q, without %q", answer, want)
		}
	}
	audit(t, other, "the adults' answer under the code")
	run(t, other, click(`.heard-face[value=yes]`), visible("#heard-title[role=status]"))
	if n := e.heardCount(t, "yes"); n != 1 {
		t.Fatalf("%d taps counted, want 1", n)
	}

	// 5. The analyst sees the loop closed: one topic, answered with a
	// "we will"; the one rating stays hidden under k.
	analyst := e.login("analyst", "Stad")
	r := analyst.get("/api/v1/process")
	r.want(t, http.StatusOK)
	var got struct {
		Groups []struct {
			Answered     int      `json:"answered"`
			Topics       int      `json:"topics"`
			TopicsWeWill int      `json:"topics_we_will"`
			HeardShare   *float64 `json:"heard_share"`
			Suppressed   bool     `json:"heard_suppressed"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Groups) != 1 || got.Groups[0].Answered != 1 || got.Groups[0].Topics != 1 || got.Groups[0].TopicsWeWill != 1 ||
		!got.Groups[0].Suppressed || got.Groups[0].HeardShare != nil {
		t.Fatalf("process indicators: %s", r.body)
	}
}
