package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// childPage is one page a child can see: the route that answers it, how
// to reach it (a GET, or a POST of form), and the status it comes with.
type childPage struct {
	name   string
	route  string // "GET /s/:code", as the route table names it
	method string
	path   string
	form   func(t *testing.T) url.Values // for a POST: the form a child's page sends
	status int
}

// childPages makes a server with a session in every state a child meets
// and lists every page a child can see on it: the home page and its code
// box's error, the questionnaire, its thanks and "no thanks" (the pages
// without JavaScript), the group's results of a small group, the vote, its
// thanks and what "Done" leads to, the adults' answer with "Do you feel
// heard?" and its thanks, the closed-session and unknown-code messages, a
// child's form refused, a wrong address under a code and elsewhere, and
// the accessibility statement every footer links to. docs/children.md
// lists the same screens.
func childPages(t *testing.T) (*env, []childPage) {
	t.Helper()
	e := newEnvWith(t, func(c *web.Config) { c.K = 5 })
	w := e.login("worker", "Testclub")
	open := e.openSession("wellbeing", "10-13", "nl", "school")

	small := e.openSession("wellbeing", "10-13", "nl", "school")
	for i := 0; i < 6; i++ {
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","answers":{"life_satisfaction":3,"felt_happy":5}}`, uidFor("small", i))
		e.client().postJSON("/api/v1/sessions/"+small.Code+"/submissions", body).want(t, http.StatusCreated)
	}
	if err := e.store.CloseSession(t.Context(), small.ID); err != nil {
		t.Fatal(err)
	}
	e.publish(t, w, small.ID, 6).want(t, http.StatusSeeOther)

	voteID, voting, csrf := groupWithIdeas(t, e, w, 6)
	keys := ideaKeys(t, w.get("/sessions/"+voteID+"/ideas").body)
	w.postForm("/sessions/"+voteID+"/ideas/merge", url.Values{"csrf": {csrf}, "idea": {keys["Idee 01"]}, "title": {"Voetbal"}}).want(t, http.StatusSeeOther)
	w.postForm("/sessions/"+voteID+"/votes/open", url.Values{"csrf": {csrf}}).want(t, http.StatusSeeOther)
	voteForm := func(t *testing.T) url.Values {
		page := e.client().get("/s/" + voting + "?lang=nl")
		return url.Values{"token": {regexpValue(t, page.body, `name="token" value="([^"]+)"`)}, "lang": {"nl"},
			"topic": {regexpValue(t, page.body, `name="topic" value="(\d+)"`)}}
	}

	answeredID, answered := w.closedSession(t)
	w.publicAnswer(t, answeredID)
	heardForm := func(t *testing.T) url.Values {
		page := e.client().get("/s/" + answered + "?lang=nl")
		return url.Values{"token": {regexpValue(t, page.body, `name="token" value="([^"]+)"`)}, "reply": {regexpValue(t, page.body, `name="reply" value="(\d+)"`)},
			"rating": {"yes"}}
	}

	fixed := func(v url.Values) func(*testing.T) url.Values { return func(*testing.T) url.Values { return v } }
	past := e.openSession("wellbeing", "10-13", "nl", "school", func(s *store.Session) {
		s.ClosesAt, s.ResultsUntil = e.clock.Now().Add(-2*time.Hour), e.clock.Now().Add(-time.Hour)
	})
	author := e.login("admin", "Stad")
	draft := e.importForm(author, exampleForm(t))
	previewPage := author.get(fmt.Sprintf("/surveys/drafts/%d/preview?in=nl&js=off", draft))
	preview := strings.ReplaceAll(previewFrame.FindStringSubmatch(previewPage.body)[1], "&amp;", "&")
	previewForm := fixed(url.Values{"id": {uid(3)}, "lang": {"nl"}, "a.play_outside": {"5"}, "a.has_place": {"1"}})

	get := func(name, route, path string, status int) childPage {
		return childPage{name: name, route: route, method: http.MethodGet, path: path, status: status}
	}
	post := func(name, route, path string, form func(*testing.T) url.Values, status int) childPage {
		return childPage{name: name, route: route, method: http.MethodPost, path: path, form: form, status: status}
	}
	return e, []childPage{
		get("home", "GET /", "/", http.StatusOK),
		get("the code box's error", "GET /s", "/?bad=1", http.StatusOK),
		get("the questionnaire", "GET /s/:code", "/s/"+open.Code, http.StatusOK),
		get("thanks without JavaScript", "GET /s/:code/thanks", "/s/"+open.Code+"/thanks?lang=nl", http.StatusOK),
		get("no thanks", "GET /s/:code/bye", "/s/"+open.Code+"/bye?lang=nl", http.StatusOK),
		post("a questionnaire refused", "POST /s/:code", "/s/"+open.Code, fixed(url.Values{"lang": {"nl"}, "age": {"99"}}), http.StatusUnprocessableEntity),
		get("the group's results", "GET /s/:code", "/s/"+small.Code, http.StatusOK),
		get("the vote", "GET /s/:code", "/s/"+voting+"?lang=nl", http.StatusOK),
		post("the vote's thanks", "POST /s/:code/vote", "/s/"+voting+"/vote", voteForm, http.StatusOK),
		get("after the vote's thanks", "GET /s/:code", "/s/"+voting+"?lang=nl&voted=1", http.StatusOK),
		post("a vote refused", "POST /s/:code/vote", "/s/"+voting+"/vote", fixed(url.Values{"token": {"nope"}, "lang": {"nl"}}), http.StatusUnprocessableEntity),
		get("the adults' answer and do you feel heard", "GET /s/:code", "/s/"+answered+"?lang=nl", http.StatusOK),
		post("felt heard", "POST /s/:code/heard", "/s/"+answered+"/heard", heardForm, http.StatusSeeOther),
		get("felt heard's thanks", "GET /s/:code", "/s/"+answered+"?lang=nl&heard=thanks", http.StatusOK),
		post("felt heard refused", "POST /s/:code/heard", "/s/"+answered+"/heard", fixed(url.Values{"rating": {"yes"}, "reply": {"1"}, "token": {"nope"}}), http.StatusUnprocessableEntity),
		get("a closed session", "GET /s/:code", "/s/"+past.Code, http.StatusGone),
		get("an unknown code", "GET /s/:code", "/s/ZZZZZZ", http.StatusNotFound),
		get("a wrong address under a code", "GET /s/:code", "/s/"+open.Code+"/nope", http.StatusNotFound),
		get("a wrong address", "GET /", "/nope", http.StatusNotFound),
		get("a draft questionnaire's preview", "GET /preview/:token", preview, http.StatusOK),
		post("a preview sent without JavaScript", "POST /preview/:token", preview, previewForm, http.StatusOK),
		get("the accessibility statement", "GET /accessibility", "/accessibility?lang=nl", http.StatusOK),
	}
}

// Help is one tap away on every page a child can see: the link at the
// top, the helplines on the page. The route table is read, so a child's
// page added without a line in childPages fails here.
func TestHelpOnEveryChildPage(t *testing.T) {
	t.Parallel()
	e, pages := childPages(t)
	covered := map[string]bool{}
	for _, p := range pages {
		covered[p.route] = true
		c := e.client()
		var r *response
		if p.method == http.MethodPost {
			r = c.postForm(p.path, p.form(t))
		} else {
			r = c.get(p.path)
		}
		if r.StatusCode != p.status {
			t.Errorf("%s (%s %s): status %d, want %d", p.name, p.method, p.path, r.StatusCode, p.status)
			continue
		}
		if r.StatusCode == http.StatusSeeOther {
			r = c.get(r.Header.Get("Location"))
		}
		for _, want := range []string{`class="tool help-link" href="#help"`, `id="help"`, `<span class="number">102</span>`, `<span class="number">116 111</span>`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("%s (%s %s): no help: the page lacks %s", p.name, p.method, p.path, want)
			}
		}
	}
	for _, r := range e.app.Routes() {
		route := r.Method + " " + r.Path
		if r.Surface == httpkit.Child && r.Answer != httpkit.JSON && !covered[route] {
			t.Errorf("%s answers children's pages, and none of them is checked for help: add its pages to childPages", route)
		}
	}
}
