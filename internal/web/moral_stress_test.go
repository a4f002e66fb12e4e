package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The moral-stress module runs as any professionals' round: an analyst
// makes links, professionals answer in their language without a word
// about a child's age or gender, and once the round closes the results
// show how often each cause happened, as shares hidden under k; the
// items are our own (no licensed scale) and carry their CRC articles.
func TestMoralStressRound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	analyst := e.login("analyst", "Coalitie")
	page := analyst.get("/rounds")
	page.want(t, http.StatusOK, "moral_stress")
	res := analyst.postForm("/rounds", url.Values{"csrf": {page.csrf(t)}, "survey": {"moral_stress"}, "kind": {"links"}, "count": {"12"},
		"closes": {e.clock.Now().AddDate(0, 0, 10).Format("2006-01-02")}})
	res.want(t, http.StatusCreated, "/i/")
	links := regexpAll(res.body, `/i/([A-Za-z0-9_-]{22})\s`)
	id := regexpValue(t, res.body, `href="/rounds/(\d+)"`)
	c := e.client()
	form := c.get("/i/" + links[0] + "?lang=en")
	form.want(t, http.StatusOK, "Moral stress in youth care", "Lack of time kept me from doing what I thought was right", "Name no children or colleagues.")
	for _, word := range []string{`name="age"`, `name="gender"`} {
		if strings.Contains(form.body, word) {
			t.Errorf("the moral-stress form asks %s", word)
		}
	}
	c.get("/i/"+links[0]+"?lang=ar").want(t, http.StatusOK, `dir="rtl"`)
	// 9 of 12 ran short of time often or very often; 3 never.
	for i, tok := range links {
		time := "4"
		switch {
		case i%4 == 3:
			time = "1"
		case i%2 == 0:
			time = "5"
		}
		c.postForm("/i/"+tok, url.Values{"lang": {"nl"}, "a.ms_time": {time}, "a.ms_talk": {"2"}, "a.ms_role": {"1"}}).want(t, http.StatusSeeOther)
	}
	c.postForm("/i/"+links[0], url.Values{"lang": {"nl"}, "a.ms_time": {"9"}}).want(t, http.StatusUnprocessableEntity) // not one of the five
	c.postForm("/i/"+links[0], url.Values{"lang": {"nl"}, "a.ms_time": {"1"}}).want(t, http.StatusConflict)            // the link is used
	round := analyst.get("/rounds/" + id + "?lang=en")
	analyst.postForm("/rounds/"+id+"/close", url.Values{"csrf": {round.csrf(t)}}).want(t, http.StatusSeeOther)
	analyst.get("/rounds/"+id+"/results?lang=en").want(t, http.StatusOK, "Lack of time kept me from doing what I thought was right")
	api := analyst.get("/api/v1/rounds/" + id + "/results")
	api.want(t, http.StatusOK)
	var out struct {
		Responses int `json:"responses"`
		Questions []struct {
			Item    string `json:"item"`
			N       *int   `json:"n"`
			Answers []struct {
				Code       int      `json:"code"`
				Share      *float64 `json:"share"`
				Suppressed bool     `json:"suppressed"`
			} `json:"answers"`
		} `json:"questions"`
	}
	if err := json.Unmarshal([]byte(api.body), &out); err != nil {
		t.Fatal(err)
	}
	if out.Responses != 12 {
		t.Fatalf("%d responses, want 12", out.Responses)
	}
	seen := map[string]bool{}
	for _, q := range out.Questions {
		seen[q.Item] = true
		switch q.Item {
		case "ms_time": // "never" from 3, under k: hidden; "rarely" from none: 0
			if q.N == nil || *q.N != 12 || len(q.Answers) != 5 || !q.Answers[0].Suppressed || q.Answers[0].Share != nil || q.Answers[1].Share == nil || *q.Answers[1].Share != 0 {
				t.Errorf("ms_time: %+v", q)
			}
		case "ms_talk": // all 12 "rarely"
			if len(q.Answers) != 5 || q.Answers[1].Share == nil || *q.Answers[1].Share != 1 {
				t.Errorf("ms_talk: %+v", q)
			}
		}
	}
	if !seen["ms_time"] || !seen["ms_talk"] {
		t.Errorf("questions missing: %s", api.body)
	}
}
