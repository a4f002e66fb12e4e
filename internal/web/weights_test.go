package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/store"
)

// restart rebuilds the index from the database, as serve does at start
// (it reads the population table then).
func (e *env) restart(t *testing.T) {
	t.Helper()
	ix, err := indicator.Load(context.Background(), e.store, e.catalog, indicator.WithRecordKey([]byte("the tests' record key")))
	if err != nil {
		t.Fatal(err)
	}
	e.app.SetIndex(ix)
}

type weightedAnswer struct {
	Indicators []struct {
		Total   designCell `json:"total"`
		Weights *struct {
			Method         string   `json:"method"`
			Scheme         string   `json:"scheme"`
			RakedProvinces []string `json:"raked_provinces"`
		} `json:"weights"`
		Cells []struct {
			Levels     map[string]string `json:"levels"`
			Value      *float64          `json:"value"`
			N          *int              `json:"n"`
			Suppressed bool              `json:"suppressed"`
		} `json:"cells"`
	} `json:"indicators"`
}

// Girls in Gent are mostly satisfied, boys mostly not; the population of
// Oost-Vlaanderen has three boys of 10-13 for every girl. Weighted, the
// share falls towards the boys'; n stays the number of children; hidden
// cells stay hidden; page, API and CSV say the numbers are weighted.
func TestPopulationWeights(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	analyst := e.login("analyst", "Stad")
	q := "/api/v1/indicators?survey=wellbeing&indicator=life_satisfied"
	analyst.get(q+"&weights=population").want(t, http.StatusUnprocessableEntity, `"field":"weights"`, "bevolkingstabel")
	analyst.get(q+"&weights=census").want(t, http.StatusUnprocessableEntity, `"field":"weights"`)
	for s := 0; s < 12; s++ {
		sess := e.openSession("wellbeing", "10-13", "nl", "school")
		for i := 0; i < 8; i++ {
			gender, v := "girl", 9
			if i%2 == 1 {
				gender, v = "boy", 2
				if i == 1 && s%2 == 0 {
					v = 9
				}
			}
			body := fmt.Sprintf(`{"id":"%s","lang":"nl","gender":"%s","answers":{"life_satisfaction":%d}}`, uidFor(fmt.Sprintf("w%d", s), i), gender, v)
			e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
		}
	}
	care := e.openSession("wellbeing", "10-13", "nl", "youth_care")
	for i := 0; i < 3; i++ {
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","gender":"girl","answers":{"life_satisfaction":9}}`, uidFor("care", i))
		e.client().postJSON("/api/v1/sessions/"+care.Code+"/submissions", body).want(t, http.StatusCreated)
	}
	var pop []store.PopulationCount
	for age := 10; age <= 13; age++ {
		pop = append(pop, store.PopulationCount{Area: "44021", Sex: "female", Age: age, Count: 1000}, store.PopulationCount{Area: "44021", Sex: "male", Age: age, Count: 3000})
	}
	if err := e.store.ReplacePopulation(context.Background(), "test.csv", pop); err != nil {
		t.Fatal(err)
	}
	e.restart(t)
	get := func(query string) weightedAnswer {
		t.Helper()
		r := analyst.get(q + query)
		r.want(t, http.StatusOK)
		var out weightedAnswer
		if err := json.Unmarshal([]byte(r.body), &out); err != nil || len(out.Indicators) != 1 {
			t.Fatalf("%v: %s", err, r.body)
		}
		return out
	}
	plain, weighted := get("&by=setting"), get("&by=setting&weights=population")
	p, w := plain.Indicators[0], weighted.Indicators[0]
	if p.Weights != nil || w.Weights == nil || w.Weights.Method != "population" || w.Weights.Scheme != "post-stratification" {
		t.Fatalf("weights: plain %+v, weighted %+v", p.Weights, w.Weights)
	}
	// True shares: girls 51/51, boys 6/48 of 99 children; unweighted about
	// 57/99 = 0.58, weighted (1/4 girls, 3/4 boys) about 0.25 + 0.75*6/48
	// = 0.34; perturbation moves each by a few points at most.
	if *p.Total.N != *w.Total.N || *w.Total.NEffective > float64(*w.Total.N) {
		t.Fatalf("n plain %d, weighted %d (effective %v): n must stay the children", *p.Total.N, *w.Total.N, *w.Total.NEffective)
	}
	pv, wv := totalValue(t, analyst, q), totalValue(t, analyst, q+"&weights=population")
	if pv < 0.5 || pv > 0.66 || wv < 0.28 || wv > 0.40 {
		t.Fatalf("unweighted %.3f (want about 0.58), weighted %.3f (want about 0.34)", pv, wv)
	}
	for _, c := range w.Cells {
		if c.Levels["setting"] == "youth_care" && (!c.Suppressed || c.Value != nil || c.N != nil) {
			t.Fatalf("3 children in youth care shown with weights: %+v", c)
		}
	}
	page := analyst.get("/indicators/wellbeing/life_satisfied?weights=population")
	page.want(t, http.StatusOK, "weights-on", "Gewogen naar de bevolking", "Toon ongewogen")
	analyst.get("/indicators/wellbeing/life_satisfied").want(t, http.StatusOK, "Weeg naar de bevolking")
	if strings.Contains(analyst.get("/indicators/wellbeing/life_satisfied").body, "weights-on") {
		t.Fatal("an unweighted page says it is weighted")
	}
	csv := analyst.get("/export/indicators/csv?survey=wellbeing&indicator=life_satisfied&weights=population")
	csv.want(t, http.StatusOK, ",sessions,weights,se,reliability,reliability_reasons", ",population,")
}

func totalValue(t *testing.T, c *client, url string) float64 {
	t.Helper()
	var out struct {
		Indicators []struct {
			Total struct {
				Value *float64 `json:"value"`
			} `json:"total"`
		} `json:"indicators"`
	}
	r := c.get(url)
	if err := json.Unmarshal([]byte(r.body), &out); err != nil || len(out.Indicators) != 1 || out.Indicators[0].Total.Value == nil {
		t.Fatalf("%v: %s", err, r.body)
	}
	return *out.Indicators[0].Total.Value
}
