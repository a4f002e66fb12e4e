package web_test

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web"
)

// The design travels with the microdata: every row has its cluster (psu:
// the session pseudonym, or the row's own id where the session was left
// out) and its population weight, the weight weights=population gives its
// class, so the file's weighted share is the API's. A row whose gender
// was left out gets the weight of what it shows (the band's average),
// never its own class's: one weight for all such rows, whatever their
// gender. (Giving them their class's weight fails this test: the blanked
// rows then carry two weights, a girl's and a boy's.)
func TestMicrodataCarriesTheDesign(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) { smallBase(c); c.ClientRate = 1 << 30 })
	analyst := e.login("analyst", "Stad")
	// Ten sessions of 12 girls and 12 boys, whose genders the microdata
	// show, and two of 3 girls and 5 boys, whose genders it leaves out.
	for s := 0; s < 12; s++ {
		sess := e.openSession("wellbeing", "10-13", "nl", "school")
		size, girls := 24, 12
		if s >= 10 {
			size, girls = 8, 3
		}
		for i := 0; i < size; i++ {
			gender, v := "girl", 9
			if i >= girls {
				gender, v = "boy", 2
			}
			body := fmt.Sprintf(`{"id":"%s","lang":"nl","gender":"%s","answers":{"life_satisfaction":%d}}`, uidFor(fmt.Sprintf("d%d", s), i), gender, v)
			e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
		}
	}
	read := func() (rows [][]string, col func(string) int) {
		t.Helper()
		rows = readCSV(t, analyst.get("/export/microdata/wellbeing.csv").body, ',')
		return rows, func(name string) int { return column(rows[0], name) }
	}
	rows, col := read()
	for _, r := range rows[1:] {
		if r[col("weight")] != "1" {
			t.Fatalf("weight %q without a population table, want 1", r[col("weight")])
		}
		if psu, sess := r[col("psu")], r[col("session")]; psu == "" || (sess != "" && psu != sess) || (sess == "" && psu != r[col("submission")]) {
			t.Fatalf("psu %q for session %q, row %q", psu, sess, r[col("submission")])
		}
	}

	var pop []store.PopulationCount
	for age := 10; age <= 13; age++ {
		pop = append(pop, store.PopulationCount{Area: "44021", Sex: "female", Age: age, Count: 1000}, store.PopulationCount{Area: "44021", Sex: "male", Age: age, Count: 3000})
	}
	if err := e.store.ReplacePopulation(context.Background(), "test.csv", pop); err != nil {
		t.Fatal(err)
	}
	e.restart(t)
	rows, col = read()
	byGender := map[string]map[string]bool{}
	var sw, swy float64
	for _, r := range rows[1:] {
		g, w := r[col("gender")], r[col("weight")]
		if byGender[g] == nil {
			byGender[g] = map[string]bool{}
		}
		byGender[g][w] = true
		x, err := strconv.ParseFloat(w, 64)
		if err != nil || x <= 0 {
			t.Fatalf("weight %q", w)
		}
		code, _ := strconv.Atoi(r[col("life_satisfaction")])
		sw += x
		if code >= 8 {
			swy += x
		}
	}
	if len(byGender["girl"]) != 1 || len(byGender["boy"]) != 1 || len(byGender[""]) != 1 {
		t.Fatalf("weights by gender shown: %v; want one weight per class, one for every row without gender", byGender)
	}
	one := func(g string) float64 {
		for w := range byGender[g] {
			x, _ := strconv.ParseFloat(w, 64)
			return x
		}
		return math.NaN()
	}
	if girl, boy, blank := one("girl"), one("boy"), one(""); !(girl < blank && blank < boy) {
		t.Fatalf("weights girl %v, boy %v, gender left out %v: want the band's average between them", girl, boy, blank)
	}
	api := totalValue(t, analyst, "/api/v1/indicators?survey=wellbeing&indicator=life_satisfied&weights=population")
	if file := swy / sw; math.Abs(file-api) > 0.03 {
		t.Fatalf("the file's weighted share %.4f, the API's %.4f", file, api)
	}
}
