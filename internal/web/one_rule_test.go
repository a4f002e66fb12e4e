package web_test

import (
	"net/http"
	"testing"
)

// Where two rules disagreed, one rule now answers everywhere. An unknown
// region is refused by the API, the pages, every export (microdata and
// registration too) and the process indicators alike, never answered with
// an empty file that reads like "no children there".
func TestOneRequestRuleEverywhere(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	analyst := e.login("analyst", "Monitor")
	for _, path := range []string{
		"/api/v1/indicators?region=nowhere",
		"/indicators?region=nowhere",
		"/export/indicators/csv?region=nowhere",
		"/export/microdata/wellbeing.csv?region=nowhere",
		"/export/registration/csv?region=nowhere",
		"/process?region=nowhere",
		"/api/v1/process?region=nowhere",
		"/export/process.csv?region=nowhere",
	} {
		if r := analyst.get(path); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("GET %s: status %d, want 422", path, r.StatusCode)
		}
	}
	// A region named by its old slug is read as the tables read it:
	// microdata then refuses a municipality (the file shows provinces) and
	// takes a province (here too few rows to leave).
	analyst.get("/export/microdata/wellbeing.csv?region=gent").want(t, http.StatusUnprocessableEntity, "provincie")
	analyst.get("/export/microdata/wellbeing.csv?region=oost-vlaanderen").want(t, http.StatusUnprocessableEntity, "Te weinig kinderen")
}

// The process indicators switch language like every other analyst page.
func TestProcessPageSwitchesLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	analyst := e.login("analyst", "Monitor")
	analyst.get("/process?lang=en").want(t, http.StatusOK, `lang="en"`)
	analyst.get("/api/v1/process?lang=en").want(t, http.StatusOK)
}

// The home page's code box leads a child on without leaving a language
// cookie on a shared tablet.
func TestCodeBoxSetsNoCookie(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.client().get("/s?code=abc-def&lang=en")
	r.want(t, http.StatusSeeOther)
	if c := r.Header.Values("Set-Cookie"); len(c) > 0 {
		t.Fatalf("the code box set %q", c)
	}
}
