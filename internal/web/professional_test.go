package web_test

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/store"
)

// newRound starts a Child Guarantee round with n personal links (or one
// open link) straight through the store, as the command line does.
func (e *env) newRound(n int, open bool) (*store.Round, []string) {
	e.t.Helper()
	s, _ := e.catalog.Survey("child_guarantee")
	r := &store.Round{OrganisationID: e.org("Coalitie"), SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash, OpenLink: open,
		ClosesAt: e.clock.Now().Add(7 * 24 * time.Hour)}
	tokens, err := e.store.CreateRound(context.Background(), r, n)
	if err != nil {
		e.t.Fatal(err)
	}
	return r, tokens
}

// storedCodes reads one round's coded answers from the file, by item.
func (e *env) storedCodes(roundID int64) []map[string]int {
	e.t.Helper()
	rows, err := e.rawDB().Query(`SELECT a.response, a.item, a.code FROM response_answers a JOIN responses r ON r.key = a.response WHERE r.round_id = ? ORDER BY a.response`, roundID)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []map[string]int
	var last string
	for rows.Next() {
		var key []byte
		var item string
		var code int
		rows.Scan(&key, &item, &code)
		if string(key) != last {
			out = append(out, map[string]int{})
			last = string(key)
		}
		out[len(out)-1][item] = code
	}
	return out
}

// A 0 in one cell and "don't know" in another are stored as 0 and -2,
// every other cell as skipped; the link then takes no second response,
// and the personal link changes the answers until the round closes.
func TestProfessionalFormOneResponsePerLink(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r, tokens := e.newRound(2, false)
	c := e.client()
	first := c.get("/i/" + tokens[0] + "?lang=en")
	first.want(t, http.StatusOK, `name="a.cc_affordable.poverty" value="0"`, "0 · fully disagree", "Children with a disability")
	if len(first.Header.Values("Set-Cookie")) > 0 {
		t.Errorf("the invitation page sets a cookie: %v", first.Header.Values("Set-Cookie"))
	}
	res := c.postForm("/i/"+tokens[0], url.Values{"lang": {"en"}, "a.cc_affordable.poverty": {"0"}, "a.cc_affordable.homeless": {"dont_know"},
		"a.org_kind": {"2"}, "a.childcare_comment": {"Places are scarce."}})
	res.want(t, http.StatusSeeOther)
	personal := res.Header.Get("Location")
	if !strings.HasPrefix(personal, "/r/") || strings.Contains(personal, tokens[0]) {
		t.Fatalf("redirect to %q, want a personal link that is not the invitation", personal)
	}
	codes := e.storedCodes(r.ID)
	if len(codes) != 1 {
		t.Fatalf("%d responses stored, want 1", len(codes))
	}
	got := codes[0]
	if got["cc_affordable.poverty"] != 0 || got["cc_affordable.homeless"] != -2 || got["cc_affordable.disability"] != -1 || got["org_kind"] != 2 {
		t.Fatalf("stored %v", got)
	}
	if len(got) != 14*6+1+8+5 { // 85 cells (one statement asks only about care leavers), 8 profile and awareness items, 5 comments skipped (one went to texts)
		t.Errorf("%d coded answers stored, want 98", len(got))
	}
	c.get(personal).want(t, http.StatusOK, "Your answers are saved.", `name="a.cc_affordable.poverty" value="0" checked`,
		`name="a.cc_affordable.homeless" value="dont_know" checked`, "Places are scarce.")
	c.postForm("/i/"+tokens[0], url.Values{"lang": {"en"}, "a.org_kind": {"1"}}).want(t, http.StatusConflict, "already been used")
	c.get("/i/"+tokens[0]+"?lang=en").want(t, http.StatusConflict)
	c.postForm(strings.Split(personal, "?")[0], url.Values{"lang": {"nl"}, "a.cc_affordable.poverty": {"5"}}).want(t, http.StatusSeeOther)
	if got := e.storedCodes(r.ID); len(got) != 1 || got[0]["cc_affordable.poverty"] != 5 || got[0]["cc_affordable.homeless"] != -1 {
		t.Fatalf("after the change: %v", got)
	}
	e.clock.Add(8 * 24 * time.Hour)
	c.get(personal).want(t, http.StatusGone)
	c.postForm(strings.Split(personal, "?")[0], url.Values{"lang": {"nl"}}).want(t, http.StatusGone)
	c.get("/i/"+tokens[1]).want(t, http.StatusGone)
}

// Bad forms get the form back with a message in the respondent's
// language, and nothing is stored.
func TestProfessionalFormBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r, tokens := e.newRound(1, false)
	c := e.client()
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"unknown item", url.Values{"lang": {"en"}, "a.nope": {"1"}}, "does not belong to this questionnaire"},
		{"matrix without a row", url.Values{"lang": {"en"}, "a.cc_affordable": {"3"}}, "does not belong to this questionnaire"},
		{"unknown row", url.Values{"lang": {"en"}, "a.cc_affordable.adults": {"3"}}, "does not belong to this questionnaire"},
		{"above the scale", url.Values{"lang": {"en"}, "a.cc_affordable.poverty": {"6"}}, `href="#q-cc_affordable.poverty"`},
		{"below the scale", url.Values{"lang": {"en"}, "a.cc_affordable.poverty": {"-3"}}, `href="#q-cc_affordable.poverty"`},
		{"don't know not offered", url.Values{"lang": {"en"}, "a.org_kind": {"dont_know"}}, `href="#q-org_kind"`},
		{"two answers in one row", url.Values{"lang": {"en"}, "a.cc_affordable.poverty": {"1", "2"}}, `href="#q-cc_affordable.poverty"`},
		{"comment too long", url.Values{"lang": {"en"}, "a.housing_comment": {strings.Repeat("x", 501)}}, `href="#q-housing_comment"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.postForm("/i/"+tokens[0], tc.form).want(t, http.StatusUnprocessableEntity, tc.want, `lang="en"`)
		})
	}
	c.postForm("/i/"+tokens[0], url.Values{"lang": {"xx"}}).want(t, http.StatusUnprocessableEntity)
	c.get("/i/short").want(t, http.StatusNotFound)
	c.get("/r/"+tokens[0]).want(t, http.StatusNotFound) // an invitation is no personal link
	if got := e.storedCodes(r.ID); len(got) != 0 {
		t.Fatalf("%d responses stored from bad forms", len(got))
	}
}

// The round's page counts answered links and never says which; results
// wait for the close; then mean and n per cell match the hand-worked
// values, small cells are hidden and comments come masked.
func TestRoundPagesAndResults(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	analyst := e.login("analyst", "Coalitie")
	page := analyst.get("/rounds")
	page.want(t, http.StatusOK, "child_guarantee")
	res := analyst.postForm("/rounds", url.Values{"csrf": {page.csrf(t)}, "survey": {"child_guarantee"}, "kind": {"links"}, "count": {"12"},
		"closes": {e.clock.Now().AddDate(0, 0, 10).Format("2006-01-02")}})
	res.want(t, http.StatusCreated, "/i/")
	links := regexpAll(res.body, `/i/([A-Za-z0-9_-]{22})\s`)
	if len(links) != 12 {
		t.Fatalf("%d links shown, want 12", len(links))
	}
	id := regexpValue(t, res.body, `href="/rounds/(\d+)"`)
	// a.pov codes of the hand-worked table: 0 1 2 3 4 5 dk skip 0 5 2 3.
	pov := []string{"0", "1", "2", "3", "4", "5", "dont_know", "skip", "0", "5", "2", "3"}
	dis := []string{"5", "skip", "4", "skip", "0", "2", "dont_know", "skip", "3", "5", "skip", "1"}
	c := e.client()
	for i, tok := range links {
		// All 12 had never heard of it: a share of 1 (an answer given by
		// fewer than k, as 4 of 12, would be hidden: attack_rounds_test.go).
		form := url.Values{"lang": {"nl"}, "a.cc_affordable.poverty": {pov[i]}, "a.cc_affordable.disability": {dis[i]}, "a.known": {"1"}}
		if i == 3 {
			form.Set("a.childcare_comment", "Bel me op 0471 12 34 56 of mail an@example.org.")
		}
		c.postForm("/i/"+tok, form).want(t, http.StatusSeeOther)
		if i == 0 {
			analyst.get("/rounds/"+id+"?lang=en").want(t, http.StatusOK, "1 of 12 links have a response.")
		}
	}
	analyst.get("/rounds/"+id+"/results").want(t, http.StatusConflict)
	round := analyst.get("/rounds/" + id + "?lang=en")
	round.want(t, http.StatusOK, "12 of 12 links have a response.")
	analyst.postForm("/rounds/"+id+"/close", url.Values{"csrf": {round.csrf(t)}}).want(t, http.StatusSeeOther)
	results := analyst.get("/rounds/" + id + "/results?lang=en")
	results.want(t, http.StatusOK, "Bel me op [***] of mail [***].",
		`<th scope="row">I had never heard of it</th><td class="num">100</td><td class="num">12</td>`,
		`<th scope="row">I had heard of it, but do not know much about it</th><td class="num">0</td><td class="num">0</td>`)
	// poverty: n 10, sum 25, mean 2.5, 1 don't know, 1 skipped, distribution 2 1 2 2 1 2.
	if !strings.Contains(results.body, `<td class="num">2.5</td><td class="num">10</td><td class="num">1</td><td class="num">1</td><td class="num">2</td><td class="num">1</td><td class="num">2</td><td class="num">2</td><td class="num">1</td><td class="num">2</td>`) {
		t.Errorf("the poverty cell of cc_affordable is not mean 2.5, n 10, 1, 1, 2 1 2 2 1 2:\n%s", results.body)
	}
	// disability: 7 scores, under k = 10: hidden whole.
	if strings.Count(results.body, "hidden (too few)") < 1 {
		t.Error("no hidden cell")
	}
	api := analyst.get("/api/v1/rounds/" + id + "/results")
	api.want(t, http.StatusOK)
	var out struct {
		Responses int `json:"responses"`
		Cells     []struct {
			Statement, Row string
			Value          *float64
			N              *int
			Suppressed     bool
			Distribution   map[string]int
		} `json:"cells"`
	}
	if err := json.Unmarshal([]byte(api.body), &out); err != nil {
		t.Fatal(err)
	}
	for _, cell := range out.Cells {
		if cell.Statement != "cc_affordable" {
			continue
		}
		switch cell.Row {
		case "poverty":
			if cell.N == nil || *cell.N != 10 || *cell.Value != 2.5 || cell.Distribution["0"] != 2 {
				t.Errorf("API poverty cell = %+v", cell)
			}
		case "disability":
			if !cell.Suppressed || cell.N != nil || cell.Value != nil {
				t.Errorf("API disability cell shows numbers: %+v", cell)
			}
		}
	}
	csv := analyst.get("/rounds/" + id + "/export/csv")
	csv.want(t, http.StatusOK, "cell,childcare,cc_affordable,poverty,", "cell,childcare,cc_affordable,disability,")
	for _, line := range strings.Split(csv.body, "\n") {
		switch {
		case strings.HasPrefix(line, "cell,childcare,cc_affordable,poverty,"):
			if !strings.Contains(line, ",2.5,") || !strings.HasSuffix(strings.TrimSpace(line), ",10,1,1,false,0,ok,2,1,2,2,1,2") {
				t.Errorf("CSV poverty cell: %s", line)
			}
		case strings.HasPrefix(line, "cell,childcare,cc_affordable,disability,"):
			if !strings.HasSuffix(strings.TrimSpace(line), ",,,,,,,true,,,,,,,,") {
				t.Errorf("CSV disability cell shows numbers: %s", line)
			}
		}
	}
	if out.Responses != 12 {
		t.Errorf("API responses = %d", out.Responses)
	}
	if !strings.Contains(api.body, `{"item":"known","value":null,"lower":null,"upper":null,"n":12,"dont_know":0,"skipped":0,"deff":null,"n_effective":null,"sessions":null,"suppressed":false,"answers":[{"code":1,`) {
		t.Errorf("API lacks the awareness question with n 12:\n%s", api.body[strings.Index(api.body, `"item":"known"`):][:400])
	}
	// The pools are in /api/v1/indicators too, over every closed round.
	pools := analyst.get("/api/v1/indicators?survey=child_guarantee")
	pools.want(t, http.StatusOK, `"id":"childcare_by_group"`, `"kind":"pool"`)
	var ind struct {
		Indicators []struct {
			ID    string
			Cells []struct {
				Levels     map[string]string
				Value      *float64
				N          *int
				Suppressed bool
			}
		}
	}
	if err := json.Unmarshal([]byte(pools.body), &ind); err != nil {
		t.Fatal(err)
	}
	for _, i := range ind.Indicators {
		if i.ID != "childcare_by_group" {
			continue
		}
		// Only cc_affordable was answered: its poverty row again, n 10, mean 2.5.
		if c := i.Cells[0]; c.Levels["row"] != "poverty" || c.N == nil || *c.N != 10 || *c.Value != 2.5 {
			t.Errorf("childcare_by_group poverty = %+v", c)
		}
	}
	// The awareness items as share indicators: 12 of 12 had never heard of
	// it. In the API (the survey's and the full list), the overview, the
	// indicator export and the round's CSV.
	for _, path := range []string{"/api/v1/indicators?survey=child_guarantee", "/api/v1/indicators"} {
		body := analyst.get(path)
		body.want(t, http.StatusOK, `"id":"never_heard","kind":"share"`)
		var got struct {
			Indicators []struct {
				ID    string
				Total struct {
					Value *float64
					N     *int
				}
			}
		}
		if err := json.Unmarshal([]byte(body.body), &got); err != nil {
			t.Fatal(err)
		}
		for _, i := range got.Indicators {
			if i.ID == "never_heard" && (i.Total.N == nil || *i.Total.N != 12 || math.Abs(*i.Total.Value-1) > 1e-9) {
				t.Errorf("%s: never_heard = %+v, want 12/12 of n 12", path, i.Total)
			}
		}
	}
	analyst.get("/indicators?lang=en").want(t, http.StatusOK, "Organisations&#39; staff who had never heard of the Child Guarantee", ">100%<")
	analyst.get("/export/indicators/csv?survey=child_guarantee&lang=en").want(t, http.StatusOK, "child_guarantee,2,never_heard,", ",share,general_measures,4,,,,,,,1,0.735", ",row,poverty,Children at risk of poverty or social exclusion,", ",false,10,,,,,0.")
	// Every one of the 12 invited answered: the round describes them with
	// no sampling error (the finite population correction is 0).
	analyst.get("/rounds/"+id+"/export/csv").want(t, http.StatusOK, "share,awareness,known,1,", "I had never heard of it,1,1,1,12,")
	// The organisations' answers have no gender, age, setting or weight: a
	// filtered list leaves them out rather than show unfiltered figures
	// beside filtered ones, and naming their survey with a filter is
	// refused in the analyst's language, as is an unknown parameter.
	for _, path := range []string{"/api/v1/indicators?gender=girl", "/export/indicators/csv?setting=school&lang=en", "/indicators?age_band=10-13&lang=en"} {
		if r := analyst.get(path); strings.Contains(r.body, "never_heard") || strings.Contains(r.body, "never heard of the Child Guarantee") {
			t.Errorf("%s: status %d lists the organisations' unfiltered figures", path, r.StatusCode)
		}
	}
	analyst.get("/api/v1/indicators?survey=child_guarantee&gender=girl&lang=en").want(t, http.StatusUnprocessableEntity, "The surveys for organisations have no age, gender")
	analyst.get("/export/indicators/csv?survey=child_guarantee&by=setting&lang=en").want(t, http.StatusUnprocessableEntity, "The surveys for organisations have no age, gender")
	analyst.get("/api/v1/indicators?survey=child_guarantee&gendr=girl").want(t, http.StatusUnprocessableEntity)
	worker := e.login("worker", "Coalitie")
	if res := worker.get("/rounds"); res.StatusCode == http.StatusOK {
		t.Error("a youth worker sees invitation rounds")
	}
}

// regexpAll returns the first group of every match of pattern in body.
func regexpAll(body, pattern string) []string {
	var out []string
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}
