package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/web"
)

// closedSession creates a session as the worker would and closes it; it
// returns the session's id and code.
// With children given, that many questionnaires arrive first: a session
// takes no more votes or felt-heard faces than it has questionnaires.
func (c *client) closedSession(t *testing.T, children ...int) (string, string) {
	t.Helper()
	id := sessionIDFrom(t, c.createSession(t, nil))
	page := c.get("/sessions/" + id)
	code := regexpValue(t, page.body, `class="big-code"[^>]*>([A-Z0-9]{6})<`)
	for i := range append(children, 0)[0] {
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","answers":{}}`, uidFor("closed-"+code, i))
		c.e.client().postJSON("/api/v1/sessions/"+code+"/submissions", body).want(t, http.StatusCreated)
	}
	c.postForm("/sessions/"+id+"/close", url.Values{"csrf": {page.csrf(t)}, "grace": {"0"}}).want(t, http.StatusSeeOther)
	return id, code
}

// answerForm is a two-part answer in Dutch to the sessions given.
func answerForm(csrf string, sessions ...string) url.Values {
	return url.Values{"csrf": {csrf}, "lang": {"nl"}, "sessions": sessions,
		"part0_title": {"Speeltijd"}, "part0_you_said": {"Jullie willen meer speeltijd."}, "part0_we_will": {"De pauze wordt tien minuten langer."},
		"part0_who_decides": {"De directie, in juni."},
		"part1_title":       {"Skatepark"}, "part1_we_will_not": {"Geen skatepark: het plein is te klein."}, "part1_who_decides": {"De gemeenteraad, in 2027."}}
}

func (e *env) replyCount(t *testing.T) int {
	t.Helper()
	var n int
	if err := e.rawDB().QueryRow(`SELECT count(*) FROM replies`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A worker answers two groups at once; the answer is read under both
// codes only while public, in the child's language where it exists (else
// the original with a note), and outlives the 90 days of the results.
func TestAnswerReachesSeveralSessionsAndOutlivesResults(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Gemeente Gent")
	id1, code1 := w.closedSession(t)
	id2, code2 := w.closedSession(t)
	form := w.get("/answers/new?session=" + id1)
	form.want(t, http.StatusOK, `value="`+id1+`" checked`, `value="`+id2+`"`)
	r := w.postForm("/answers", answerForm(form.csrf(t), id1, id2))
	r.want(t, http.StatusSeeOther)
	loc := r.Header.Get("Location")
	answer := strings.TrimSuffix(loc, "?lang=nl")
	// Not public yet: the children still read the old feedback box.
	e.client().get("/s/"+code1).want(t, http.StatusOK, "Wat gaan de volwassenen doen?")
	if strings.Contains(e.client().get("/s/"+code1).body, "Skatepark") {
		t.Fatal("a draft answer is shown to children")
	}
	page := w.get(answer)
	page.want(t, http.StatusOK, "Speeltijd", "nog niet geschreven")
	w.get("/sessions/"+id2).want(t, http.StatusOK, `href="`+answer+`"`, "Niet openbaar")
	w.postForm(answer+"/public", url.Values{"csrf": {page.csrf(t)}, "public": {"1"}}).want(t, http.StatusSeeOther)
	e.client().get("/s/"+code1+"?lang=nl").want(t, http.StatusOK, "Wat de volwassenen zeggen", "De pauze wordt tien minuten langer.",
		"Wij doen het niet. Dit is waarom", "Geen skatepark", "Voel je je gehoord?", `name="token"`)
	e.client().get("/s/"+code2+"?lang=en").want(t, http.StatusOK, "Some of this is not in your language yet.", `lang="nl"`, "Speeltijd")
	// An English translation of the first part: English readers get it.
	en := url.Values{"csrf": {page.csrf(t)}, "lang": {"en"}, "sessions": {id1, id2}, "part0_title": {"Playtime"}, "part0_we_will": {"Break gets ten minutes longer."}}
	w.postForm(answer, en).want(t, http.StatusSeeOther)
	child := e.client().get("/s/" + code2 + "?lang=en")
	child.want(t, http.StatusOK, "Break gets ten minutes longer.", "Geen skatepark", "Some of this is not in your language yet.")
	w.get(answer+"?lang=en").want(t, http.StatusOK, "some parts missing", "Speeltijd")
	// 91 days on: the results are over, the answer is still there.
	e.clock.Add(91 * 24 * time.Hour)
	e.client().get("/s/"+code1+"?lang=nl").want(t, http.StatusOK, "De resultaten van de groep worden niet meer getoond", "De pauze wordt tien minuten langer.")
	// The worker logs in again (the old login has long expired) and
	// withdraws it: the code shows nothing any more.
	w = e.login("worker", "Gemeente Gent")
	page = w.get(answer)
	w.postForm(answer+"/public", url.Values{"csrf": {page.csrf(t)}, "public": {"0"}}).want(t, http.StatusSeeOther)
	e.client().get("/s/"+code1+"?lang=nl").want(t, http.StatusGone)
}

// Who may write and read answers: a worker their organisation's, an admin
// all; analysts none. A session of another organisation is refused (422)
// and nothing is written.
func TestAnswerAccessByRoleAndOrganisation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Gemeente Gent")
	id, _ := w.closedSession(t)
	other := e.login("worker", "Jeugdhuis Elders")
	otherID, _ := other.closedSession(t)
	page := w.get("/answers/new")
	w.postForm("/answers", answerForm(page.csrf(t), id, otherID)).want(t, http.StatusUnprocessableEntity, "Je kunt een van de gekozen groepen niet antwoorden.")
	if n := e.replyCount(t); n != 0 {
		t.Fatalf("%d answers stored after a refused form", n)
	}
	loc := w.postForm("/answers", answerForm(page.csrf(t), id)).Header.Get("Location")
	answer := strings.TrimSuffix(loc, "?lang=nl")
	other.get(answer).want(t, http.StatusNotFound)
	otherPage := other.get("/answers")
	otherPage.want(t, http.StatusOK)
	if strings.Contains(otherPage.body, "Speeltijd") {
		t.Fatal("another organisation lists the answer")
	}
	other.postForm(answer+"/public", url.Values{"csrf": {otherPage.csrf(t)}, "public": {"1"}}).want(t, http.StatusNotFound)
	e.login("analyst", "Gemeente Gent").get("/answers").want(t, http.StatusForbidden)
	e.login("admin", "Beheer").get(answer).want(t, http.StatusOK, "Speeltijd")
}

// Bad input: a 422 in the user's language, the form back with what was
// typed, and the stored answer unchanged.
func TestAnswerBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Gemeente Gent")
	id, _ := w.closedSession(t)
	page := w.get("/answers/new")
	csrf := page.csrf(t)
	loc := w.postForm("/answers", answerForm(csrf, id)).Header.Get("Location")
	answer := strings.TrimSuffix(loc, "?lang=nl")
	cases := []struct {
		name, field, value, message string
	}{
		{"text without a title", "part2_we_will", "Iets doen", "Een deel met tekst heeft een onderwerp nodig."},
		{"too long", "part0_you_said", strings.Repeat("a", 1001), "Deze tekst is te lang"},
		{"hidden direction mark", "part0_we_will", "Wij \u202egaan", ""},
		{"unknown theme", "part0_theme", "nope", "Kies een thema uit de lijst."},
		{"a topic that is not there", "part0_topic", "7", "Kies een onderwerp uit de lijst."},
		{"unknown language", "lang", "xx", "Kies een van de aangeboden talen."},
		{"no session", "sessions", "", "Kies minstens één groep voor dit antwoord."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := answerForm(csrf, id)
			f.Set(c.field, c.value)
			if c.field == "sessions" {
				f.Del("sessions")
			}
			r := w.postForm(answer, f)
			r.want(t, http.StatusUnprocessableEntity, c.message)
			got := w.get(answer)
			if !strings.Contains(got.body, "De pauze wordt tien minuten langer.") || strings.Contains(got.body, "Iets doen") {
				t.Fatal("a refused form changed the answer")
			}
		})
	}
	// Every part removed: refused, not an empty answer.
	f := answerForm(csrf, id)
	f.Set("part0_remove", "1")
	f.Set("part1_remove", "1")
	w.postForm(answer, f).want(t, http.StatusUnprocessableEntity, "Schrijf minstens één deel met een onderwerp.")
}

// Felt heard: one count per token, a reused token thanked but not
// counted, a forged one refused; the worker sees counts only after
// closing the rating and from k raters, perturbed like the analysts'
// (8 raters always reach k = 5, each count within 2, or 0 or 3 for one);
// after closing a late tap is not counted and no faces are offered.
func TestFeltHeardOncePerTokenAndShownFromK(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) { c.K = 5 })
	w := e.login("worker", "Gemeente Gent")
	id, code := w.closedSession(t, 10)
	page := w.get("/answers/new")
	loc := w.postForm("/answers", answerForm(page.csrf(t), id)).Header.Get("Location")
	answer := strings.TrimSuffix(loc, "?lang=nl")
	w.postForm(answer+"/public", url.Values{"csrf": {page.csrf(t)}, "public": {"1"}}).want(t, http.StatusSeeOther)
	vote := func(rating string) (url.Values, *response) {
		child := e.client().get("/s/" + code + "?lang=nl")
		f := url.Values{"token": {regexpValue(t, child.body, `name="token" value="([^"]+)"`)}, "reply": {regexpValue(t, child.body, `name="reply" value="([0-9]+)"`)}, "rating": {rating}}
		return f, e.client().postForm("/s/"+code+"/heard?lang=nl", f)
	}
	first, r := vote("yes")
	r.want(t, http.StatusSeeOther)
	if !strings.Contains(r.Header.Get("Location"), "heard=thanks") {
		t.Fatalf("after a tap: %s", r.Header.Get("Location"))
	}
	e.client().get(r.Header.Get("Location")).want(t, http.StatusOK, "Dank je wel! De volwassenen zien hoe de groep zich voelt.")
	e.client().postForm("/s/"+code+"/heard?lang=nl", first).want(t, http.StatusSeeOther) // the back button: no second count
	w.get(answer).want(t, http.StatusOK, "te zien na het sluiten")
	forged := url.Values{"token": {"AAAA" + first.Get("token")[4:]}, "reply": first["reply"], "rating": {"no"}}
	e.client().postForm("/s/"+code+"/heard?lang=nl", forged).want(t, http.StatusUnprocessableEntity, "Deze pagina is te oud.")
	bad := url.Values{"token": first["token"], "reply": first["reply"], "rating": {"maybe"}}
	e.client().postForm("/s/"+code+"/heard?lang=nl", bad).want(t, http.StatusUnprocessableEntity, "Tik op een van de drie gezichtjes.")
	for _, rating := range []string{"yes", "some", "no", "yes", "yes", "yes"} {
		_, r := vote(rating)
		r.want(t, http.StatusSeeOther)
	}
	live := w.get(answer)
	live.want(t, http.StatusOK, "te zien na het sluiten")
	if strings.Contains(live.body, "ja ") {
		t.Fatal("the counts are shown while children can still tap")
	}
	var tokens int
	e.rawDB().QueryRow(`SELECT count(*) FROM heard_tokens`).Scan(&tokens)
	if tokens != 7 {
		t.Fatalf("%d tokens kept, want 7", tokens)
	}
	// A token expires: half a day later the page asks to open the code again.
	stale, _ := vote("yes")
	e.clock.Add(13 * time.Hour)
	e.client().postForm("/s/"+code+"/heard?lang=nl", stale).want(t, http.StatusUnprocessableEntity, "Open je code opnieuw.")

	// The worker closes the rating: counts shown, a late tap refused in
	// the child's language and not counted, no faces offered, no reopening.
	child := e.client().get("/s/" + code + "?lang=nl") // a page opened before closing
	late := url.Values{"token": {regexpValue(t, child.body, `name="token" value="([^"]+)"`)}, "reply": first["reply"], "rating": {"no"}}
	w = e.login("worker", "Gemeente Gent") // half a day later
	page = w.get(answer)
	w.postForm(answer+"/heard/close", url.Values{"csrf": {page.csrf(t)}}).want(t, http.StatusSeeOther)
	// The stale page's tap counted when made: yes 6, a bit 1, no 1.
	closed := w.get(answer)
	closed.want(t, http.StatusOK, "Gesloten op")
	yes, some, no := heardShown(t, closed.body)
	if yes < 4 || yes > 8 || (some != 0 && some != 3) || (no != 0 && no != 3) {
		t.Fatalf("yes 6, a bit 1, no 1 shown as %d, %d, %d", yes, some, no)
	}
	e.client().postForm("/s/"+code+"/heard?lang=en", late).want(t, http.StatusGone, "This question is closed now. Thank you!")
	if y, s, n := heardShown(t, w.get(answer).body); y != yes || s != some || n != no {
		t.Fatalf("after a late tap the counts moved: %d %d %d, were %d %d %d", y, s, n, yes, some, no)
	}
	child = e.client().get("/s/" + code + "?lang=nl")
	child.want(t, http.StatusOK, "Deze vraag is nu dicht. Dank je wel!")
	if strings.Contains(child.body, `name="token"`) {
		t.Fatal("faces offered after closing")
	}
	w.postForm(answer+"/heard/close", url.Values{"csrf": {page.csrf(t)}}).want(t, http.StatusConflict, "is al gesloten")
	var audited int
	e.rawDB().QueryRow(`SELECT count(*) FROM audit WHERE action = 'answer_heard_close'`).Scan(&audited)
	if audited != 1 {
		t.Fatalf("%d audit rows for closing, want 1", audited)
	}
}

// heardShown reads the felt-heard counts on the worker's answer page.
func heardShown(t *testing.T, body string) (yes, some, no int) {
	t.Helper()
	m := regexp.MustCompile(`ja (\d+) · een beetje (\d+) · nee (\d+)`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no felt-heard counts on the page:\n%s", body)
	}
	yes, _ = strconv.Atoi(m[1])
	some, _ = strconv.Atoi(m[2])
	no, _ = strconv.Atoi(m[3])
	return yes, some, no
}
