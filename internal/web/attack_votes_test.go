package web_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// The attacks of the attack table on counts people add to: votes on the
// group's topics and "do you feel heard?".

// postFrom posts a form as a client at addr.
func (c *client) postFrom(addr, path string, form url.Values) *response {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", addr)
	return c.do(req)
}

// voters is how many vote sets a session's round has counted.
func (e *env) voters(t *testing.T, id string) int {
	t.Helper()
	sid, _ := strconv.ParseInt(id, 10, 64)
	tally, err := e.store.TopicVotes(context.Background(), sid)
	if err != nil {
		t.Fatal(err)
	}
	return tally.Voters
}

// Finding: 60 posts with self-made 32-hex tokens gave one topic 57 votes,
// and then every child got 409. A token the server did not sign counts
// nothing now (nor one signed for another session), and the children
// still vote.
func attackVoteMadeUpTokens(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, behindProxy)
	w := e.login("worker", "Jeugdhuis")
	id, code, csrf := groupWithIdeas(t, e, w, 57)
	otherID, otherCode, otherCSRF := ideasSession(t, w)
	for i := range 10 {
		body := strings.Replace(ideaJSON(i, fmt.Sprintf("Idee %02d", i), "skip"), uid(i), uidFor("other group", i), 1)
		e.client().postJSON("/api/v1/sessions/"+otherCode+"/submissions", body).want(t, http.StatusCreated)
	}
	w.postForm("/sessions/"+otherID+"/close", url.Values{"csrf": {otherCSRF}}).want(t, http.StatusSeeOther)
	publishFor(t, e, w, otherID, 10)
	for _, s := range [][2]string{{id, csrf}, {otherID, otherCSRF}} {
		topicsFrom(t, e, w, "/sessions/"+s[0], s[1])
		w.postForm("/sessions/"+s[0]+"/votes/open", url.Values{"csrf": {s[1]}}).want(t, http.StatusSeeOther)
	}
	_, topics := votePage(t, e, code)
	foreign, _ := votePage(t, e, otherCode)
	attacker := e.client()
	refused := 0
	for i := range 60 {
		var raw [40]byte
		rand.Read(raw[:])
		token := hex.EncodeToString(raw[:16]) // the old form: any 32 hex digits
		switch i % 3 {
		case 1:
			token = base64.RawURLEncoding.EncodeToString(raw[:]) // the new form's shape, unsigned
		case 2:
			token = foreign // signed, for another session
		}
		r := attacker.postFrom("10.9.9.9", "/s/"+code+"/vote", url.Values{"token": {token}, "lang": {"nl"}, "topic": {topics["Voetbal"]}})
		if r.StatusCode == http.StatusUnprocessableEntity || r.StatusCode == http.StatusTooManyRequests {
			refused++
		}
	}
	if n := e.voters(t, id); n > 0 {
		t.Errorf("60 posts with made-up tokens counted %d vote sets (refused %d)", n, refused)
	}
	for i := range 3 {
		token, topics := votePage(t, e, code)
		e.client().postFrom(fmt.Sprintf("10.0.0.%d", i+1), "/s/"+code+"/vote", url.Values{"token": {token}, "lang": {"nl"}, "topic": {topics["Bomen"]}}).
			want(t, http.StatusOK, "Je stem is geteld.")
	}
}

// Finding: the worker, who holds the code, padded a vote of 2 to k with 8
// votes of their own and read the 2 real votes off the counts. The
// counts are perturbed now: a count of 2 never shows as 2.
func attackVotePaddingByWorker(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, behindProxy)
	w := e.login("worker", "Jeugdhuis")
	id, code, csrf := groupWithIdeas(t, e, w, 12)
	base := "/sessions/" + id
	topicsFrom(t, e, w, base, csrf)
	w.postForm(base+"/votes/open", url.Values{"csrf": {csrf}}).want(t, http.StatusSeeOther)
	vote := func(addr, topic string) {
		token, topics := votePage(t, e, code)
		e.client().postFrom(addr, "/s/"+code+"/vote", url.Values{"token": {token}, "lang": {"nl"}, "topic": {topics[topic]}}).want(t, http.StatusOK)
	}
	vote("10.0.0.1", "Bomen") // the two real children
	vote("10.0.0.2", "Bomen")
	for range 8 {
		vote("10.0.0.99", "Voetbal") // the worker, padding
	}
	w.postForm(base+"/votes/close", url.Values{"csrf": {csrf}}).want(t, http.StatusSeeOther)
	page := w.get(base + "/ideas")
	page.want(t, http.StatusOK)
	if strings.Contains(page.body, "Bomen · stemmen: 2<") || strings.Contains(page.body, "Bomen · stemmen: 2\n") {
		t.Errorf("the worker reads the 2 real votes: %s", regexpValue(t, page.body, `(Bomen · stemmen: \d+)`))
	}
}

// Finding: one client recorded 84 ratings for a group of 60 in a few
// seconds. One address is cut off after a class's worth, and however
// many addresses send, a group of 60 takes 60 faces at most.
func attackHeardCap(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, behindProxy)
	w := e.login("worker", "Gemeente Gent")
	id, code := w.closedSession(t, 60)
	w.publicAnswer(t, id)
	rate := func(addr string) int {
		child := e.client().get("/s/" + code)
		f := url.Values{"token": {regexpValue(t, child.body, `name="token" value="([^"]+)"`)},
			"reply": {regexpValue(t, child.body, `name="reply" value="([0-9]+)"`)}, "rating": {"yes"}}
		return e.client().postFrom(addr, "/s/"+code+"/heard", f).StatusCode
	}
	faces := func() int {
		var n int
		e.rawDB().QueryRow(`SELECT coalesce(sum(n), 0) FROM heard_counts`).Scan(&n)
		return n
	}
	for range 84 {
		rate("10.7.7.7")
	}
	if n := faces(); n > 40 {
		t.Errorf("one address recorded %d faces in a moment", n)
	}
	for i := range 84 {
		rate(fmt.Sprintf("10.1.%d.%d", i/200, i%200+1))
	}
	if n := faces(); n > 60 {
		t.Errorf("%d faces recorded for a group of 60", n)
	}
}

// Finding: 2 real ratings padded with 8 known ones showed the worker
// "ja 1 · een beetje 8 · nee 1": the real ones, exactly. Perturbed now, a
// count of 1 shows as 0 or 3.
func attackHeardPaddingByWorker(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, behindProxy)
	w := e.login("worker", "Gemeente Gent")
	id, code := w.closedSession(t, 12)
	answer := w.publicAnswer(t, id)
	rate := func(addr, rating string) {
		child := e.client().get("/s/" + code)
		f := url.Values{"token": {regexpValue(t, child.body, `name="token" value="([^"]+)"`)},
			"reply": {regexpValue(t, child.body, `name="reply" value="([0-9]+)"`)}, "rating": {rating}}
		e.client().postFrom(addr, "/s/"+code+"/heard", f).want(t, http.StatusSeeOther)
	}
	rate("10.0.0.1", "yes") // the two real children
	rate("10.0.0.2", "no")
	for range 8 {
		rate("10.0.0.99", "some") // the worker, padding
	}
	w.closeHeard(t, answer)
	page := w.get(answer)
	page.want(t, http.StatusOK)
	if strings.Contains(page.body, "ja ") {
		if yes, _, no := heardShown(t, page.body); yes == 1 && no == 1 {
			t.Errorf("the worker reads the 2 real ratings: yes %d, no %d", yes, no)
		}
	}
}
