package web_test

import (
	"html"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/locale"
)

// drafts are the child-facing draft languages whose files are present.
func drafts(t *testing.T, e *env) []locale.Lang {
	t.Helper()
	var out []locale.Lang
	for _, l := range e.locales.Offered() {
		if l.Draft() {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		t.Fatal("no draft language is shipped")
	}
	return out
}

// A draft language is the child's on purpose and marked for the worker:
// a child's page speaks it with its direction, voice tags and words; the session
// form, the session page and the child's language screen say "draft, not
// reviewed by a native speaker" beside it in the worker's language; a
// staff page asked for it answers in a full language.
func TestDraftLanguages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	worker := e.login("worker", "Testclub")
	note := e.locales.For("nl").T("lang.draft")
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	form := worker.get("/sessions/new")
	page := worker.get("/sessions/" + strconv.FormatInt(sess.ID, 10))
	grid := e.client().get("/s/" + sess.Code)
	for _, l := range drafts(t, e) {
		t.Run(l.Tag, func(t *testing.T) {
			marked := html.EscapeString(l.Name + " (" + note + ")")
			if !strings.Contains(form.body, `<option value="`+l.Tag+`">`+marked+`</option>`) {
				t.Errorf("the session form does not offer %s marked as a draft", l.Tag)
			}
			if !strings.Contains(page.body, `name="feedback_`+l.Tag+`"`) || !strings.Contains(page.body, marked) {
				t.Errorf("the session page has no marked feedback box for %s", l.Tag)
			}
			if !strings.Contains(grid.body, `hreflang="`+l.Tag+`"`) || !strings.Contains(grid.body, `<span class="lang-draft" lang="nl" dir="ltr">`+html.EscapeString(note)+`</span>`) {
				t.Errorf("the child's language screen does not offer %s with the note in the session's language", l.Tag)
			}

			child := e.client().get("/s/" + sess.Code + "?lang=" + l.Tag)
			decline := html.EscapeString(e.locales.For(l.Tag).T("child.decline"))
			if got := child.Header.Get("Content-Language"); got != l.Tag || !strings.Contains(child.body, `<html lang="`+l.Tag+`" dir="`+l.Dir+`" data-speech="`+l.SpeechTags()+`"`) ||
				!strings.Contains(child.body, `data-action="decline">`+decline+`</a>`) || decline == html.EscapeString(e.locales.For("nl").T("child.decline")) {
				t.Errorf("the child's page in %s: Content-Language %q, or its html element, voice tags or decline button are not the draft's", l.Tag, got)
			}
			if strings.Contains(child.body, "[child.") || strings.Contains(child.body, "[voice.") {
				t.Errorf("the child's page in %s shows a message id", l.Tag)
			}

			staff := worker.get("/sessions?lang=" + l.Tag)
			if got := staff.Header.Get("Content-Language"); got == l.Tag || staff.StatusCode != http.StatusOK {
				t.Errorf("a staff page asked for the draft %s answers %d in %q, want a full language", l.Tag, staff.StatusCode, got)
			}
		})
	}
}
