package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/demo"
)

// A worker adds the background block to a session; a child of 11 answers
// it without JavaScript and the four values are stored; a session without
// the block refuses its answers and stores nothing.
func TestBackgroundBlockFromWorkerToStore(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Jeugdhuis")
	id := sessionIDFrom(t, w.createSession(t, url.Values{"background": {"on"}}))
	page := w.get("/sessions/" + id)
	page.want(t, http.StatusOK, "Met de achtergrondvragen op het einde")
	code := regexpValue(t, page.body, `class="big-code"[^>]*>([A-Z0-9]{6})<`)
	c := e.client()
	q := c.get("/s/" + code)
	q.want(t, http.StatusOK, `name="a.bg_living"`, "Bij wie woon je?", `name="a.bg_have_school_trips"`, "Zeg ik liever niet")
	if strings.Contains(q.body, "data-bg-age") {
		t.Error("a 10-13 session asks the block by age")
	}
	form := url.Values{"id": {uid(1)}, "lang": {"nl"}, "age": {"11"}, "gender": {"girl"}, "a.life_satisfaction": {"9"},
		"a.bg_living": {"two_homes"}, "a.bg_language": {"other_only"}, "a.bg_illness": {"no"},
		"a.bg_have_phone": {"no"}, "a.bg_have_own_room": {"no"}, "a.bg_have_car": {"yes"}}
	c.postForm("/s/"+code, form).want(t, http.StatusSeeOther)
	var living, language, illness, deprivation string
	e.rawDB().QueryRow(`SELECT bg_living, bg_language, bg_illness, bg_deprivation FROM submissions`).Scan(&living, &language, &illness, &deprivation)
	if living != "two_homes" || language != "other_only" || illness != "no" || deprivation != "two_or_more" {
		t.Fatalf("stored %q %q %q %q", living, language, illness, deprivation)
	}
	// Without the block, its answers are refused whole.
	plain := e.openSession("wellbeing", "10-13", "nl", "school")
	if strings.Contains(c.get("/s/"+plain.Code).body, "a.bg_living") {
		t.Error("a session without the block shows it")
	}
	form.Set("id", uid(2))
	c.postForm("/s/"+plain.Code, form).want(t, http.StatusUnprocessableEntity)
	if n := e.count(plain.ID); n != 0 {
		t.Fatalf("%d stored from a refused form", n)
	}
}

// In the 6-9 band the block is for children who say they are 8 or older:
// the page says so, and a 7-year-old's answers to it are not kept.
func TestBackgroundBlockFromAgeEight(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "6-9", "nl", "school", withBlock)
	c := e.client()
	c.get("/s/"+sess.Code).want(t, http.StatusOK, `data-bg-age="8"`, "Alleen voor kinderen van 8 jaar of ouder")
	for i, age := range []string{"7", "8"} {
		form := url.Values{"id": {uid(10 + i)}, "lang": {"nl"}, "age": {age}, "a.bg_living": {"one_parent"}}
		c.postForm("/s/"+sess.Code, form).want(t, http.StatusSeeOther)
	}
	rows, err := e.rawDB().Query(`SELECT age, bg_living FROM submissions ORDER BY age`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[int]string{}
	for rows.Next() {
		var age int
		var living string
		rows.Scan(&age, &living)
		got[age] = living
	}
	if got[7] != "" || got[8] != "one_parent" {
		t.Fatalf("stored %v; want nothing for 7, one_parent for 8", got)
	}
}

// On a first start's demo content an analyst breaks the Kinderrechtenmonitor's
// wellbeing indicator down by living situation, on the API and the page.
func TestBackgroundBreakdownOnTheDemo(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if err := demo.Welcome(context.Background(), e.store, e.catalog, io.Discard); err != nil {
		t.Fatal(err)
	}
	a := e.login("analyst", "Stad")
	var out apiResult
	r := a.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied&by=living")
	r.want(t, http.StatusOK, `"living"`)
	if err := json.Unmarshal([]byte(r.body), &out); err != nil || len(out.Indicators) != 1 {
		t.Fatal(err, r.body)
	}
	shown := 0
	for _, c := range out.Indicators[0].Cells {
		if c.Value != nil && c.Levels["living"] != "" {
			shown++
		}
	}
	if n := out.Indicators[0].Total.N; n == nil || *n < 100 || shown == 0 {
		t.Fatalf("by living on the demo: total %v, %d levels shown\n%.600s", n, shown, r.body)
	}
	a.get("/indicators/wellbeing/life_satisfied?by=living").want(t, http.StatusOK, "Woonsituatie", "Beide ouders, één huis")
	a.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied&by=living&region=44021").want(t, http.StatusUnprocessableEntity, "background_place")
}
