package web_test

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/registration"
)

// Every theme of the monitor is on the overview, with its CRC articles; a
// theme without any indicator says so instead of disappearing.
func TestOverviewListsEveryTheme(t *testing.T) {
	e := newEnv(t)
	analyst := e.login("analyst", "Stad")
	r := analyst.get("/indicators?lang=en")
	r.want(t, http.StatusOK)
	for _, th := range e.catalog.Themes {
		title := e.locales.For("en").T(th.Title)
		if !strings.Contains(r.body, title+" <span") {
			t.Errorf("theme %s (%q) is not a heading on the overview", th.ID, title)
		}
	}
	if got := strings.Count(r.body, "No indicator yet"); got != 1 {
		t.Errorf("%d themes say \"no indicator yet\", want 1 (special protection, which children cannot answer for)", got)
	}
	for _, want := range []string{"Family context", "Alternative care", "Feels healthy", "Enough contact with family"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
}

// importSample stores the shipped sample of registration figures.
func (e *env) importSample(t *testing.T) {
	t.Helper()
	f, err := os.Open("../../surveys/registration/sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := registration.Decode(f, "sample.csv", e.catalog)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.ReplaceRegistration(context.Background(), 0, "sample.csv", rows); err != nil {
		t.Fatal(err)
	}
}

// Registration indicators stand beside the survey's in their theme,
// marked as registration data with source and reference date.
func TestOverviewShowsRegistration(t *testing.T) {
	e := newEnv(t)
	e.importSample(t)
	r := e.login("analyst", "Stad").get("/indicators?lang=en")
	r.want(t, http.StatusOK, "Child deprivation index (kansarmoede-index)", "Registration data", "Opgroeien (Kind en Gezin)",
		"Children born in the calendar year", "13.65%", "2020 · Vlaams Gewest", "Children on a youth-care waiting list", "5,543")
}
