package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// askedChild is a request for a child's view as its worker got it: its
// page, the child's link and the code, shown once.
type askedChild struct {
	id, link, code string
}

var (
	handoverLink = regexp.MustCompile(`/v/([A-Za-z0-9_-]{22})`)
	handoverCode = regexp.MustCompile(`class="big-code" dir="ltr">(\d{3}) (\d{3})<`)
	handoverID   = regexp.MustCompile(`href="/voice/(\d+)"`)
	visitField   = regexp.MustCompile(`name="visit" value="([^"]+)"`)
)

// The words of a test request; the tests search for them.
const (
	voiceChildAbout = "Waar je na de zomer woont"
	voiceWish       = "Ik wil bij oma Mieke blijven wonen"
	voiceWorry      = "Ik ben bang voor de verhuis naar Brugge"
)

// askChild makes a request for a child's view through the worker's form,
// with the fields of change replacing the defaults, and reads the link
// and code off the page that shows them once.
func (c *client) askChild(t testing.TB, change url.Values) askedChild {
	t.Helper()
	page := c.get("/voice/new")
	page.want(t, http.StatusOK)
	form := url.Values{"csrf": {page.csrf(t)}, "label": {"R.T. dossier"}, "about": {"Verlenging verblijf pleeggezin"},
		"child_about": {voiceChildAbout}, "who_decides": {"De jeugdrechter, na een gesprek met jou"}, "by_when": {"2026-06-01"},
		"note": {"Ik kom dinsdag langs."}, "age_band": {"8-12"}, "lang": {"nl"}, "setting": {"youth_care"}, "ask": {"1"}}
	for k, v := range change {
		form[k] = v
	}
	r := c.postForm("/voice", form)
	if form.Get("ask") == "0" {
		r.want(t, http.StatusSeeOther)
		return askedChild{id: strings.TrimPrefix(r.Header.Get("Location"), "/voice/")}
	}
	r.want(t, http.StatusOK)
	link, code, id := handoverLink.FindStringSubmatch(r.body), handoverCode.FindStringSubmatch(r.body), handoverID.FindStringSubmatch(r.body)
	if link == nil || code == nil || id == nil {
		t.Fatalf("no link, code or id on the handover page:\n%s", r.body)
	}
	return askedChild{id: id[1], link: link[1], code: code[1] + code[2]}
}

// linkChild is one child on their personal link: a client with no cookies
// of its own, and the visit token of the screen it is on.
type linkChild struct {
	t     testing.TB
	c     *client
	base  string
	visit string
	lang  string
	last  *response
}

// enter types the code on the link's first page.
func (e *env) enter(t testing.TB, a askedChild, lang string) *linkChild {
	t.Helper()
	ch := &linkChild{t: t, c: e.client(), base: "/v/" + a.link, lang: lang}
	ch.c.get(ch.base+"?lang="+lang).want(t, http.StatusOK)
	r := ch.c.postForm(ch.base, url.Values{"code": {a.code}, "lang": {lang}})
	r.want(t, http.StatusOK)
	ch.seen(r)
	return ch
}

func (ch *linkChild) seen(r *response) {
	ch.last = r
	if m := visitField.FindStringSubmatch(r.body); m != nil {
		ch.visit = m[1]
	}
}

// post sends a form of the current screen to one of the link's routes.
func (ch *linkChild) post(route string, form url.Values) *response {
	ch.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("visit", ch.visit)
	form.Set("lang", ch.lang)
	r := ch.c.postForm(ch.base+route, form)
	ch.seen(r)
	return r
}

// say answers the say screens, topic by topic; a topic left out is
// answered "I don't know".
func (ch *linkChild) say(answers map[string]string) *response {
	ch.t.Helper()
	ch.post("/screen", url.Values{"go": {"start"}}).want(ch.t, http.StatusOK)
	var r *response
	for _, topic := range []string{"good", "worries", "wishes", "know", "people"} {
		form := url.Values{"topic": {topic}, "act": {"next"}, "text": {answers[topic]}}
		if answers[topic] == "" {
			form.Set("act", "dont_know")
		}
		r = ch.post("/screen", form)
		r.want(ch.t, http.StatusOK)
	}
	return r
}

// staffUser is an account a test can log in with again, after the clock
// has moved past a staff session's timeouts.
type staffUser struct {
	e         *env
	email, pw string
}

func (e *env) account(role, org string) *staffUser {
	e.t.Helper()
	email := role + "-" + strings.ToLower(strings.ReplaceAll(org, " ", "")) + "-" + regexp.MustCompile(`\W`).ReplaceAllString(e.t.Name(), "") + "@example.org"
	return &staffUser{e: e, email: email, pw: e.addUser(role, email, org)}
}

func (u *staffUser) login() *client {
	u.e.t.Helper()
	c := u.e.client()
	page := c.get("/login")
	c.postForm("/login", url.Values{"email": {u.email}, "password": {u.pw}, "csrf": {page.csrf(u.e.t)}}).want(u.e.t, http.StatusSeeOther)
	return c
}
