package web_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// breakdownRound fills a closed round of 42 responses: 12 of organisation
// kind 1, 11 of kind 2, 6 of kind 3, 12 of kind 4, 1 with no kind, none
// of kind 5. Respondent i scores cc_affordable.poverty (i mod 6) and says
// "don't know" on cc_affordable.homeless. It returns the round's id and
// each response's kind and score.
func breakdownRound(t *testing.T, e *env) (string, [][2]int) {
	t.Helper()
	r, links := e.newRound(42, false)
	kinds := []int{}
	for kind, n := range map[int]int{1: 12, 2: 11, 3: 6, 4: 12, -1: 1} {
		for range n {
			kinds = append(kinds, kind)
		}
	}
	c := e.client()
	var truth [][2]int
	for i, tok := range links {
		form := url.Values{"lang": {"en"}, "a.cc_affordable.poverty": {fmt.Sprint(i % 6)}, "a.cc_affordable.homeless": {"dont_know"}}
		if kinds[i] > 0 {
			form.Set("a.org_kind", fmt.Sprint(kinds[i]))
		}
		c.postForm("/i/"+tok, form).want(t, http.StatusSeeOther)
		truth = append(truth, [2]int{kinds[i], i % 6})
	}
	e.clock.Add(8 * 24 * time.Hour)
	return fmt.Sprint(r.ID), truth
}

type apiBreakdown struct {
	K     int    `json:"k"`
	By    string `json:"by"`
	Cells []struct {
		Statement, Row string
		Levels         map[string]string
		Value          *float64
		N              *int
		Suppressed     bool
	} `json:"cells"`
}

// The attack as an analyst would try it: read the results by kind of
// organisation from the API, add up the kinds that are shown and subtract
// them from the overall. Kinds 3 (6 scores) and "no answer" (1) are under
// k = 10; alone they would be left over as 7 scores with their mean, so
// kind 2 (11, the smallest shown) is hidden too, in every row of the
// statement.
func TestRoundBreakdownSubtractionRevealsNoLevel(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id, truth := breakdownRound(t, e)
	analyst := e.login("analyst", "Coalitie")
	res := analyst.get("/api/v1/rounds/" + id + "/results?by=org_kind")
	res.want(t, http.StatusOK)
	var out apiBreakdown
	if err := json.Unmarshal([]byte(res.body), &out); err != nil {
		t.Fatal(err)
	}
	if out.By != "org_kind" || out.K != 10 {
		t.Fatalf("by %q k %d", out.By, out.K)
	}
	var totalN int
	var totalSum float64
	shown := map[string]bool{}
	for _, c := range out.Cells {
		if c.Statement != "cc_affordable" || c.Row != "poverty" {
			continue
		}
		level := c.Levels["org_kind"]
		switch {
		case level == "all":
			totalN, totalSum = *c.N, *c.Value*float64(*c.N)
		case !c.Suppressed:
			shown[level] = true
			totalN -= *c.N
			totalSum -= *c.Value * float64(*c.N)
		}
	}
	// What the hidden kinds hold, from the answers sent.
	n, sum := 0, 0
	for _, r := range truth {
		if !shown[fmt.Sprint(r[0])] {
			n++
			sum += r[1]
		}
	}
	if totalN != n || math.Abs(totalSum-float64(sum)) > 1e-6 {
		t.Fatalf("the subtraction gives n %d sum %.2f, the hidden kinds hold n %d sum %d", totalN, totalSum, n, sum)
	}
	if totalN < out.K {
		t.Errorf("overall minus shown kinds leaves %d scores with mean %.2f (k %d)", totalN, totalSum/float64(totalN), out.K)
	}
	if len(shown) != 2 || !shown["1"] || !shown["4"] {
		t.Errorf("shown kinds %v, want 1 and 4 (2 is hidden so that 3 and no answer cannot be had)", shown)
	}
	// In the homeless row everyone said "don't know": no score, so the
	// row is hidden overall and in every kind.
	for _, c := range out.Cells {
		if c.Statement == "cc_affordable" && c.Row == "homeless" && !c.Suppressed {
			t.Errorf("the homeless row shows a number: %+v", c)
		}
	}
}

// The page and the CSV show the same breakdown; an unknown question is
// refused in the analyst's language, with nothing computed.
func TestRoundBreakdownPageAndCSV(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id, _ := breakdownRound(t, e)
	analyst := e.login("analyst", "Coalitie")
	page := analyst.get("/rounds/" + id + "/results?by=org_kind&lang=en")
	page.want(t, http.StatusOK, `<option value="org_kind" selected>`, `href="/rounds/`+id+`/export/csv?by=org_kind"`, `<th scope="row" class="level">No answer</th>`)
	// Kind 1: scores 0..5 twice over (respondents 0-11): mean 2.5, n 12.
	if !strings.Contains(page.body, `<td class="num">2.5</td><td class="num">12</td><td class="num">0</td><td class="num">0</td><td class="num">2</td><td class="num">2</td>`) {
		t.Errorf("kind 1 is not mean 2.5, n 12 in the poverty row")
	}
	csv := analyst.get("/rounds/" + id + "/export/csv?by=org_kind")
	csv.want(t, http.StatusOK, "kind,section,statement,row,by,level,title,mean")
	var levels []string
	for _, line := range strings.Split(csv.body, "\n") {
		if strings.HasPrefix(line, "cell,childcare,cc_affordable,poverty,org_kind,") {
			f := strings.Split(line, ",")
			levels = append(levels, f[5]+"="+f[len(f)-9]) // level = suppressed
		}
	}
	want := "all=false 1=false 2=true 3=true 4=false 5=true none=true"
	if got := strings.Join(levels, " "); got != want {
		t.Errorf("CSV poverty rows by kind: %s, want %s", got, want)
	}
	for _, lang := range []string{"en", "nl"} {
		bad := analyst.get("/rounds/" + id + "/results?by=childcare_comment&lang=" + lang)
		bad.want(t, http.StatusUnprocessableEntity)
		if want := map[string]string{"en": "one answer", "nl": "één antwoord"}[lang]; !strings.Contains(bad.body, want) {
			t.Errorf("%s: the refusal does not say %q", lang, want)
		}
	}
	analyst.get("/api/v1/rounds/"+id+"/results?by=nope").want(t, http.StatusUnprocessableEntity, "error")
}
