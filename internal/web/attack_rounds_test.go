package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
)

// The invitation rounds' attacks of the attack table.

// answerRound sends one response per link: a score for childcare's
// affordability to people in poverty, "don't know" or a score for the
// homeless, and the extra form fields given.
func (e *env) answerRound(t *testing.T, links []string, scores []int, homeless []string, extra ...url.Values) {
	t.Helper()
	c := e.client()
	for i, tok := range links {
		form := url.Values{"lang": {"en"}, "a.cc_affordable.poverty": {fmt.Sprint(scores[i])}, "a.cc_affordable.homeless": {homeless[i%len(homeless)]}}
		if i < len(extra) {
			for k, v := range extra[i] {
				form[k] = v
			}
		}
		c.postForm("/i/"+tok, form).want(t, http.StatusSeeOther)
	}
}

// poolCell is one cell of a pool as the API gives it.
type poolCell struct {
	N, DontKnow *int
	Value       *float64
	Suppressed  bool
}

// childcarePoverty reads the pool "childcare by group", row poverty, and
// row homeless, from /api/v1/indicators (over every closed round the
// caller sees).
func childcarePool(t *testing.T, c *client, path string) map[string]poolCell {
	t.Helper()
	r := c.get(path)
	r.want(t, http.StatusOK)
	var out struct {
		Indicators []struct {
			ID    string `json:"id"`
			Cells []struct {
				Levels     map[string]string `json:"levels"`
				N          *int              `json:"n"`
				DontKnow   *int              `json:"dont_know"`
				Value      *float64          `json:"value"`
				Suppressed bool              `json:"suppressed"`
			} `json:"cells"`
		} `json:"indicators"`
	}
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatal(err)
	}
	cells := map[string]poolCell{}
	for _, ind := range out.Indicators {
		if ind.ID != "childcare_by_group" {
			continue
		}
		for _, c := range ind.Cells {
			cells[c.Levels["row"]] = poolCell{c.N, c.DontKnow, c.Value, c.Suppressed}
		}
	}
	return cells
}

// roundPool reads the same pool cells from one round's results.
func roundPool(t *testing.T, c *client, roundID int64) map[string]poolCell {
	t.Helper()
	r := c.get(fmt.Sprintf("/api/v1/rounds/%d/results", roundID))
	r.want(t, http.StatusOK)
	var out struct {
		Pools []struct {
			Indicator string `json:"indicator"`
			Cells     []struct {
				Levels     map[string]string `json:"levels"`
				N          *int              `json:"n"`
				DontKnow   *int              `json:"dont_know"`
				Value      *float64          `json:"value"`
				Suppressed bool              `json:"suppressed"`
			} `json:"cells"`
		} `json:"pools"`
	}
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatal(err)
	}
	cells := map[string]poolCell{}
	for _, p := range out.Pools {
		if p.Indicator == "childcare_by_group" {
			for _, c := range p.Cells {
				cells[c.Levels["row"]] = poolCell{c.N, c.DontKnow, c.Value, c.Suppressed}
			}
		}
	}
	return cells
}

// subtract is what the pool minus one round gives for a cell, when both
// are shown: n, the sum of scores and "don't know".
func subtract(pool, part poolCell) (n int, sum float64, dk int, ok bool) {
	if pool.Suppressed || part.Suppressed || pool.N == nil || part.N == nil {
		return 0, 0, 0, false
	}
	n = *pool.N - *part.N
	if pool.Value != nil && part.Value != nil {
		sum = *pool.Value*float64(*pool.N) - *part.Value*float64(*part.N)
	}
	if pool.DontKnow != nil && part.DontKnow != nil {
		dk = *pool.DontKnow - *part.DontKnow
	}
	return n, sum, dk, true
}

// Finding: the pool of every closed round, n 14 mean 3.4286, minus round
// 1's n 11 mean 4.0909, gave round 2's hidden 3 responses exactly (all 1);
// the same for "don't know", and by polling the pool before and after the
// small round closed. No pooled cell the small round hides is shown now.
func attackPoolMinusRound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	big, bigLinks := e.newRound(11, false)
	small, smallLinks := e.newRound(3, false)
	e.answerRound(t, bigLinks, []int{5, 5, 5, 5, 4, 4, 4, 4, 3, 3, 3}, []string{"4"})
	e.answerRound(t, smallLinks, []int{1, 1, 1}, []string{"dont_know"})
	analyst := e.login("analyst", "Coalitie")
	const pools = "/api/v1/indicators?survey=child_guarantee"
	if err := e.store.CloseRound(ctx, big.ID); err != nil {
		t.Fatal(err)
	}
	before := childcarePool(t, analyst, pools)
	if err := e.store.CloseRound(ctx, small.ID); err != nil {
		t.Fatal(err)
	}
	after := childcarePool(t, analyst, pools)
	first := roundPool(t, analyst, big.ID)
	if c := first["poverty"]; c.Suppressed || *c.N != 11 || math.Abs(*c.Value-45.0/11) > 1e-4 {
		t.Fatalf("round 1 alone: %+v, want n 11, mean 4.0909", c)
	}
	for _, row := range []string{"poverty", "homeless"} {
		for name, part := range map[string]poolCell{"round 1's results": first[row], "the pool before round 2 closed": before[row]} {
			if n, sum, dk, ok := subtract(after[row], part); ok && (n > 0 || dk > 0) {
				t.Errorf("%s: the pool minus %s gives round 2's hidden part: n %d, sum of scores %.4f (mean %.4f), don't know %d",
					row, name, n, sum, sum/math.Max(1, float64(n)), dk)
			}
		}
	}
}

// Finding: a round's profile shares (0.8333 / 0.1667 of 12) published an
// answer given by 2 respondents. Answers under k are hidden, with their
// complement: 10 "yes" and 2 "no" both go.
func attackProfileSharesUnderK(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r, links := e.newRound(12, false)
	var extra []url.Values
	for i := range links {
		yes := "1"
		if i < 2 {
			yes = "0"
		}
		extra = append(extra, url.Values{"a.frontline": {yes}})
	}
	e.answerRound(t, links, []int{3, 4, 5, 2, 3, 4, 5, 2, 3, 4, 5, 1}, []string{"3"}, extra...)
	if err := e.store.CloseRound(context.Background(), r.ID); err != nil {
		t.Fatal(err)
	}
	analyst := e.login("analyst", "Coalitie")
	res := analyst.get(fmt.Sprintf("/api/v1/rounds/%d/results", r.ID))
	res.want(t, http.StatusOK)
	var out struct {
		Questions []struct {
			Item    string `json:"item"`
			N       *int   `json:"n"`
			Answers []struct {
				Code  int      `json:"code"`
				Share *float64 `json:"share"`
			} `json:"answers"`
		} `json:"questions"`
	}
	if err := json.Unmarshal([]byte(res.body), &out); err != nil {
		t.Fatal(err)
	}
	for _, q := range out.Questions {
		if q.Item != "frontline" {
			continue
		}
		for _, a := range q.Answers {
			if a.Share != nil && q.N != nil && *a.Share > 0 {
				if n := int(math.Round(*a.Share * float64(*q.N))); n < 10 || *q.N-n > 0 && *q.N-n < 10 {
					t.Errorf("frontline answer %d: share %.4f of %d gives a level of %d (or its complement %d)", a.Code, *a.Share, *q.N, n, *q.N-n)
				}
			}
		}
	}
	page := analyst.get(fmt.Sprintf("/rounds/%d/results", r.ID))
	page.want(t, http.StatusOK)
	for _, pct := range []string{">83<", ">17<"} {
		if strings.Contains(page.body, pct) {
			t.Errorf("the results page shows %s", pct)
		}
	}
}

// Finding: an API token made without an organisation saw the pool over
// every organisation's rounds, yet got 404 on each of them. What a token
// sees in a pool is no more than the rounds it can open.
func attackTokenPoolScope(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	other := &store.Round{}
	mine, links := e.newRound(11, false)
	e.answerRound(t, links, []int{5, 5, 5, 5, 4, 4, 4, 4, 3, 3, 3}, []string{"4"})
	*other = *mine
	other.ID, other.OrganisationID = 0, e.org("Andere coalitie")
	otherLinks, err := e.store.CreateRound(ctx, other, 11)
	if err != nil {
		t.Fatal(err)
	}
	e.answerRound(t, otherLinks, []int{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2}, []string{"1"})
	for _, id := range []int64{mine.ID, other.ID} {
		if err := e.store.CloseRound(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	e.addUser("analyst", "owner@example.org", "Coalitie")
	owner, err := e.store.UserByEmail(ctx, "owner@example.org")
	if err != nil {
		t.Fatal(err)
	}
	secret, err := e.store.CreateToken(ctx, &store.Token{Name: "script", Role: "analyst", OrganisationID: owner.OrganisationID, CreatedBy: owner.ID})
	if err != nil {
		t.Fatal(err)
	}
	tok := e.client()
	r := tok.get(fmt.Sprintf("/api/v1/rounds/%d/results", other.ID), "Authorization", "Bearer "+secret)
	if r.StatusCode != http.StatusNotFound {
		t.Fatalf("the token opens another organisation's round: status %d", r.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/indicators?survey=child_guarantee", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	res := tok.do(req)
	res.want(t, http.StatusOK)
	var out struct {
		Indicators []struct {
			ID    string `json:"id"`
			Total struct {
				N *int `json:"n"`
			} `json:"total"`
		} `json:"indicators"`
	}
	if err := json.Unmarshal([]byte(res.body), &out); err != nil {
		t.Fatal(err)
	}
	for _, ind := range out.Indicators {
		if ind.Total.N != nil && *ind.Total.N > 11 {
			t.Errorf("%s: the token's pool counts %d responses, more than the 11 of the one round it may open", ind.ID, *ind.Total.N)
		}
	}
}
