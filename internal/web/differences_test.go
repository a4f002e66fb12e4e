package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/web"
)

// Three school sessions where 7 of 8 are satisfied, three youth-work
// sessions where 1 of 8 is, and 3 children in youth care: the API and the
// page say school and youth work differ by more than the interval allows,
// and do not compare youth care (hidden).
func TestDifferencesShown(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	for s := 0; s < 6; s++ {
		setting, hits := "school", 7
		if s >= 3 {
			setting, hits = "youth_work", 1
		}
		sess := e.openSession("wellbeing", "10-13", "nl", setting)
		for i := 0; i < 8; i++ {
			v := 2
			if i < hits {
				v = 9
			}
			body := fmt.Sprintf(`{"id":"%s","lang":"nl","gender":"girl","answers":{"life_satisfaction":%d}}`, uidFor(fmt.Sprintf("d%d", s), i), v)
			e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
		}
	}
	e.fill(t, "youth_care", 9, 9, 2)
	analyst := e.login("analyst", "Stad")
	r := analyst.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied&by=setting")
	r.want(t, http.StatusOK, `"differences":`)
	var out struct {
		Indicators []struct {
			Differences []struct {
				A, B        map[string]string
				Estimate    *float64 `json:"estimate"`
				Lower       *float64 `json:"lower"`
				Significant *bool    `json:"significant"`
				Reason      string   `json:"reason"`
				P           *float64 `json:"p"`
			} `json:"differences"`
			Overall *struct {
				F        float64 `json:"f"`
				DF1, DF2 int
				P        float64 `json:"p"`
				Levels   int     `json:"levels"`
			} `json:"overall_test"`
		} `json:"indicators"`
	}
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, d := range out.Indicators[0].Differences {
		a, b := d.A["setting"], d.B["setting"]
		switch {
		case a == "school" && b == "youth_work":
			seen++
			if d.Significant == nil || !*d.Significant || *d.Estimate < 0.6 || *d.Lower <= 0 {
				t.Fatalf("school - youth work: %+v; want about +0.75, significant", d)
			}
		case a == "youth_care" || b == "youth_care":
			seen++
			if d.Reason != "suppressed" || d.Significant != nil || d.Estimate != nil {
				t.Fatalf("%s - %s compared with a hidden cell: %+v", a, b, d)
			}
		}
	}
	if seen < 3 {
		t.Fatalf("only %d of the expected pairs: %s", seen, r.body)
	}
	// One test across the groups shown (school and youth work; youth care
	// is hidden and takes no part).
	if o := out.Indicators[0].Overall; o == nil || o.Levels != 2 || o.DF1 != 1 || o.P >= 0.05 || o.F <= 0 {
		t.Fatalf("overall test %+v; want school and youth work, p < 0.05: %s", o, r.body)
	}
	analyst.get("/indicators/wellbeing/life_satisfied?by=setting").want(t, http.StatusOK,
		"Verschillen", "School − Jeugdwerk", "Groter dan zijn interval toelaat", "Niet vergeleken: een groep is verborgen",
		"p (Holm)", "Verschillen de groepen überhaupt? Eén toets over alle 2 groepen", "met 1 en 4 vrijheidsgraden): p ")
	// No breakdown, nothing to compare.
	if plain := analyst.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied"); strings.Contains(plain.body, `"differences"`) {
		t.Fatalf("differences without a breakdown: %s", plain.body)
	}
}

// Three months, each of three sessions, in which children grow happier
// month by month: a breakdown by month has a trend per month, upwards and
// clearly so, on the API and the page; a breakdown by setting has none.
func TestTrendOverPeriods(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) { smallBase(c); c.ClientRate = 1 << 30 })
	for m := 0; m < 3; m++ {
		for s := 0; s < 3; s++ {
			sess := e.openSession("wellbeing", "10-13", "nl", "school")
			for i := 0; i < 8; i++ {
				v := 3 + 2*m + i%3
				body := fmt.Sprintf(`{"id":"%s","lang":"nl","gender":"girl","answers":{"life_satisfaction":%d}}`, uidFor(fmt.Sprintf("t%d-%d", m, s), i), v)
				e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
			}
		}
		e.clock.Add(31 * 24 * time.Hour)
	}
	analyst := e.login("analyst", "Stad")
	r := analyst.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfaction_mean&by=period&period=month")
	r.want(t, http.StatusOK, `"trend":`)
	var out struct {
		Indicators []struct {
			Trend *struct {
				Slope, Lower, P float64
				Periods         int
			} `json:"trend"`
		} `json:"indicators"`
	}
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatal(err)
	}
	// True slope: 2 points a month; the perturbed means move it a little.
	if tr := out.Indicators[0].Trend; tr == nil || tr.Periods != 3 || tr.Slope < 1.5 || tr.Slope > 2.5 || tr.Lower <= 0 || tr.P >= 0.05 {
		t.Fatalf("trend %+v; want about +2 a month, clearly above 0: %s", tr, r.body)
	}
	analyst.get("/indicators/wellbeing/life_satisfaction_mean?by=period&period=month").want(t, http.StatusOK, "Trend per periode: &#43;2", "p &lt; 0,001")
	if bySetting := analyst.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfaction_mean&by=setting"); strings.Contains(bySetting.body, `"trend"`) {
		t.Fatalf("a trend over settings: %s", bySetting.body)
	}
}
