package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
)

// topicSession is a closed session of the organisation with an ideas
// step, one child's idea and that idea made into a topic.
func (e *env) topicSession(t *testing.T, org, title string) (*store.Session, int64) {
	t.Helper()
	ctx := context.Background()
	sess := e.openSession("wellbeing", "10-13", "nl", "school", withIdeas, func(s *store.Session) { s.OrganisationID = e.org(org) })
	e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", ideaJSON(0, "Meer voetbal", "")).want(t, http.StatusCreated)
	if err := e.store.CloseSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	ideas, err := e.store.Ideas(ctx, sess.ID)
	if err != nil || len(ideas) == 0 {
		t.Fatalf("ideas: %v %v", ideas, err)
	}
	key, _ := store.ParseIdeaKey(ideas[0].Key)
	topic, err := e.store.MergeIdeas(ctx, sess.ID, [][]byte{key}, 0, title)
	if err != nil {
		t.Fatal(err)
	}
	return sess, topic
}

// The answer form offers the children's topics of the groups the answer
// goes to, and of no other: another organisation's worker who puts a
// session id in the address sees none of its topics, and a part cannot
// take up a topic of a group the answer does not reach. A form that comes
// back with a mistake keeps the chosen topic.
func TestAnswerTopicsStayWithTheirGroups(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sessA, topic := e.topicSession(t, "Testclub", "Geheim onderwerp")
	sessB := e.openSession("wellbeing", "10-13", "nl", "school", func(s *store.Session) { s.OrganisationID = e.org("Testclub") })
	a, b := strconv.FormatInt(sessA.ID, 10), strconv.FormatInt(sessB.ID, 10)

	stranger := e.login("worker", "Andere club")
	if r := stranger.get("/answers/new?session=" + a); strings.Contains(r.body, "Geheim onderwerp") || r.StatusCode >= 500 {
		t.Fatalf("another organisation's worker reads the topic (status %d)", r.StatusCode)
	}
	w := e.login("worker", "Testclub")
	page := w.get("/answers/new?session=" + a)
	page.want(t, http.StatusOK, "Geheim onderwerp")

	form := answerForm(page.csrf(t), b)
	form.Set("part0_topic", strconv.FormatInt(topic, 10))
	w.postForm("/answers", form).want(t, http.StatusUnprocessableEntity)
	if n := e.replyCount(t); n != 0 {
		t.Fatalf("%d answers stored from a refused form", n)
	}

	form = answerForm(page.csrf(t), a)
	form.Set("part0_topic", strconv.FormatInt(topic, 10))
	form.Set("part0_title", "") // a part with text needs a title
	back := w.postForm("/answers", url.Values(form))
	back.want(t, http.StatusUnprocessableEntity)
	if !strings.Contains(back.body, `value="`+strconv.FormatInt(topic, 10)+`" selected`) {
		t.Fatal("the form came back without the chosen topic")
	}
}
