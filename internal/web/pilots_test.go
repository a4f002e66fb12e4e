package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web"
)

// A pilot: a worker runs an approved draft with a group; children answer
// as usual and tap "I don't understand" on a question; nothing they
// answer is stored; the author learns nothing while the pilot runs, then
// only bands of perturbed counts, through the release gate.
func TestPilotWithChildren(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) { c.K = 5 })
	author, second := e.login("admin", "Stad"), e.login("admin", "Stad")
	draft := e.importForm(author, exampleForm(t))
	worker := e.login("worker", "Testclub")
	form := worker.get("/sessions/new")
	if strings.Contains(form.body, "pilot:") {
		t.Fatal("a draft nobody approved is offered for a pilot")
	}
	e.review(second, draft, true)
	form = worker.get("/sessions/new")
	form.want(t, http.StatusOK, fmt.Sprintf(`value="pilot:%d"`, draft))
	r := worker.postForm("/sessions", url.Values{"csrf": {form.csrf(t)}, "survey": {fmt.Sprintf("pilot:%d", draft)}, "band": {"10-13"}, "lang": {"nl"},
		"setting": {"school"}, "region": {"44021"}, "closes": {"2026-05-12T23:59"}})
	r.want(t, http.StatusSeeOther)
	page := worker.get(r.Header.Get("Location"))
	page.want(t, http.StatusOK, "Dit is een pilot", `data-count-url`)
	code := regexpValue(t, page.body, `class="big-code"[^>]*>([A-Z0-9]{6})<`)
	e.client().get("/s/"+code).want(t, http.StatusOK, `name="u.place_kind"`, "Ik begrijp deze vraag niet")
	// A pilot shows the group no results, so it takes no adults' answer.
	other := e.openSession("wellbeing", "10-13", "nl", "school")
	if body := worker.get("/answers/new").body; strings.Contains(body, code) || !strings.Contains(body, other.Code) {
		t.Fatal("the adults' answer form offers the pilot, or not the group's session")
	}
	// Eight children by form, one more by the offline queue (twice).
	for i := range 8 {
		f := url.Values{"id": {uid(200 + i)}, "lang": {"nl"}, "a.play_outside": {"4"}, "a.has_place": {"1"}, "u.place_kind": {"1"}}
		if i < 2 {
			f.Set("a.place_kind", "1")
		}
		e.client().postForm("/s/"+code, f).want(t, http.StatusSeeOther)
	}
	body := fmt.Sprintf(`{"id":"%s","lang":"nl","answers":{"has_place":1},"unclear":["place_kind","nonsense"]}`, uid(300))
	e.client().postJSON("/api/v1/sessions/"+code+"/submissions", body).want(t, http.StatusCreated)
	e.client().postJSON("/api/v1/sessions/"+code+"/submissions", body).want(t, http.StatusOK)
	worker.get(r.Header.Get("Location")+"/count").want(t, http.StatusOK, `"count":9`)
	var stored int
	e.rawDB().QueryRow(`SELECT (SELECT count(*) FROM submissions) + (SELECT count(*) FROM answers) + (SELECT count(*) FROM texts)`).Scan(&stored)
	if stored != 0 {
		t.Fatalf("a pilot stored %d rows of answers", stored)
	}
	drafts := fmt.Sprintf("/surveys/drafts/%d", draft)
	// While it runs, nothing is shown.
	if body := author.get(drafts).body; strings.Contains(body, `class="pilot-table"`) {
		t.Fatal("the pilot's report shows while the pilot runs")
	}
	worker.get(r.Header.Get("Location")+"/results").want(t, http.StatusConflict)
	worker.postForm(r.Header.Get("Location")+"/close", url.Values{"csrf": {page.csrf(t)}}).want(t, http.StatusSeeOther)
	rep := author.get(drafts)
	// Nine children, perturbed by at most two, are always at least k = 5.
	rep.want(t, http.StatusOK, `class="pilot-table"`, "kinderen deden mee")
	row := regexpValue(t, rep.body, `(?s)<tr data-item="place_kind">(.*?)</tr>`)
	if !strings.Contains(row, `band-many`) || strings.Contains(row, ">9<") {
		t.Fatalf("place_kind's row: %s", row)
	}
	if other := regexpValue(t, rep.body, `(?s)<tr data-item="play_outside">(.*?)</tr>`); !strings.Contains(other, "band-none") {
		t.Fatalf("play_outside's row: %s", other)
	}
	// The code no longer takes children.
	e.client().postForm("/s/"+code, url.Values{"id": {uid(400)}, "lang": {"nl"}}).want(t, http.StatusGone)
	// The author fixes the question: the new revision has no pilot yet, and
	// the report of the one before stays, with the words the children saw.
	e.importForm(author, exampleForm(t, "survey!C6", "Waar speel je dan?"))
	rep = author.get(drafts)
	rep.want(t, http.StatusOK, `class="earlier-pilots"`, `data-revision="1"`, "Wat voor plek is het?")
	if strings.Contains(rep.body, `data-revision="2"`) {
		t.Fatal("the new revision shows a pilot it never had")
	}
	row = regexpValue(t, rep.body, `(?s)<table class="pilot-table" data-revision="1">.*?<tr data-item="place_kind">(.*?)</tr>`)
	if !strings.Contains(row, `band-many`) || !strings.Contains(row, "Wat voor plek is het?") {
		t.Fatalf("place_kind's row of revision 1: %s", row)
	}
}

// Fewer than k children in a closed pilot: the author learns nothing.
func TestPilotBelowK(t *testing.T) {
	t.Parallel()
	e := newEnv(t) // k = 10
	author, second := e.login("admin", "Stad"), e.login("admin", "Stad")
	draft := e.importForm(author, exampleForm(t))
	e.review(second, draft, true)
	d, _ := e.store.DraftByID(context.Background(), draft)
	sess := &store.Session{OrganisationID: e.org("Testclub"), SurveyID: "play", SurveyHash: "x", AgeBand: "10-13", Lang: "nl", Setting: "school",
		Region: "gent", ClosesAt: e.clock.Now().Add(time.Hour), ResultsUntil: e.clock.Now().Add(time.Hour)}
	if err := e.store.CreatePilot(context.Background(), sess, draft, d.Revision); err != nil {
		t.Fatal(err)
	}
	for i := range 9 {
		e.client().postForm("/s/"+sess.Code, url.Values{"id": {uid(i)}, "lang": {"nl"}, "u.place_kind": {"1"}}).want(t, http.StatusSeeOther)
	}
	e.store.CloseSession(context.Background(), sess.ID)
	rep := author.get(fmt.Sprintf("/surveys/drafts/%d", draft))
	rep.want(t, http.StatusOK, "Er wordt niets getoond")
	if strings.Contains(rep.body, `class="pilot-table"`) || strings.Contains(rep.body, "9 kinderen") {
		t.Fatal("a pilot of 9 children with k = 10 showed something")
	}
}
