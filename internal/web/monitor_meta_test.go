package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/registration"
)

// importLayout stores one of the importers' sample files.
func (e *env) importLayout(t *testing.T, name string) {
	t.Helper()
	f, err := os.Open("../registration/testdata/layouts/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _, err := registration.Import(f, name, e.catalog, registration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.ReplaceRegistration(context.Background(), 0, name, rows); err != nil {
		t.Fatal(err)
	}
}

// The Kinderrechtenmonitor's 2018 figure stands beside the indicator that
// reproduces it, with its filter, n and table; every indicator carries its
// basis and the concluding observations it answers, on the page, in the
// API and in the metadata export.
func TestMetadataOnPagesAPIAndExports(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.fill(t, "school", 9, 9, 9, 8, 8, 8, 7, 6, 5, 10, 10, 3)
	analyst := e.login("analyst", "Stad")
	analyst.get("/indicators/wellbeing/life_satisfied?lang=en").want(t, http.StatusOK,
		"Why this indicator", "Life satisfaction is the core of wellbeing", "85.8%", "n = 2,144", "<code>age=10-12</code>",
		"Verdeling van jongeren die aangeven dat ze tevreden zijn over hun leven (10-12 jaar; %)", "Kinderrechtenmonitor: Welbevinden",
		"CRC/C/BEL/CO/5-6, 2019", "paragraph numbers were not checked", `href="/indicators?crc=6"`)
	analyst.get("/indicators/registration/early_school_leavers?lang=en").want(t, http.StatusOK,
		"Target", "4.25%", "Pact 2020", "Cijfers over schooluitval", "Not confirmed: the page states no licence", "per school year")

	r := analyst.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied&lang=en")
	r.want(t, http.StatusOK)
	var res struct {
		Indicators []struct {
			ID           string
			Basis        string
			Observations []struct {
				Source struct{ Symbol, URL string }
			}
			References []struct {
				Kind, Period, Query, Table string
				Value                      float64
				N                          int
				Source                     struct{ URL string }
			}
		}
	}
	if err := json.Unmarshal([]byte(r.body), &res); err != nil {
		t.Fatal(err)
	}
	ind := res.Indicators[0]
	if ind.Basis == "" || len(ind.Observations) != 1 || ind.Observations[0].Source.Symbol != "CRC/C/BEL/CO/5-6" || len(ind.References) != 1 {
		t.Fatalf("API metadata: %+v", ind)
	}
	if ref := ind.References[0]; ref.Value != 85.8 || ref.N != 2144 || ref.Query != "age=10-12" || ref.Period != "2018" || ref.Source.URL == "" || ref.Table == "" {
		t.Errorf("reference value: %+v", ref)
	}
	r = analyst.get("/api/v1/indicators?survey=registration&indicator=eu_arope_children&lang=en")
	r.want(t, http.StatusOK, `"licence":"Commission Decision 2011/833/EU`, `"rhythm":"yearly"`, `"breakdowns":["sex","age_band"]`, `"value":93000`)

	csv := analyst.get("/export/indicators/metadata.csv?lang=en").body
	for _, want := range []string{
		"source,survey,indicator,title,theme,crc,basis,observations,goals,reference_kind,",
		"survey,wellbeing,life_satisfied,", ",reference,85.8,share,2018,02000,age=10-12,2144,",
		"registration,,eu_arope_children,", "Commission Decision 2011/833/EU",
		"professionals,moral_stress,ms_time_often,",
		"Concluding observations on the combined fifth and sixth periodic reports of Belgium (CRC/C/BEL/CO/5-6, UN Committee on the Rights of the Child, 2019)",
	} {
		if !strings.Contains(csv, want) {
			t.Errorf("the metadata export lacks %q", want)
		}
	}
	if strings.Contains(csv, " paras ") {
		t.Error("the metadata export cites paragraph numbers that were not checked")
	}
}

// Analysts filter the overview by an article of the Convention and list
// every article with its indicators; an article outside 1-54 is refused.
func TestCRCFilterAndArticles(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.fill(t, "school", 9, 9, 9, 8, 8, 8, 7, 6, 5, 10, 10, 3)
	analyst := e.login("analyst", "Stad")
	body := analyst.get("/indicators?crc=16&lang=en").body
	if !strings.Contains(body, "Knows they may read their own file") || strings.Contains(body, "Feels healthy") {
		t.Errorf("crc=16 lists the wrong indicators")
	}
	analyst.get("/indicators?crc=99&lang=en").want(t, http.StatusUnprocessableEntity, "one article of the Convention")
	analyst.get("/indicators/articles?lang=en").want(t, http.StatusOK, `id="art-12"`, "Article 22", "Children at risk of poverty or social exclusion",
		"Often kept by lack of time from doing what is right", `href="/indicators?crc=27"`)
	r := analyst.get("/api/v1/indicators?survey=wellbeing&crc=12&lang=en")
	r.want(t, http.StatusOK)
}

// The registration page offers the filters registration figures have
// (area, sex, age band), refuses the others instead of showing unfiltered
// figures, breaks figures down by age and sex where the source does, and
// cites the table of every figure.
func TestRegistrationPageFilters(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.importLayout(t, "eurostat_ilc_peps01n.csv")
	e.importSample(t)
	analyst := e.login("analyst", "Stad")
	r := analyst.get("/indicators/registration/eu_arope_children?lang=en")
	r.want(t, http.StatusOK, `name="sex"`, `name="age_band"`, "By age and sex", "17.4%", "16.2%", "ilc_peps01n: persons at risk of poverty", "(2024)")
	for _, not := range []string{`name="setting"`, `name="organisation"`, `name="version"`, `name="age"`} {
		if strings.Contains(r.body, not) {
			t.Errorf("the registration page offers %s, a filter its figures do not have", not)
		}
	}
	analyst.get("/indicators/registration/eu_arope_children?sex=female&lang=en").want(t, http.StatusOK, "17.4%")
	for _, q := range []string{"setting=school", "age=10-12", "organisation=1", "sex=other"} {
		r := analyst.get("/indicators/registration/eu_arope_children?lang=en&" + q)
		r.want(t, http.StatusUnprocessableEntity, "No unfiltered figures are shown")
		if strings.Contains(r.body, "17.1%") {
			t.Errorf("%s shows the unfiltered figure", q)
		}
	}
	// kansarmoede has no breakdown by sex: no sex choice.
	if body := analyst.get("/indicators/registration/kansarmoede?lang=en").body; strings.Contains(body, `name="sex"`) {
		t.Error("kansarmoede offers a sex filter its source does not have")
	}
}

// With a gender filter the API lists registration figures of that sex
// where the source gives them, and leaves the others out rather than
// listing their unfiltered figures.
func TestAPIRegistrationFollowsFilters(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.importLayout(t, "eurostat_ilc_peps01n.csv")
	e.importSample(t)
	e.fill(t, "school", 9, 9, 9, 8, 8, 8, 7, 6, 5, 10, 10, 3)
	analyst := e.login("analyst", "Stad")
	type answer struct {
		Indicators []struct {
			Source, ID string
			Cells      []struct {
				Levels map[string]string
				Value  *float64
			}
		}
		LeftOut []string `json:"left_out"`
	}
	get := func(q string) answer {
		t.Helper()
		r := analyst.get("/api/v1/indicators?" + q)
		r.want(t, http.StatusOK)
		var a answer
		if err := json.Unmarshal([]byte(r.body), &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	a := get("gender=girl")
	for _, ind := range a.Indicators {
		if ind.Source != "registration" {
			continue
		}
		if reg, _ := e.catalog.RegistrationByID(ind.ID); !reg.Breaks("sex") {
			t.Errorf("gender=girl lists %s, whose source has no figures by sex", ind.ID)
		}
		for _, c := range ind.Cells {
			if c.Levels["sex"] != "female" {
				t.Errorf("gender=girl lists a %s figure", c.Levels["sex"])
			}
		}
	}
	if !strings.Contains(strings.Join(a.LeftOut, " "), "registration/kansarmoede") {
		t.Errorf("left_out = %v, want registration/kansarmoede", a.LeftOut)
	}
	for _, q := range []string{"gender=other", "setting=school", "age=10-12"} {
		for _, ind := range get(q).Indicators {
			if ind.Source == "registration" {
				t.Errorf("%s lists registration indicator %s unfiltered", q, ind.ID)
			}
		}
	}
}

// The professionals' pooled figures stand apart from the children's on
// the overview, with n named as organisations.
func TestOverviewProfessionalsApart(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	analyst := e.login("analyst", "Stad")
	analyst.get("/indicators?lang=en").want(t, http.StatusOK, "n counts organisations, not children", "Organisations (n)")
}
