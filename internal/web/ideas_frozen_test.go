package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Review s21, finding 1: 10 children sent ideas, the worker closed with the
// default 10 minutes' grace and published. While a child on the last screen
// can still send, the ideas page shows no idea; the late child's idea only
// ever appears together with the others, at the first showing. After that
// showing the session cannot be reopened, so no idea can come after the
// worker has seen the set.
func TestIdeasShownOnceAfterTheLastAnswers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Jeugdhuis")
	id, code, csrf := ideasSession(t, w)
	base := "/sessions/" + id
	for i := 0; i < 10; i++ {
		e.client().postJSON("/api/v1/sessions/"+code+"/submissions", ideaJSON(i, fmt.Sprintf("Idee %02d", i), "skip")).want(t, http.StatusCreated)
	}
	w.postForm(base+"/close", url.Values{"csrf": {csrf}, "grace": {"10"}}).want(t, http.StatusSeeOther)
	publishFor(t, e, w, id, 10)
	grace := w.get(base + "/ideas")
	if strings.Contains(grace.body, "Idee 0") || len(ideaKeys(t, grace.body)) != 0 {
		t.Fatal("the ideas page shows ideas while a late child can still send")
	}
	grace.want(t, http.StatusOK, "zodra de laatste kinderen hun antwoorden hebben verstuurd")
	w.postForm(base+"/ideas/merge", url.Values{"csrf": {csrf}, "idea": {strings.Repeat("ab", 16)}, "title": {"X"}}).
		want(t, http.StatusConflict, "zodra de laatste kinderen")
	w.postForm(base+"/votes/open", url.Values{"csrf": {csrf}}).want(t, http.StatusConflict)
	// The child on the last screen taps Send within the grace period.
	e.clock.Add(5 * time.Minute)
	e.client().postJSON("/api/v1/sessions/"+code+"/submissions", ideaJSON(10, "Het late idee", "skip")).want(t, http.StatusCreated)
	if n := len(ideaKeys(t, w.get(base+"/ideas").body)); n != 0 {
		t.Fatalf("%d ideas shown during the grace period", n)
	}
	e.clock.Add(6 * time.Minute)
	first := w.get(base + "/ideas")
	first.want(t, http.StatusOK, "Het late idee", "Idee 00")
	if n := len(ideaKeys(t, first.body)); n != 11 {
		t.Fatalf("%d ideas at the first showing, want all 11", n)
	}
	// Seen: reopening is refused, in the worker's language, and changes nothing.
	w.postForm(base+"/reopen", url.Values{"csrf": {csrf}, "closes": {"2026-05-12T18:00"}}).
		want(t, http.StatusConflict, "Je hebt de ideeën van deze sessie al gezien.")
	var closed string
	e.rawDB().QueryRow(`SELECT coalesce(closed_at, '') FROM sessions WHERE id = ?`, id).Scan(&closed)
	if closed == "" {
		t.Fatal("a refused reopen left the session open")
	}
	if late := e.client().postJSON("/api/v1/sessions/"+code+"/submissions", ideaJSON(11, "Nog later", "skip")); late.StatusCode == http.StatusCreated {
		t.Fatal("a closed session whose ideas were shown took another submission")
	}
	again := w.get(base + "/ideas")
	if n := len(ideaKeys(t, again.body)); n != 11 || strings.Contains(again.body, "Nog later") {
		t.Fatalf("%d ideas after the first showing, want the same 11", n)
	}
	var ideas int
	e.rawDB().QueryRow(`SELECT count(*) FROM ideas`).Scan(&ideas)
	if ideas != 11 {
		t.Fatalf("%d ideas stored, want 11", ideas)
	}
}

// Review s21, finding 6: the ideas are shown only after the worker
// published the group's results for the children who took part, and not
// when more questionnaires came than publishing allows (paddingMargin).
func TestIdeasNeedPublishedResults(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name           string
		real, padded   int
		expected, late int // children the worker publishes for; sent in the grace period after
		want           string
		shown          int
	}{
		{"two real children and eight padded", 2, 8, 0, 0, "Publiceer eerst de resultaten van de groep.", 0},
		{"publishing refused for 2 expected", 2, 8, 2, 0, "Publiceer eerst de resultaten van de groep.", 0},
		{"ten children, published", 10, 0, 10, 0, "Idee 00", 10},
		{"within the margin after publishing", 10, 0, 10, 2, "Idee 00", 12},
		{"beyond the margin after publishing", 10, 0, 10, 3, "meer vragenlijsten dan kinderen", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			w := e.login("worker", "Jeugdhuis")
			id, code, csrf := ideasSession(t, w)
			base := "/sessions/" + id
			for i := 0; i < tc.real+tc.padded; i++ {
				e.client().postJSON("/api/v1/sessions/"+code+"/submissions", ideaJSON(i, fmt.Sprintf("Idee %02d", i), "skip")).want(t, http.StatusCreated)
			}
			w.postForm(base+"/close", url.Values{"csrf": {csrf}, "grace": {"10"}}).want(t, http.StatusSeeOther)
			if tc.expected > 0 {
				status := http.StatusSeeOther
				if tc.real+tc.padded > tc.expected+2 {
					status = http.StatusUnprocessableEntity
				}
				sid := int64(0)
				fmt.Sscan(id, &sid)
				e.publish(t, w, sid, tc.expected).want(t, status)
			}
			for i := 0; i < tc.late; i++ {
				e.client().postJSON("/api/v1/sessions/"+code+"/submissions", ideaJSON(50+i, fmt.Sprintf("Laat %d", i), "skip")).want(t, http.StatusCreated)
			}
			e.clock.Add(11 * time.Minute)
			page := w.get(base + "/ideas")
			page.want(t, http.StatusOK, tc.want)
			if n := len(ideaKeys(t, page.body)); n != tc.shown {
				t.Fatalf("%d ideas shown, want %d", n, tc.shown)
			}
			if tc.shown == 0 {
				w.postForm(base+"/votes/open", url.Values{"csrf": {csrf}}).want(t, http.StatusConflict)
				var shown int
				e.rawDB().QueryRow(`SELECT shown FROM idea_rounds`).Scan(&shown)
				if shown != 0 {
					t.Fatal("ideas marked shown though none were shown")
				}
			}
		})
	}
}
