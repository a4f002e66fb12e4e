package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A worker who closes with a grace period still receives the answers of a
// child on the last screen; after it the answers are refused, and a bad
// grace is a clear error that closes nothing.
func TestWorkerClosesWithGraceLateAnswersArrive(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Jeugdhuis")
	id := sessionIDFrom(t, w.createSession(t, nil))
	page := w.get("/sessions/" + id)
	page.want(t, http.StatusOK, `name="grace"`, `<option value="10">nog 10 minuten</option>`)
	code := regexpValue(t, page.body, `class="big-code"[^>]*>([A-Z0-9]{6})<`)
	for _, bad := range []string{"tien", "-5", "120"} {
		r := w.postForm("/sessions/"+id+"/close", url.Values{"csrf": {page.csrf(t)}, "grace": {bad}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "hoogstens een uur") {
			t.Fatalf("grace %q: %d, want 422 with a clear message\n%s", bad, r.StatusCode, r.body)
		}
	}
	e.client().postJSON("/api/v1/sessions/"+code+"/submissions", fmt.Sprintf(validJSON, uid(1), "nl")).want(t, http.StatusCreated)
	w.postForm("/sessions/"+id+"/close", url.Values{"csrf": {page.csrf(t)}, "grace": {"10"}}).want(t, http.StatusSeeOther)
	w.get("/sessions/"+id).want(t, http.StatusOK, "neemt nog late antwoorden aan tot")
	// New children see the group's page, not the questionnaire ...
	if r := e.client().get("/s/" + code); strings.Contains(r.body, `id="questionnaire"`) {
		t.Fatal("a closed session in its grace still shows the questionnaire to a new child")
	}
	// ... but the child who was on the last screen gets through.
	e.clock.Add(9 * time.Minute)
	e.client().postJSON("/api/v1/sessions/"+code+"/submissions", fmt.Sprintf(validJSON, uid(2), "nl")).want(t, http.StatusCreated)
	e.clock.Add(2 * time.Minute)
	e.client().postJSON("/api/v1/sessions/"+code+"/submissions", fmt.Sprintf(validJSON, uid(3), "nl")).want(t, http.StatusGone)
	if n := e.countByCode(code); n != 2 {
		t.Fatalf("%d submissions stored, want 2", n)
	}
}

func (e *env) countByCode(code string) int {
	e.t.Helper()
	var n int
	if err := e.rawDB().QueryRow(`SELECT count(*) FROM submissions JOIN sessions ON sessions.id = session_id WHERE code = ?`, code).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// Without JavaScript, answers sent to a closed session are said to be not
// kept: never a "thank you".
func TestLateFormSaysAnswersWereNotKept(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	if err := e.store.CloseSession(t.Context(), sess.ID); err != nil {
		t.Fatal(err)
	}
	r := e.client().postForm("/s/"+sess.Code, url.Values{"id": {uid(1)}, "lang": {"nl"}, "a.life_satisfaction": {"8"}})
	r.want(t, http.StatusGone, "Je antwoorden zijn niet bewaard")
	if strings.Contains(r.body, "goed aangekomen") {
		t.Fatal("a refused submission is called arrived")
	}
}

// Phone numbers, e-mail and street addresses are masked before they are
// stored, on the form path and the JSON path alike.
func TestFreeTextIsMaskedOnEveryPath(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	text := "Meer speeltijd! Bel me 0470 12 34 56 of mail lotte@gmail.com, ik woon Kerkstraat 12"
	want := "Meer speeltijd! Bel me [***] of mail [***], ik woon [***]"
	body := strings.Replace(fmt.Sprintf(validJSON, uid(1), "nl"), `"Meer speeltijd"`, fmt.Sprintf("%q", text), 1)
	e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
	e.client().postForm("/s/"+sess.Code, url.Values{"id": {uid(2)}, "lang": {"nl"}, "a.anything_else": {text}}).want(t, http.StatusSeeOther)
	rows, err := e.rawDB().Query(`SELECT text FROM texts`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var got string
		rows.Scan(&got)
		if got != want {
			t.Errorf("stored %q, want %q", got, want)
		}
		n++
	}
	if n != 2 {
		t.Fatalf("%d texts stored, want 2", n)
	}
}

// The language screen greets in the browser's language when it is one of
// ours, and each language's button asks in its own language.
func TestLanguageScreenGreetsInTheBrowsersLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	c := e.client()
	cases := []struct {
		accept, want string
	}{
		{"ar-MA,ar;q=0.9", `<h1 id="languages-title" lang="ar" dir="rtl">اختر لغتك</h1>`},
		{"uk", `<h1 id="languages-title" lang="uk" dir="ltr">`},
		{"ja, en;q=0.5", `<h1 id="languages-title" lang="en" dir="ltr">Choose your language</h1>`},
		{"ja", `<h1 id="languages-title" lang="nl" dir="ltr">Kies je taal</h1>`},
	}
	for _, tc := range cases {
		c.get("/s/"+sess.Code, "Accept-Language", tc.accept).want(t, http.StatusOK, tc.want,
			`<span class="lang-prompt">Choisis ta langue</span>`, `<span class="lang-prompt">اختر لغتك</span>`)
	}
}

// Every child page offers help: the country's free lines, the one in the
// child's language first, numbers as text (no tel: link, no other site).
func TestChildPagesOfferHelp(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	c := e.client()
	for _, path := range []string{"/s/" + sess.Code, "/s/" + sess.Code + "/thanks", "/s/" + sess.Code + "/bye"} {
		r := c.get(path)
		r.want(t, http.StatusOK, "Wil je met iemand praten?", `<span class="number">102</span>`, `<span class="number">103</span>`, "116 111")
		if strings.Index(r.body, ">102<") > strings.Index(r.body, ">103<") {
			t.Errorf("%s: in Dutch, Awel (102) should come first", path)
		}
		if strings.Contains(r.body, "tel:") || strings.Contains(r.body, `href="https://awel`) {
			t.Errorf("%s: a helpline is a link that leaves the kiosk", path)
		}
	}
	fr := c.get("/s/" + sess.Code + "?lang=fr")
	fr.want(t, http.StatusOK, "Tu veux parler à quelqu&#39;un ?")
	if strings.Index(fr.body, ">103<") > strings.Index(fr.body, ">102<") {
		t.Error("in French, Écoute-Enfants (103) should come first")
	}
}

// The service worker is asked for on every visit; unchanged, it costs a
// 304 and no body.
func TestServiceWorkerAnswersNotModified(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	first := c.get("/sw.js")
	first.want(t, http.StatusOK, "kinderstem-2")
	etag := first.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on /sw.js")
	}
	again := c.get("/sw.js", "If-None-Match", etag)
	if again.StatusCode != http.StatusNotModified || again.body != "" {
		t.Fatalf("unchanged worker: %d with %d bytes, want 304 and none", again.StatusCode, len(again.body))
	}
}
