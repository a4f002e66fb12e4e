package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"
)

// publish posts the worker's publish form for a session.
func (e *env) publish(t *testing.T, w *client, sessionID int64, expected int) *response {
	t.Helper()
	id := strconv.FormatInt(sessionID, 10)
	page := w.get("/sessions/" + id)
	return w.postForm("/sessions/"+id+"/publish", url.Values{"csrf": {page.csrf(t)}, "expected": {strconv.Itoa(expected)}})
}

var resultsList = regexp.MustCompile(`(?s)<ol class="results-list">.*?</ol>`)

// Padding: anyone holding the code sends 4 questionnaires with known
// answers, lifting a group of 6 over k. On a live results page that showed
// the 6 children's answers; now the worker said 6 took part, and 10
// questionnaires block publication, so nothing shows.
func TestAttackPadding(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	submit := func(i, bullied int) {
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","answers":{"bullied":%d}}`, uidFor("pad", i), bullied)
		e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
	}
	for i := 0; i < 6; i++ {
		submit(i, 5) // the real children
	}
	for i := 6; i < 10; i++ {
		submit(i, 1) // the attacker's, with known answers
	}
	e.store.CloseSession(t.Context(), sess.ID)
	admin := e.login("admin", "Testclub")
	e.publish(t, admin, sess.ID, 6).want(t, http.StatusUnprocessableEntity, "meer vragenlijsten dan kinderen")
	r := e.client().get("/s/" + sess.Code)
	r.want(t, http.StatusOK, "De resultaten zijn nog niet klaar.")
	if resultsList.MatchString(r.body) {
		t.Fatal("a padded group's results show")
	}
	// Within the margin (a child who started again) it publishes.
	e.publish(t, admin, sess.ID, 9).want(t, http.StatusSeeOther)
}

// Reopening: results at 10 children, reopen, one more child, close and
// publish again: refused, and the group keeps seeing exactly what was
// published; only k more children allow a new publication.
func TestAttackReopening(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	submit := func(i, bullied int) {
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","answers":{"bullied":%d,"life_satisfaction":%d}}`, uidFor("reopen", i), bullied, i%11)
		e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
	}
	for i := 0; i < 10; i++ {
		submit(i, 1+i%5)
	}
	e.store.CloseSession(t.Context(), sess.ID)
	admin := e.login("admin", "Testclub")
	e.publish(t, admin, sess.ID, 10).want(t, http.StatusSeeOther)
	before := resultsList.FindString(e.client().get("/s/" + sess.Code).body)
	if before == "" {
		t.Fatal("no results after publishing")
	}
	id := strconv.FormatInt(sess.ID, 10)
	page := admin.get("/sessions/" + id)
	admin.postForm("/sessions/"+id+"/reopen", url.Values{"csrf": {page.csrf(t)}}).want(t, http.StatusSeeOther)
	submit(10, 5)
	e.store.CloseSession(t.Context(), sess.ID)
	e.publish(t, admin, sess.ID, 11).want(t, http.StatusConflict, "al gepubliceerd")
	if after := resultsList.FindString(e.client().get("/s/" + sess.Code).body); after != before {
		t.Fatalf("the results changed after one more child:\n%s\n%s", before, after)
	}
	admin.postForm("/sessions/"+id+"/reopen", url.Values{"csrf": {page.csrf(t)}}).want(t, http.StatusSeeOther)
	for i := 11; i < 20; i++ {
		submit(i, 2)
	}
	e.store.CloseSession(t.Context(), sess.ID)
	e.publish(t, admin, sess.ID, 20).want(t, http.StatusSeeOther)
}
