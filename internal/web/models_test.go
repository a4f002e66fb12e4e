package web_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/web"
)

// manyChildren lets one test client send the 171 questionnaires at once.
func manyChildren(c *web.Config) { c.ClientRate = 100000 }

// modelChildren fills twelve sessions of 14 children aged 10 to 12, six
// at school and six in youth work, girls and boys alternating, and one
// session of three girls aged 13 with life satisfaction 2, 1 and 3: the
// few children a differencing attacker is after.
func (e *env) modelChildren(t *testing.T) {
	t.Helper()
	child := 0
	for s := range 12 {
		setting := []string{"school", "youth_work"}[s%2]
		sess := e.openSession("wellbeing", "10-13", "nl", setting)
		for i := range 14 {
			child++
			life := min(10, 2+(child*7+s)%9+s%2+i%2)
			body := fmt.Sprintf(`{"id":"%s","lang":"nl","age":%d,"gender":"%s","answers":{"life_satisfaction":%d,"bullied":%d}}`,
				uidFor(fmt.Sprint("model", s), i), 10+i%3, []string{"girl", "boy"}[i%2], life, 1+(child+s)%5)
			e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
		}
	}
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	for i, life := range []int{2, 1, 3} {
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","age":13,"gender":"girl","answers":{"life_satisfaction":%d,"bullied":5}}`, uidFor("model13", i), life)
		e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
	}
}

type apiModelResult struct {
	Model  string `json:"model"`
	Family string `json:"family"`
	N      int    `json:"n"`
	Design struct {
		Sessions int `json:"sessions"`
		DesignDF int `json:"design_df"`
		DF       int `json:"df"`
	} `json:"design"`
	Predictors []struct {
		By        string `json:"by"`
		Reference string `json:"reference"`
		Levels    []struct {
			Level string `json:"level"`
			N     int    `json:"n"`
		} `json:"levels"`
	} `json:"predictors"`
	Coefficients []struct {
		Term      string   `json:"term"`
		Estimate  *float64 `json:"estimate"`
		SE        *float64 `json:"se"`
		P         *float64 `json:"p"`
		OddsRatio *float64 `json:"odds_ratio"`
	} `json:"coefficients"`
	Reasons []struct {
		Code    string   `json:"code"`
		Message string   `json:"message"`
		Levels  []string `json:"levels"`
	} `json:"reasons"`
}

func getModel(t *testing.T, c *client, query string, status int) apiModelResult {
	t.Helper()
	r := c.get("/api/v1/models?" + query)
	r.want(t, status)
	var res apiModelResult
	if err := json.Unmarshal([]byte(r.body), &res); err != nil {
		t.Fatal(err)
	}
	return res
}

func TestModelsAPIAndPage(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, manyChildren)
	e.modelChildren(t)
	analyst := e.login("analyst", "Stad")
	m := getModel(t, analyst, "survey=wellbeing&indicator=life_satisfied&by=setting,gender", http.StatusOK)
	if m.Model != "logistic" || m.Family != "quasibinomial" || m.Design.Sessions != 13 || m.Design.DesignDF != 12 || m.Design.DF != 10 || len(m.Coefficients) != 3 {
		t.Fatalf("model %+v", m)
	}
	if m.Predictors[0].Reference != "school" || m.Predictors[1].Reference != "girl" || m.Coefficients[0].Term != "(intercept)" || m.Coefficients[2].Term != "gender=boy" {
		t.Errorf("references and terms: %+v", m)
	}
	for _, c := range m.Coefficients {
		if c.Estimate == nil || c.SE == nil || c.P == nil || c.OddsRatio == nil || math.Abs(*c.OddsRatio-math.Exp(*c.Estimate)) > 0.01 {
			t.Errorf("coefficient %+v", c)
		}
	}
	// Bad input: a clear error, never a 500.
	analyst.get("/api/v1/models?survey=wellbeing&indicator=nope&by=gender").want(t, http.StatusNotFound, `"code":"indicator_unknown"`)
	analyst.get("/api/v1/models?survey=wellbeing&indicator=life_satisfied&by=shoe_size").want(t, http.StatusUnprocessableEntity, `"field":"by"`)
	analyst.get("/api/v1/models?survey=wellbeing&indicator=life_satisfied&by=gender,setting,age_band").want(t, http.StatusUnprocessableEntity, `"code":"breakdown_invalid"`)
	analyst.get("/api/v1/models?survey=wellbeing&indicator=life_satisfied").want(t, http.StatusUnprocessableEntity, `"code":"model_no_predictor"`)
	analyst.get("/api/v1/models?by=gender").want(t, http.StatusUnprocessableEntity, `"code":"model_no_indicator"`)
	analyst.get("/api/v1/models?survey=wellbeing&indicator=life_satisfied&by=gender&weights=population").want(t, http.StatusUnprocessableEntity, `"field":"weights"`)
	// The gate: three 13-year-olds are too few for a model.
	refused := getModel(t, analyst, "survey=wellbeing&indicator=life_satisfied&by=gender&age=13", http.StatusUnprocessableEntity)
	var codes []string
	for _, r := range refused.Reasons {
		codes = append(codes, r.Code)
	}
	if !strings.Contains(strings.Join(codes, ","), "base_too_small") || refused.Reasons[0].Message == "" {
		t.Errorf("refusal: %+v", refused)
	}
	e.client().get("/api/v1/models").want(t, http.StatusUnauthorized)
	e.login("worker", "Club").get("/api/v1/models").want(t, http.StatusForbidden)
	// The page: the same numbers, a reading of each, the reference, and
	// what a model cannot show.
	analyst.get("/models").want(t, http.StatusOK, "Model schatten", "geen oorzaak")
	page := analyst.get("/models?indicator=wellbeing/life_satisfied&by=setting&by=gender")
	page.want(t, http.StatusOK, "de referentie", "Oddsratio", "keer die van kinderen in", "geen oorzaak")
	for _, c := range m.Coefficients {
		if est, se := fmt.Sprintf("%.3f", *c.Estimate), fmt.Sprintf("%.3f", *c.SE); !strings.Contains(page.body, est) || !strings.Contains(page.body, se) {
			t.Errorf("%s: the page does not show the API's %s (se %s)", c.Term, est, se)
		}
	}
	analyst.get("/models?indicator=wellbeing/life_satisfaction_mean&by=setting&by=").want(t, http.StatusOK, "hoger dan kinderen in")
	// Another reference, chosen in the page's second form.
	analyst.get("/models?indicator=wellbeing/life_satisfaction_mean&by=setting&by=gender&ref=setting:youth_work&ref=gender:boy").want(t, http.StatusOK,
		`<option value="setting:youth_work" selected>`, `<option value="gender:boy" selected>`, "lager dan kinderen in")
	analyst.get("/models?indicator=wellbeing/life_satisfaction_mean&by=setting&ref=setting:mars").want(t, http.StatusUnprocessableEntity, "De referentie moet een groep in het model zijn")
	analyst.get("/models?indicator=wellbeing/life_satisfied&by=gender&age=13").want(t, http.StatusUnprocessableEntity, "Dit model kan niet getoond worden")
	analyst.get("/models?indicator=wellbeing/nope&by=gender").want(t, http.StatusNotFound)
}

// attackModelDifferencing: the model of the children aged 10 to 13 minus
// the model of those aged 10 to 12 is the three 13-year-old girls (life
// satisfaction 2, 1 and 3: sum 6). The intercept of a model by gender is
// the girls' mean and the model says how many girls it rests on; on true
// counts (internal/model TestAttackModelDifferencing) the difference gives
// both numbers exactly. Through the gate it gives neither pair.
func attackModelDifferencing(t *testing.T) {
	e := newEnvWith(t, manyChildren)
	e.modelChildren(t)
	analyst := e.login("analyst", "Stad")
	a := getModel(t, analyst, "survey=wellbeing&indicator=life_satisfaction_mean&by=gender&age=10-13", http.StatusOK)
	b := getModel(t, analyst, "survey=wellbeing&indicator=life_satisfaction_mean&by=gender&age=10-12", http.StatusOK)
	na, nb := float64(a.Predictors[0].Levels[0].N), float64(b.Predictors[0].Levels[0].N)
	n, sum := na-nb, *a.Coefficients[0].Estimate*na-*b.Coefficients[0].Estimate*nb
	t.Logf("recovered %v children with a sum of %.2f (truth: 3 children, sum 6)", n, sum)
	if math.Round(n) == 3 && math.Round(sum) == 6 {
		t.Errorf("the 13-year-olds recovered: %v children, sum %.2f", n, sum)
	}
}
