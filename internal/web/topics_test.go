package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
)

// topicWith has n children of a session (one with the ideas step) give
// the same idea, and the worker merge them into one topic.
func topicWith(t *testing.T, e *env, sess *store.Session, title string, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","answers":{"idea.change":%q}}`, uid(10000+int(topicChildren.Add(1))), title)
		e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
	}
	ideas, err := e.store.Ideas(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	var keys [][]byte
	for _, idea := range ideas {
		if idea.Text == title && idea.TopicID == 0 {
			key, err := store.ParseIdeaKey(idea.Key)
			if err != nil {
				t.Fatal(err)
			}
			keys = append(keys, key)
		}
	}
	if _, err := e.store.MergeIdeas(ctx, sess.ID, keys, 0, title); err != nil {
		t.Fatal(err)
	}
}

var topicChildren atomic.Int64 // numbers the children, so no two share an id

type topicAnswer struct {
	K     int `json:"k"`
	Cells []struct {
		Levels map[string]string `json:"levels"`
		Topics *int              `json:"topics"`
		Ideas  *int              `json:"ideas"`
		Hidden bool              `json:"hidden"`
	} `json:"cells"`
}

func topicCells(t *testing.T, c *client, query string) topicAnswer {
	t.Helper()
	r := c.get("/api/v1/topics" + query)
	r.want(t, http.StatusOK)
	var a topicAnswer
	if err := json.Unmarshal([]byte(r.body), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// The children's topics reach analysts as counts by theme, age band and
// province: a cell of many children's ideas shows its (perturbed)
// counts; a cell that is one small group shows nothing, however it is
// asked (broken down, filtered to its province alone), and the smallest
// province shown is hidden beside it, or the overall minus the provinces
// shown would give it back; the titles, the children's words, never
// leave; filters that do not apply are refused.
func TestTopicCountsForAnalysts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	big := e.openSession("wellbeing", "10-13", "nl", "school", withIdeas, func(s *store.Session) { s.Kind, s.Theme = "theme", "violence" })
	small := e.openSession("wellbeing", "10-13", "nl", "school", withIdeas, func(s *store.Session) { s.Region = "hasselt" })
	topicWith(t, e, big, "Pesten op de speelplaats", 9)
	topicWith(t, e, big, "Veilig naar school", 8)
	topicWith(t, e, small, "Een geheim van drie kinderen", 2)
	beside := e.openSession("wellbeing", "10-13", "nl", "school", withIdeas, func(s *store.Session) { s.Region = "antwerpen" })
	topicWith(t, e, beside, "Een speelplein", 12)

	a := e.login("analyst", "Coalitie")
	all := topicCells(t, a, "?by=province")
	if len(all.Cells) != 3 {
		t.Fatalf("cells by province: %+v", all.Cells)
	}
	for _, c := range all.Cells {
		switch c.Levels["province"] {
		case "40000": // Oost-Vlaanderen, where Gent lies
			if c.Hidden || c.Ideas == nil || *c.Ideas < 15 || *c.Ideas > 19 || c.Topics == nil || *c.Topics < 1 {
				t.Errorf("the province of many ideas: %+v", c)
			}
		case "70000": // Limburg: one group of two ideas
			if !c.Hidden || c.Ideas != nil || c.Topics != nil {
				t.Errorf("one small group's topic counted in Limburg: %+v", c)
			}
		case "10000": // Antwerpen: the smallest shown, hidden beside Limburg
			if !c.Hidden || c.Ideas != nil || c.Topics != nil {
				t.Errorf("the province beside Limburg shows its counts: %+v", c)
			}
		default:
			t.Errorf("a cell of no province in the data: %+v", c)
		}
	}
	for _, q := range []string{"?by=none&region=70000", "?by=province&region=hasselt", "?by=theme,age_band,province", "?by=age_band&region=70000"} {
		for _, c := range topicCells(t, a, q).Cells {
			if (c.Levels["province"] == "70000" || strings.Contains(q, "70000") || strings.Contains(q, "hasselt")) && !c.Hidden {
				t.Errorf("%s: the small group shows: %+v", q, c)
			}
		}
	}
	themed := topicCells(t, a, "?by=theme")
	for _, c := range themed.Cells {
		if c.Levels["theme"] != "violence" && c.Levels["theme"] != "unsorted" {
			t.Errorf("a theme from nowhere: %+v", c)
		}
	}

	page := a.get("/topics?lang=nl")
	page.want(t, http.StatusOK, "Onderwerpen van kinderen", "Geweld", "Limburg", "verborgen")
	for _, r := range []*response{page, a.get("/api/v1/topics")} {
		if strings.Contains(r.body, "Pesten") || strings.Contains(r.body, "geheim") {
			t.Fatalf("a topic's title left:\n%s", r.body)
		}
	}
	csv := a.get("/export/topics.csv?by=province")
	csv.want(t, http.StatusOK, "province,province_name,topics,ideas,hidden", "70000,Limburg,,,true")
	if strings.Contains(csv.body, "Pesten") {
		t.Fatalf("a topic's title in the CSV:\n%s", csv.body)
	}
	// A worker gives a topic a theme on the ideas page; the counts follow.
	w := e.login("worker", "Jeugdhuis")
	id, _, csrf := groupWithIdeas(t, e, w, 12)
	base := "/sessions/" + id
	topicsFrom(t, e, w, base, csrf)
	w.get(base+"/ideas").want(t, http.StatusOK, "Kinderrechtenthema")
	topics, err := e.store.Topics(context.Background(), mustID(t, id))
	if err != nil || len(topics) != 2 {
		t.Fatalf("topics %v, %v", topics, err)
	}
	topic := strconv.FormatInt(topics[1].ID, 10)
	w.postForm(base+"/topics/theme", url.Values{"csrf": {csrf}, "topic": {topic}, "theme": {"weather"}}).want(t, http.StatusUnprocessableEntity, "Kies een thema uit de lijst.")
	w.postForm(base+"/topics/theme", url.Values{"csrf": {csrf}, "topic": {topic}, "theme": {"education"}}).want(t, http.StatusSeeOther)
	themes := map[string]bool{}
	for _, c := range topicCells(t, a, "?by=theme").Cells {
		themes[c.Levels["theme"]] = true
	}
	if !themes["education"] || !themes["violence"] || !themes["unsorted"] {
		t.Errorf("themes after the worker chose one: %v", themes)
	}
	a.get("/api/v1/topics?gender=girl").want(t, http.StatusUnprocessableEntity, "gender")
	a.get("/api/v1/topics?by=colour").want(t, http.StatusUnprocessableEntity, "by")
	a.get("/api/v1/topics?from=2026-13").want(t, http.StatusUnprocessableEntity, "from")
	e.login("worker", "Testclub").get("/topics").want(t, http.StatusForbidden)
}

// attackTopicsSmallGroup: an analyst narrows the topic counts to one
// small group (its province, its age band, its theme, alone or together)
// to read how many ideas a few children raised.
func attackTopicsSmallGroup(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	big := e.openSession("wellbeing", "10-13", "nl", "school", withIdeas)
	topicWith(t, e, big, "Speelplein", 12)
	small := e.openSession("wellbeing", "6-9", "nl", "school", withIdeas, func(s *store.Session) { s.Region = "hasselt"; s.Kind, s.Theme = "theme", "health" })
	topicWith(t, e, small, "Ziek", 3)
	a := e.login("analyst", "Coalitie")
	for _, q := range []string{"?by=none&region=hasselt", "?by=province", "?by=age_band", "?by=theme", "?by=theme,age_band,province", "?by=none&age_band=6-9"} {
		for _, c := range topicCells(t, a, q).Cells {
			small := c.Levels["province"] == "70000" || c.Levels["age_band"] == "6-9" || c.Levels["theme"] == "health" ||
				strings.Contains(q, "hasselt") || strings.Contains(q, "6-9")
			if small && !c.Hidden {
				t.Errorf("%s: a group of three children's ideas shows: %+v", q, c)
			}
		}
	}
}
