package web_test

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"testing"

	"github.com/kinderstem/kinderstem/internal/web"
)

// A round of 60 invited organisations of which 50 answered describes
// those 60: its variances carry the finite population correction
// 1 - 50/60. Against R 4.2.2 with survey 4.1, the 50 scores of
// "affordable childcare, children in poverty" ((0:49 * 7) %% 6):
//
//	des <- svydesign(ids = ~1, fpc = ~rep(60, 50), data = data.frame(s = s))
//	m <- svymean(~s, des); SE(m); confint(m, df = degf(des))
//	# 2.42, se 0.1004005583, [2.218237524, 2.621762476]
//
// An open link invites nobody in particular: no correction. Its first ten
// scores (a link takes ten saves at once):
//
//	des <- svydesign(ids = ~1, weights = ~rep(1, 10), data = data.frame(s = s[1:10]))
//	# 2.1, se 0.5259911279, [0.9101254024, 3.289874598]
func TestRoundFinitePopulationCorrectionAgainstR(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) { c.ClientRate = 1 << 30 })
	scores := make([]int, 50)
	for i := range scores {
		scores[i] = i * 7 % 6
	}
	for _, tc := range []struct {
		open                        bool
		links, n                    int
		fpc, mean, se, lower, upper float64
	}{
		{false, 60, 50, 1 - 50.0/60, 2.42, 0.1004005583, 2.218237524, 2.621762476},
		{true, 1, 10, 1, 2.1, 0.5259911279, 0.9101254024, 3.289874598},
	} {
		round, links := e.newRound(tc.links, tc.open)
		for len(links) < tc.n {
			links = append(links, links[0]) // an open link takes every response
		}
		e.answerRound(t, links[:tc.n], scores, []string{"3"})
		if err := e.store.CloseRound(context.Background(), round.ID); err != nil {
			t.Fatal(err)
		}
		r := e.login("analyst", "Coalitie").get("/api/v1/rounds/" + strconv.FormatInt(round.ID, 10) + "/results")
		r.want(t, http.StatusOK)
		var out struct {
			Invited int     `json:"invited"`
			FPC     float64 `json:"finite_population_correction"`
			Cells   []struct {
				Statement, Row string
				Value, Lower   *float64
				Upper, SE      *float64
				N              *int
				Reliability    string `json:"reliability"`
			} `json:"cells"`
		}
		if err := json.Unmarshal([]byte(r.body), &out); err != nil {
			t.Fatal(err)
		}
		if math.Abs(out.FPC-tc.fpc) > 1e-12 || (!tc.open && out.Invited != 60) {
			t.Fatalf("open %v: invited %d, fpc %v; want 60 and %v", tc.open, out.Invited, out.FPC, tc.fpc)
		}
		found := false
		for _, c := range out.Cells {
			if c.Statement != "cc_affordable" || c.Row != "poverty" {
				continue
			}
			found = true
			if *c.N != tc.n || math.Abs(*c.Value-tc.mean) > 1e-12 || math.Abs(*c.SE-tc.se) > 1e-9 || math.Abs(*c.Lower-tc.lower) > 1e-8 || math.Abs(*c.Upper-tc.upper) > 1e-8 || c.Reliability == "" {
				t.Fatalf("open %v: n %d %v [%v, %v] se %v %s; R %v [%v, %v] se %v", tc.open, *c.N, *c.Value, *c.Lower, *c.Upper, *c.SE, c.Reliability, tc.mean, tc.lower, tc.upper, tc.se)
			}
		}
		if !found {
			t.Fatalf("no cell cc_affordable/poverty: %s", r.body)
		}
	}
}
