package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// createSession fills the new-session form as a worker would.
func (c *client) createSession(t *testing.T, values url.Values) *response {
	t.Helper()
	page := c.get("/sessions/new")
	page.want(t, http.StatusOK)
	form := url.Values{"csrf": {page.csrf(t)}, "survey": {"wellbeing"}, "band": {"10-13"}, "lang": {"nl"}, "setting": {"school"},
		"region": {"gent"}, "label": {"klas 5B"}, "closes": {"2026-05-12T23:59"}}
	for k, v := range values {
		form[k] = v
	}
	return c.postForm("/sessions", form)
}

func sessionIDFrom(t *testing.T, r *response) string {
	t.Helper()
	loc := r.Header.Get("Location")
	id, ok := strings.CutPrefix(loc, "/sessions/")
	if r.StatusCode != http.StatusSeeOther || !ok {
		t.Fatalf("create session: %d %q\n%s", r.StatusCode, loc, r.body)
	}
	return id
}

func TestWorkerCreatesClosesAndReopensASession(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Jeugdhuis")
	id := sessionIDFrom(t, w.createSession(t, nil))
	page := w.get("/sessions/" + id)
	page.want(t, http.StatusOK, "klas 5B", `class="big-code"`, `<svg xmlns="http://www.w3.org/2000/svg" class="qr"`, "Ontvangen vragenlijsten:")
	code := regexpValue(t, page.body, `class="big-code"[^>]*>([A-Z0-9]{6})<`)
	// A child answers; the count says so, and only the count.
	e.client().postJSON("/api/v1/sessions/"+code+"/submissions", fmt.Sprintf(validJSON, uid(1), "nl")).want(t, http.StatusCreated)
	r := w.get("/sessions/" + id + "/count")
	r.want(t, http.StatusOK)
	var count struct {
		Count int  `json:"count"`
		Open  bool `json:"open"`
	}
	json.Unmarshal([]byte(r.body), &count)
	if count.Count != 1 || !count.Open || strings.Contains(r.body, "life_satisfaction") {
		t.Fatalf("count = %s", r.body)
	}
	w.get("/sessions").want(t, http.StatusOK, code, "klas 5B")
	qr := w.get("/sessions/" + id + "/qr.svg")
	qr.want(t, http.StatusOK, "<svg", "<path")
	if qr.Header.Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("QR content type %q", qr.Header.Get("Content-Type"))
	}
	// Close: children are turned away kindly; reopen: they are welcome again.
	w.postForm("/sessions/"+id+"/close", url.Values{"csrf": {page.csrf(t)}}).want(t, http.StatusSeeOther)
	e.client().postJSON("/api/v1/sessions/"+code+"/submissions", fmt.Sprintf(validJSON, uid(2), "nl")).want(t, http.StatusGone)
	w.postForm("/sessions/"+id+"/reopen", url.Values{"csrf": {page.csrf(t)}, "closes": {"2026-05-12T18:00"}}).want(t, http.StatusSeeOther)
	e.client().postJSON("/api/v1/sessions/"+code+"/submissions", fmt.Sprintf(validJSON, uid(2), "nl")).want(t, http.StatusCreated)
	log := auditActions(t, e)
	for _, want := range []string{"session_create", "session_close", "session_reopen"} {
		if !strings.Contains(log, want) {
			t.Errorf("audit log lacks %s: %s", want, log)
		}
	}
}

func auditActions(t *testing.T, e *env) string {
	t.Helper()
	rows, err := e.rawDB().Query(`SELECT action FROM audit ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		rows.Scan(&a)
		out = append(out, a)
	}
	return strings.Join(out, " ")
}

func TestSessionFormRejectsBadValues(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Jeugdhuis")
	for _, c := range []struct {
		field, value, message string
	}{
		{"survey", "nope", "Kies een vragenlijst."},
		{"band", "3-5", "Kies een leeftijd die bij deze vragenlijst past."},
		{"region", "atlantis", "Kies een gemeente of provincie."},
		{"setting", "prison", "Kies waar de sessie plaatsvindt."},
		{"closes", "2020-01-01T10:00", "Kies een sluitingstijd"},
		{"closes", "morgen", "Kies een sluitingstijd"},
		{"label", strings.Repeat("x", 101), "hoogstens 100 tekens"},
	} {
		r := w.createSession(t, url.Values{c.field: {c.value}})
		r.want(t, http.StatusUnprocessableEntity, c.message)
	}
	sessions, _ := e.store.AllSessions(t.Context())
	if len(sessions) != 0 {
		t.Fatalf("%d sessions made from bad forms", len(sessions))
	}
}

// A worker sees only their organisation's sessions; another's id is "not
// found", not "forbidden", so ids cannot even be confirmed.
func TestWorkersSeeOnlyTheirOrganisation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mine := e.login("worker", "Jeugdhuis A")
	other := e.login("worker", "School B")
	id := sessionIDFrom(t, mine.createSession(t, nil))
	for _, path := range []string{"/sessions/" + id, "/sessions/" + id + "/count", "/sessions/" + id + "/qr.svg", "/sessions/" + id + "/results"} {
		other.get(path).want(t, http.StatusNotFound)
	}
	page := other.get("/sessions")
	if strings.Contains(page.body, "klas 5B") {
		t.Fatal("another organisation's session is listed")
	}
	other.postForm("/sessions/"+id+"/close", url.Values{"csrf": {page.csrf(t)}}).want(t, http.StatusNotFound)
	admin := e.login("admin", "Stad")
	admin.get("/sessions/"+id).want(t, http.StatusOK)
}

func TestRolesKeepToTheirWork(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	analyst := e.login("analyst", "Stad")
	analyst.get("/sessions").want(t, http.StatusForbidden)
	analyst.get("/sessions/new").want(t, http.StatusForbidden)
	e.client().get("/sessions").want(t, http.StatusSeeOther)
}

// Under k children, the group page shows nothing but the reason; at k it
// shows the shares; children see it, with the adults' answer, at the code.
func TestGroupResultsAndFeedback(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Jeugdhuis")
	id := sessionIDFrom(t, w.createSession(t, nil))
	page := w.get("/sessions/" + id)
	code := regexpValue(t, page.body, `class="big-code"[^>]*>([A-Z0-9]{6})<`)
	post := func(i, life int) {
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","answers":{"life_satisfaction":%d,"felt_happy":5}}`, uid(i), life)
		e.client().postJSON("/api/v1/sessions/"+code+"/submissions", body).want(t, http.StatusCreated)
	}
	for i := 0; i < 9; i++ {
		post(i, 9)
	}
	// Nothing shows before the worker publishes, and 9 cannot be published.
	w.get("/sessions/"+id+"/results").want(t, http.StatusOK, "De resultaten zijn nog niet klaar.")
	w.postForm("/sessions/"+id+"/close", url.Values{"csrf": {page.csrf(t)}}).want(t, http.StatusSeeOther)
	w.postForm("/sessions/"+id+"/publish", url.Values{"csrf": {page.csrf(t)}, "expected": {"10"}}).want(t, http.StatusConflict, "niet genoeg antwoorden om resultaten te tonen")
	w.postForm("/sessions/"+id+"/reopen", url.Values{"csrf": {page.csrf(t)}}).want(t, http.StatusSeeOther)
	post(9, 2)
	w.postForm("/sessions/"+id+"/close", url.Values{"csrf": {page.csrf(t)}}).want(t, http.StatusSeeOther)
	w.postForm("/sessions/"+id+"/publish", url.Values{"csrf": {page.csrf(t)}, "expected": {"10"}}).want(t, http.StatusSeeOther)
	r := w.get("/sessions/" + id + "/results")
	r.want(t, http.StatusOK, " op de 10 kinderen")
	if !regexp.MustCompile(`(Ongeveer|Minder dan|Meer dan) [1-9] op de 10 kinderen kozen:`).MatchString(r.body) {
		t.Fatal("no share of the group on its results page")
	}
	if strings.Contains(r.body, "niet genoeg antwoorden om resultaten") {
		t.Fatal("ten children and still hidden")
	}
	// "You said, we did": written in two languages, read at the code.
	w.postForm("/sessions/"+id+"/feedback", url.Values{"csrf": {page.csrf(t)}, "feedback_nl": {"We kopen nieuwe ballen."}, "feedback_en": {"We will buy new balls."}}).want(t, http.StatusSeeOther)
	child := e.client()
	// Nine of ten chose 8, 9 or 10: in a group this small the top end
	// reads "more than 7 in 10", which is true of nine and of ten.
	child.get("/s/"+code).want(t, http.StatusOK, "Wat zei jullie groep?", "We kopen nieuwe ballen.", "Meer dan 7 op de 10 kinderen")
	child.get("/s/"+code+"?lang=en").want(t, http.StatusOK, "We will buy new balls.")
	child.get("/s/"+code+"?lang=fr").want(t, http.StatusOK, "We kopen nieuwe ballen.") // no French: the session's language
	// After the results period, the code shows that the questionnaire closed.
	e.clock.Add(91 * 24 * time.Hour)
	child.get("/s/"+code).want(t, http.StatusGone)
}

// Feedback in several languages is stored whole or not at all: one that
// is too long leaves the others as they were.
func TestFeedbackIsStoredWholeOrNotAtAll(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Jeugdhuis")
	id := sessionIDFrom(t, w.createSession(t, nil))
	page := w.get("/sessions/" + id)
	form := url.Values{"csrf": {page.csrf(t)}, "feedback_nl": {"We kopen nieuwe ballen."}, "feedback_uk": {strings.Repeat("м", 4001)}}
	if r := w.postForm("/sessions/"+id+"/feedback", form); r.StatusCode < 400 || r.StatusCode >= 500 {
		t.Fatalf("too long feedback: status %d, want 4xx", r.StatusCode)
	}
	sid, _ := strconv.ParseInt(id, 10, 64)
	if got, err := e.store.Feedback(t.Context(), sid); err != nil || len(got) != 0 {
		t.Fatalf("after a refused form the session has feedback %q (%v), want none", got, err)
	}
}

// Free text never reaches the group page.
func TestGroupResultsNeverShowFreeText(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	for i := 0; i < 12; i++ {
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","answers":{"life_satisfaction":7,"anything_else":"geheim-%d"}}`, uid(i), i)
		e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
	}
	e.store.CloseSession(t.Context(), sess.ID)
	e.publish(t, e.login("admin", "Testclub"), sess.ID, 12).want(t, http.StatusSeeOther)
	r := e.client().get("/s/" + sess.Code)
	r.want(t, http.StatusOK, "Wat zei jullie groep?", "op de 10 kinderen")
	if strings.Contains(r.body, "geheim") {
		t.Fatal("free text on the group page")
	}
}
