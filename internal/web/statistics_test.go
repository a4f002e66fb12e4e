package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// fillAged submits one session of children with the given ages (0: not
// given) and life_satisfaction answers.
func (e *env) fillAged(t *testing.T, name string, ages, values []int) {
	t.Helper()
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	for i, v := range values {
		age := ""
		if ages[i] > 0 {
			age = fmt.Sprintf(`"age":%d,`, ages[i])
		}
		body := fmt.Sprintf(`{"id":"%s","lang":"nl",%s"gender":"girl","answers":{"life_satisfaction":%d}}`, uidFor(name, i), age, v)
		e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
	}
}

type designCell struct {
	N          *int     `json:"n"`
	Lower      *float64 `json:"lower"`
	Upper      *float64 `json:"upper"`
	Deff       *float64 `json:"deff"`
	NEffective *float64 `json:"n_effective"`
	Sessions   *int     `json:"sessions"`
	Suppressed bool     `json:"suppressed"`
}

func totalOf(t *testing.T, body string) designCell {
	t.Helper()
	var res struct {
		Indicators []struct {
			Total designCell `json:"total"`
		} `json:"indicators"`
	}
	if err := json.Unmarshal([]byte(body), &res); err != nil || len(res.Indicators) != 1 {
		t.Fatalf("%v: %s", err, body)
	}
	return res.Indicators[0].Total
}

// Twelve sessions of six children, each session answering alike (half
// satisfied, half not): the API, the page and the CSV export show a design
// effect far above 1, the effective n and the number of sessions; a
// breakdown by gender leaves the boys' cell hidden with no design numbers.
func TestDesignEffectShown(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	for s := 0; s < 12; s++ {
		v := []int{9, 2}[s%2]
		ages := []int{10, 10, 12, 13, 0, 11} // six sessions with two 10-year-olds
		if s >= 6 {
			ages[0], ages[1] = 11, 11
		}
		e.fillAged(t, fmt.Sprintf("s%d", s), ages, []int{v, v, v, v, v, v})
	}
	analyst := e.login("analyst", "Stad")
	r := analyst.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied")
	r.want(t, http.StatusOK, `"deff":`, `"n_effective":`, `"sessions":12`)
	tot := totalOf(t, r.body)
	// By hand with the true counts: every session's residual is +-3, so
	// V_clustered = 12/11 * 12*9 / 72^2 = 1/44, V_simple = 0.25/71 and
	// deff = 71/11 = 6.45; perturbation moves n, not the design effect.
	if tot.Deff == nil || *tot.Deff != 6.45 || tot.NEffective == nil || *tot.NEffective != float64(int(float64(*tot.N)/6.45+0.5)) {
		t.Fatalf("total %+v, want deff 6.45 and n/deff", tot)
	}
	if *tot.Upper-*tot.Lower < 0.5 {
		t.Fatalf("interval [%v, %v] is as narrow as a simple random sample's", *tot.Lower, *tot.Upper)
	}
	page := analyst.get("/indicators/wellbeing/life_satisfied?by=setting")
	page.want(t, http.StatusOK, "design-effect", "effectieve n", `<td class="num">6,45</td>`, "vrijheidsgraden")
	if strings.Contains(page.body, "few-sessions") {
		t.Fatal("12 sessions flagged as few")
	}
	csv := analyst.get("/export/indicators/csv?survey=wellbeing&indicator=life_satisfied")
	csv.want(t, http.StatusOK, "deff,n_effective,sessions", ",6.45,")
	// Twelve 10-year-olds in six sessions: under ten, so the note.
	few := analyst.get("/indicators/wellbeing/life_satisfied?age=10-10")
	few.want(t, http.StatusOK, "few-sessions", "minder dan 10 sessies")
}

// age=10-12 keeps the children who gave an age from 10 to 12; a child who
// did not say, or said 13, is out. Unknown parameters and bad ranges are
// refused with a translated message, on the API and on pages.
func TestAgeInYearsAndUnknownParameters(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	for s := 0; s < 4; s++ {
		// Per session 15 aged 10-12 (all satisfied), 10 aged 13 and 10 not
		// saying (none satisfied).
		var ages, values []int
		for i := 0; i < 35; i++ {
			switch {
			case i < 15:
				ages, values = append(ages, 10+i%3), append(values, 9)
			case i < 25:
				ages, values = append(ages, 13), append(values, 2)
			default:
				ages, values = append(ages, 0), append(values, 2)
			}
		}
		e.fillAged(t, fmt.Sprintf("a%d", s), ages, values)
	}
	analyst := e.login("analyst", "Stad")
	all := totalOf(t, analyst.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied").body)
	aged := totalOf(t, analyst.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied&age=10-12").body)
	if !near(all.N, 140, 2) || !near(aged.N, 60, 2) {
		t.Fatalf("n all %v, aged 10-12 %v; want about 140 and 60", *all.N, *aged.N)
	}
	for _, bad := range []struct{ query, field string }{
		{"agee=10-12", "agee"}, {"age=12-10", "age"}, {"age=3-40", "age"}, {"age=tien", "age"}, {"age=10&age=11", "age"},
	} {
		analyst.get("/api/v1/indicators?survey=wellbeing&"+bad.query).want(t, http.StatusUnprocessableEntity, `"field":"`+bad.field+`"`)
	}
	analyst.get("/api/v1/indicators?survey=wellbeing&agee=1").want(t, http.StatusUnprocessableEntity, `"code":"param_unknown"`, "Filters zijn")
	analyst.get("/indicators/wellbeing/life_satisfied?gendr=girl").want(t, http.StatusUnprocessableEntity, "parameter die deze pagina niet kent")
	analyst.get("/export/indicators/csv?survey=wellbeing&age=10-13x").want(t, http.StatusUnprocessableEntity)
	analyst.get("/indicators/wellbeing/life_satisfied?age=10-12&lang=en").want(t, http.StatusOK)
}

// A breakdown by age in years lists each age given, from the youngest to
// the oldest; children who did not give their age are in no level.
func TestBreakdownByAge(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	for s := 0; s < 3; s++ {
		ages := make([]int, 40)
		values := make([]int, 40)
		for i := range ages {
			ages[i] = []int{10, 11, 12, 0}[i%4]
			values[i] = 9
		}
		e.fillAged(t, fmt.Sprintf("b%d", s), ages, values)
	}
	analyst := e.login("analyst", "Stad")
	r := analyst.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied&by=age")
	r.want(t, http.StatusOK, `{"age":"10"}`, `{"age":"11"}`, `{"age":"12"}`)
	if strings.Contains(r.body, `{"age":"0"}`) || strings.Contains(r.body, `{"age":"13"}`) {
		t.Fatalf("an age nobody gave is a level: %s", r.body)
	}
	analyst.get("/indicators/wellbeing/life_satisfied?by=age").want(t, http.StatusOK, "Leeftijd in jaren", `name="age"`)
}
