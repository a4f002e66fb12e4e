package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The printed questionnaire has the session code and every question the
// session asks, in the sheet's language and writing direction, with a
// box per answer.
func TestPaperSheetHasEveryQuestionAndTheCode(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("best_interests", "10-13", "nl", "asylum_reception")
	w := e.login("worker", "Testclub")
	for _, lang := range []string{"en", "ar"} {
		r := w.get(fmt.Sprintf("/sessions/%d/paper?sheet=%s&lang=en", sess.ID, lang))
		r.want(t, http.StatusOK, `class="session-code">`+sess.Code+`<`)
		l := e.locales.For(lang)
		s, _ := e.catalog.Survey("best_interests")
		band, _ := s.Band("10-13")
		for _, it := range s.Items() {
			in := strings.Contains(r.body, `data-item="`+it.ID+`"`)
			if in != it.ShownIn("asylum_reception") {
				t.Errorf("%s: item %s on the sheet = %v", lang, it.ID, in)
			}
			if in && !strings.Contains(r.body, html.EscapeString(l.T(it.TextFor(band)))) {
				t.Errorf("%s: the sheet lacks the text of %s", lang, it.ID)
			}
		}
		if lang == "ar" && !strings.Contains(r.body, `lang="ar" dir="rtl"`) {
			t.Error("the Arabic sheet is not right to left")
		}
	}
	other := e.login("worker", "Andere club")
	other.get(fmt.Sprintf("/sessions/%d/paper", sess.ID)).want(t, http.StatusNotFound)
}

// hiddenFields are a page's hidden inputs, as a browser sends them back.
func hiddenFields(body string) url.Values {
	out := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(body, -1) {
		out.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return out
}

// typing posts one pass of the entry form with the page's hidden fields.
func typing(t *testing.T, w *client, path string, page *response, fields map[string]string) *response {
	t.Helper()
	form := hiddenFields(page.body)
	for k, v := range fields {
		form.Set(k, v)
	}
	return w.postForm(path, form)
}

// paperRows are the stored submissions of a session: paper flag and the
// code of one item.
func paperRows(t *testing.T, e *env, sessionID int64, item string) (paper []bool, codes []int) {
	t.Helper()
	rows, err := e.rawDB().QueryContext(context.Background(), `SELECT s.paper, a.code FROM submissions s
		JOIN answers a ON a.submission_id = s.id JOIN items i ON i.id = a.item_id AND i.item = ?
		WHERE s.session_id = ? ORDER BY s.id`, item, sessionID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p bool
		var c int
		if err := rows.Scan(&p, &c); err != nil {
			t.Fatal(err)
		}
		paper, codes = append(paper, p), append(codes, c)
	}
	return paper, codes
}

// A paper sheet is stored only when two typings agree; a typing
// difference is caught, named, and typed a third time from the paper; the
// stored answer is marked paper; the same sheet typed in again is stored
// once.
func TestPaperEntryTwiceCatchesATypingDifference(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	w := e.login("worker", "Testclub")
	path := fmt.Sprintf("/sessions/%d/paper/entry", sess.ID)
	sheet := map[string]string{"sheet": "7", "age": "11", "gender": "1", "a.life_satisfaction": "8", "a.felt_happy": "4", "a.safe_school": "?"}

	first := typing(t, w, path+"?lang=en", w.get(path+"?lang=en"), sheet)
	first.want(t, http.StatusOK, "type the same sheet again")
	if e.count(sess.ID) != 0 {
		t.Fatal("the first typing was stored")
	}
	// The second typing slips on one answer: 3 for 8.
	slip := map[string]string{}
	for k, v := range sheet {
		slip[k] = v
	}
	slip["a.life_satisfaction"] = "3"
	second := typing(t, w, path+"?lang=en", first, slip)
	second.want(t, http.StatusConflict, "The two typings differ", "How happy are you with your life as a whole?")
	if e.count(sess.ID) != 0 {
		t.Fatal("two typings that differ were stored")
	}
	if strings.Count(second.body, `class="entry-field differ"`) != 1 {
		t.Errorf("want exactly the one differing field asked again:\n%s", second.body)
	}
	typing(t, w, path, second, map[string]string{"a.life_satisfaction": "8"}).want(t, http.StatusSeeOther)
	paper, codes := paperRows(t, e, sess.ID, "life_satisfaction")
	if len(paper) != 1 || !paper[0] || codes[0] != 8 {
		t.Fatalf("stored paper=%v codes=%v, want one paper sheet answering 8", paper, codes)
	}

	// The same sheet typed in again, twice alike, is stored once.
	again := typing(t, w, path, w.get(path), sheet)
	done := typing(t, w, path, again, sheet)
	done.want(t, http.StatusSeeOther)
	if loc := done.Header.Get("Location"); !strings.Contains(loc, "already=1") {
		t.Errorf("a sheet typed in again went to %s, want it said to be stored before", loc)
	}
	if n := e.count(sess.ID); n != 1 {
		t.Fatalf("%d submissions, want 1", n)
	}
}

// A typing the tablet's check refuses (an answer the question does not
// offer, a sheet without a number) is shown again with the error, and
// nothing is stored.
func TestPaperEntryRefusesWhatATabletCannotSend(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "6-9", "nl", "school")
	w := e.login("worker", "Testclub")
	path := fmt.Sprintf("/sessions/%d/paper/entry", sess.ID)
	for _, bad := range []map[string]string{
		{"sheet": "1", "a.felt_happy": "2"}, // the young band's faces are 1, 3 and 5
		{"sheet": "", "a.felt_happy": "3"},
		{"sheet": "1", "gender": "9"},
		{"sheet": "1", "a.no_such_item": "3"},
		{"sheet": "1", "age": "40"},
	} {
		r := typing(t, w, path+"?lang=en", w.get(path+"?lang=en"), bad)
		if r.StatusCode != http.StatusUnprocessableEntity && r.StatusCode != http.StatusOK {
			t.Errorf("%v: status %d", bad, r.StatusCode)
		}
		if _, ok := bad["a.no_such_item"]; !ok && r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%v: status %d, want 422", bad, r.StatusCode)
		}
	}
	if n := e.count(sess.ID); n != 0 {
		t.Fatalf("%d submissions stored from refused typings", n)
	}
}

// A closed session takes no paper sheet either: the entry page says to
// reopen it instead of showing a form, and a sheet whose session closed
// while it was being typed is refused on the form, nothing stored.
func TestPaperEntryClosedSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	w := e.login("worker", "Testclub")
	path := fmt.Sprintf("/sessions/%d/paper/entry", sess.ID)
	sheet := map[string]string{"sheet": "3", "a.life_satisfaction": "6"}
	first := typing(t, w, path+"?lang=en", w.get(path+"?lang=en"), sheet)
	first.want(t, http.StatusOK)
	if err := e.store.CloseSession(context.Background(), sess.ID); err != nil {
		t.Fatal(err)
	}
	typing(t, w, path+"?lang=en", first, sheet).want(t, http.StatusGone, "This session is closed")
	r := w.get(path + "?lang=en")
	r.want(t, http.StatusOK, "This session is closed")
	if strings.Contains(r.body, `class="entry-form"`) {
		t.Error("a closed session's entry page shows the form")
	}
	if n := e.count(sess.ID); n != 0 {
		t.Fatalf("%d submissions in a closed session", n)
	}
}

// The youngest's paper sheet carries each question's picture.
func TestPaperSheetYoungestPictures(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("little_voices", "4-5", "nl", "school")
	r := e.login("worker", "Testclub").get(fmt.Sprintf("/sessions/%d/paper", sess.ID))
	r.want(t, http.StatusOK, `<symbol id="pic-home"`)
	s, _ := e.catalog.Survey("little_voices")
	for _, it := range s.Items() {
		if !strings.Contains(r.body, `<use href="#pic-`+it.Picture+`"/>`) {
			t.Errorf("the sheet lacks the picture of %s", it.ID)
		}
	}
}
