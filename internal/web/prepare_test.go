package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
)

// prepared is a whole "before you start" as the worker's form sends it.
func prepared() url.Values {
	return url.Values{"purpose": {"We willen weten hoe het op de speelplaats gaat."}, "decides": {"school"},
		"decides_note": {"de directie"}, "can_change": {"Waar en wanneer je speelt."}, "cannot_change": {"Hoe groot de speelplaats is."},
		"hear_back": {"2026-06-15"}}
}

// The worker fills the "before you start" when starting the session or
// later; what is given must be whole, or nothing is kept; the children read
// it on their first screen in their own language, with the worker's words
// marked as Dutch; the sessions list, the session page and the process
// figures show it was done.
func TestWorkerPreparesTheGroup(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	w := e.login("worker", "Jeugdhuis")

	// Half a preparation at the start: the form comes back, no session.
	half := url.Values{"purpose": {"Waarom we het vragen"}}
	w.createSession(t, half).want(t, http.StatusUnprocessableEntity, "Vul dit in.")
	if ids, _ := e.store.PreparedSessions(ctx); len(ids) != 0 {
		t.Fatalf("a half preparation was kept: %v", ids)
	}

	// A session without one: the list and the page ask for it.
	id := sessionIDFrom(t, w.createSession(t, nil))
	w.get("/sessions").want(t, http.StatusOK, "Niet ingevuld", "Nog geen")
	page := w.get("/sessions/" + id)
	page.want(t, http.StatusOK, `href="/sessions/`+id+`/prepare"`, "Niet ingevuld")
	code := regexpValue(t, page.body, `class="big-code"[^>]*>([A-Z0-9]{6})<`)
	if strings.Contains(e.client().get("/s/"+code).body, "before-start") {
		t.Fatal("the welcome screen shows a \"before you start\" nobody filled")
	}

	// Wrong fields: 422 naming the field, nothing kept.
	form := w.get("/sessions/" + id + "/prepare")
	form.want(t, http.StatusOK, "Voor je begint")
	for field, bad := range map[string]string{"hear_back": "morgen", "decides": "de koning", "can_change": strings.Repeat("x", 301), "purpose": " "} {
		f := prepared()
		f.Set(field, bad)
		f.Set("csrf", form.csrf(t))
		w.postForm("/sessions/"+id+"/prepare", f).want(t, http.StatusUnprocessableEntity, `class="field-error"`)
	}
	if ids, _ := e.store.PreparedSessions(ctx); len(ids) != 0 {
		t.Fatalf("a wrong preparation was kept: %v", ids)
	}

	f := prepared()
	f.Set("csrf", form.csrf(t))
	w.postForm("/sessions/"+id+"/prepare", f).want(t, http.StatusSeeOther)
	w.get("/sessions/"+id).want(t, http.StatusOK, "Verteld", "15/6/2026")
	w.get("/sessions").want(t, http.StatusOK, "Verteld")
	w.get("/sessions/"+id+"/prepare").want(t, http.StatusOK, "Hoe groot de speelplaats is.")

	// The list says whether an answer to the group is written, then public.
	reply := &store.Reply{OrganisationID: e.org("Jeugdhuis"), Lang: "nl", Sessions: []int64{mustID(t, id)},
		Parts: []store.ReplyPart{{Texts: map[string]store.PartText{"nl": {Title: "Speelplaats", WeWill: "We maken een stille hoek."}}}}}
	if err := e.store.SaveReply(ctx, reply); err != nil {
		t.Fatal(err)
	}
	list := w.get("/sessions")
	list.want(t, http.StatusOK, `<span class="badge">Niet openbaar</span>`)
	if err := e.store.SetReplyPublic(ctx, reply.ID, true); err != nil {
		t.Fatal(err)
	}
	w.get("/sessions").want(t, http.StatusOK, `<span class="badge open">Openbaar</span>`)

	// The child reads it in Arabic: headings in Arabic, who decides in
	// Arabic, the worker's words as written and marked as Dutch.
	child := e.client().get("/s/" + code + "?lang=ar")
	child.want(t, http.StatusOK, `class="before-start"`, "لماذا نسأل", "من يقرر", "المدرسة", "متى تسمع الرد",
		`<dd lang="nl" dir="ltr">We willen weten hoe het op de speelplaats gaat.</dd>`, "(de directie)", "15/6/2026")

	// Another organisation's worker cannot read or change it.
	other := e.login("worker", "Andere club")
	other.get("/sessions/"+id+"/prepare").want(t, http.StatusNotFound)

	// The process figures count it: one of one session prepared.
	a := e.login("analyst", "Stad")
	a.get("/process").want(t, http.StatusOK, "Verteld voor ze antwoordden", "100%", "(1/1)")
	a.get("/api/v1/process").want(t, http.StatusOK, `"prepared":1`, `"prepared_share":1`)
	if log := auditActions(t, e); !strings.Contains(log, "session_prepare") {
		t.Fatalf("audit log lacks session_prepare: %s", log)
	}
}

// A session on one theme asks only the items of that theme's indicators;
// an ideas-only session asks none; an answer to anything else is refused
// naming the field, whatever the child's page sent.
func TestSessionKinds(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Jeugdhuis")

	w.createSession(t, url.Values{"kind": {"theme"}}).want(t, http.StatusUnprocessableEntity, "Kies een thema waarover deze vragenlijst vragen stelt.")
	w.createSession(t, url.Values{"kind": {"theme"}, "theme": {"care"}}).want(t, http.StatusUnprocessableEntity, "Kies een thema")
	w.createSession(t, url.Values{"kind": {"poll"}}).want(t, http.StatusUnprocessableEntity, "Kies wat de sessie vraagt.")

	items := regexp.MustCompile(`data-item="([a-z_.]+)"`)
	asked := func(code string) []string {
		var out []string
		for _, m := range items.FindAllStringSubmatch(e.client().get("/s/"+code).body, -1) {
			out = append(out, m[1])
		}
		return out
	}
	codeOf := func(id string) string {
		return regexpValue(t, w.get("/sessions/"+id).body, `class="big-code"[^>]*>([A-Z0-9]{6})<`)
	}
	n := 0
	submit := func(code, answers string) *response {
		n++
		return e.client().postJSON("/api/v1/sessions/"+code+"/submissions", fmt.Sprintf(`{"id":"%s","lang":"nl","age":11,"answers":{%s}}`, uid(n), answers))
	}

	theme := sessionIDFrom(t, w.createSession(t, url.Values{"kind": {"theme"}, "theme": {"violence"}}))
	w.get("/sessions/"+theme).want(t, http.StatusOK, "Eén thema")
	code := codeOf(theme)
	if got := asked(code); strings.Join(got, ",") != "safe_school,bullied" {
		t.Fatalf("a session on violence asks %v, want the two items of safe_at_school and bullying", got)
	}
	submit(code, `"life_satisfaction":8`).want(t, http.StatusUnprocessableEntity, "answers.life_satisfaction")
	submit(code, `"bullied":1`).want(t, http.StatusCreated)

	ideas := sessionIDFrom(t, w.createSession(t, url.Values{"kind": {"ideas"}}))
	code = codeOf(ideas)
	got := asked(code)
	for _, id := range got {
		if !strings.HasPrefix(id, "idea.") {
			t.Fatalf("an ideas-only session asks %v, want only the ideas step", got)
		}
	}
	if len(got) == 0 {
		t.Fatal("an ideas-only session has no ideas step")
	}
	submit(code, `"bullied":1`).want(t, http.StatusUnprocessableEntity, "answers.bullied")
	w.get("/sessions").want(t, http.StatusOK, `<span class="hint">Eén thema</span>`, `<span class="hint">Alleen ideeën</span>`)
	sess, err := e.store.SessionByID(context.Background(), mustID(t, ideas))
	if err != nil || !sess.Ideas || sess.Kind != "ideas" {
		t.Fatalf("ideas-only session %+v, %v: want the ideas step", sess, err)
	}
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
