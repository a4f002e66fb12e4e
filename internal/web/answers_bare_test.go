package web_test

import (
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// An answer part with only a subject cannot reach the children: the
// worker is told which part and why, in their language, and in the
// language where the part is bare; the answer stays as it was. Children
// never read a heading with nothing under it over "Do you feel heard?".
func TestBareAnswerPartIsNotPublished(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Gemeente Gent")
	id, code := w.closedSession(t)
	page := w.get("/answers/new")
	csrf := page.csrf(t)
	bare := url.Values{"csrf": {csrf}, "lang": {"nl"}, "sessions": {id}, "part0_title": {"Speeltijd"}}
	answer := strings.TrimSuffix(w.postForm("/answers", bare).Header.Get("Location"), "?lang=nl")
	if answer == "" {
		t.Fatal("a draft with only a subject could not be saved")
	}
	publish := func() *response {
		return w.postForm(answer+"/public", url.Values{"csrf": {csrf}, "public": {"1"}})
	}
	publish().want(t, http.StatusUnprocessableEntity, "Deel 1 heeft in deze taal alleen een onderwerp.", `aria-invalid="true"`)
	child := e.client().get("/s/" + code)
	if strings.Contains(child.body, "Speeltijd") || strings.Contains(child.body, "Voel je je gehoord?") {
		t.Fatal("children read a bare subject")
	}

	// Written out in Dutch, bare in English: refused, and the form opens
	// in English.
	full := url.Values{"csrf": {csrf}, "lang": {"nl"}, "sessions": {id}, "part0_title": {"Speeltijd"}, "part0_we_will": {"De pauze wordt langer."}}
	w.postForm(answer, full).want(t, http.StatusSeeOther)
	en := url.Values{"csrf": {csrf}, "lang": {"en"}, "sessions": {id}, "part0_title": {"Playtime"}}
	w.postForm(answer, en).want(t, http.StatusSeeOther)
	r := publish()
	r.want(t, http.StatusUnprocessableEntity, `<input type="hidden" name="lang" value="en">`)
	if !strings.Contains(r.body, "Deel 1 heeft in deze taal alleen een onderwerp.") {
		t.Fatal("the worker is not told in their own language")
	}

	// Written out in English too: public. Then a change that would leave a
	// part bare is refused and changes nothing.
	en.Set("part0_we_will", "Break gets longer.")
	w.postForm(answer, en).want(t, http.StatusSeeOther)
	publish().want(t, http.StatusSeeOther)
	e.client().get("/s/"+code).want(t, http.StatusOK, "Speeltijd", "De pauze wordt langer.", "Voel je je gehoord?")
	en.Set("part0_we_will", "")
	w.postForm(answer, en).want(t, http.StatusUnprocessableEntity, "Deel 1 heeft in deze taal alleen een onderwerp.")
	e.client().get("/s/"+code+"?lang=en").want(t, http.StatusOK, "Playtime", "Break gets longer.")
}

// An answer made public before bare parts were refused: children read the
// parts that say something, and with none left, no answer and no faces.
func TestBarePartsMadePublicEarlierAreNotShown(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Gemeente Gent")
	id, code := w.closedSession(t)
	w.publicAnswer(t, id)
	// As an older version left it: written past the store.
	db, err := sql.Open("sqlite3", "file:"+e.path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE reply_part_texts SET you_said = '', we_will = '', we_will_not = '', who_decides = '' WHERE title = 'Skatepark'`); err != nil {
		t.Fatal(err)
	}
	page := e.client().get("/s/" + code)
	page.want(t, http.StatusOK, "Speeltijd", "Voel je je gehoord?")
	if strings.Contains(page.body, "Skatepark") {
		t.Fatal("a bare part is shown to children")
	}
	if _, err := db.Exec(`UPDATE reply_part_texts SET you_said = '', we_will = '', we_will_not = '', who_decides = ''`); err != nil {
		t.Fatal(err)
	}
	page = e.client().get("/s/" + code)
	if strings.Contains(page.body, "Speeltijd") || strings.Contains(page.body, "Voel je je gehoord?") {
		t.Fatal("an answer with nothing to read is shown, with the faces under it")
	}
}
