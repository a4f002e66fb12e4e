package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/registration"
)

// Every theme of the monitor is on the overview, with its CRC articles; a
// theme without any indicator says so instead of disappearing.
func TestOverviewListsEveryTheme(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	analyst := e.login("analyst", "Stad")
	r := analyst.get("/indicators?lang=en")
	r.want(t, http.StatusOK)
	for _, th := range e.catalog.Themes {
		title := e.locales.For("en").T(th.Title)
		if !strings.Contains(r.body, title+" <span") {
			t.Errorf("theme %s (%q) is not a heading on the overview", th.ID, title)
		}
	}
	// Special protection, which children cannot answer for, has the
	// professionals' Child Guarantee pool by vulnerable group.
	if got := strings.Count(r.body, "No indicator yet"); got != 0 {
		t.Errorf("%d themes say \"no indicator yet\", want 0", got)
	}
	if !strings.Contains(r.body, "Improved access according to organisations, by vulnerable group") {
		t.Error("special protection lacks the professionals' pool by group")
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
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.importSample(t)
	r := e.login("analyst", "Stad").get("/indicators?lang=en")
	r.want(t, http.StatusOK, "Child deprivation index (kansarmoede-index)", "Registration data", "Opgroeien (Kind en Gezin)",
		"Children born in the calendar year", "13.65%", "2020 · Vlaams Gewest", "Children on a youth-care waiting list", "45.4")
}

// uploadCSV posts a file to the admin import page as a browser does.
func uploadCSV(t *testing.T, c *client, name, content string) *response {
	t.Helper()
	page := c.get("/admin/registration?lang=en")
	page.want(t, http.StatusOK)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("csrf", page.csrf(t))
	fw, _ := w.CreateFormFile("file", name)
	fw.Write([]byte(content))
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+"/admin/registration?lang=en", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", c.e.srv.URL)
	return c.do(req)
}

// An admin uploads figures: a bad row names file, line, column and reason
// in the admin's language and stores nothing; a good file imports; the
// figures then reach the indicator page, the API with "source":
// "registration", and the export, with counts under k hidden.
func TestRegistrationUploadToAPIAndExport(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	admin := e.login("admin", "Stad")
	head := "indicator,period,area,sex,age_band,numerator,denominator,value\n"
	bad := head + "youth_care_waiting,2019,02000,total,total,5543,,\nyouth_care_waiting,2019,44021,total,total,7,,\nyouth_care_waiting,2019,12345,total,total,70,,\n"
	uploadCSV(t, admin, "wait.csv", bad).want(t, http.StatusUnprocessableEntity, "Nothing was stored. wait.csv, line 4, column 3: unknown area code (use a NIS code)")
	uploadCSV(t, admin, "wait.csv", strings.Replace(bad, "12345", "24062", 1)).want(t, http.StatusOK, "Rows imported: 3.")

	e.fill(t, "school", 9, 8, 7, 6, 5, 9, 8) // survey indicators beside them
	analyst := e.login("analyst", "Stad")
	analyst.get("/indicators/registration/youth_care_waiting?lang=en&at=2019").want(t, http.StatusOK,
		"Children on a youth-care waiting list", "5,543", "Leuven", "fewer than 10")
	r := analyst.get("/api/v1/indicators?lang=en")
	r.want(t, http.StatusOK)
	var res struct {
		Indicators []struct {
			Source, ID string
			Cells      []struct {
				Levels     map[string]string
				Value      *float64
				Suppressed bool
			}
		}
	}
	if err := json.Unmarshal([]byte(r.body), &res); err != nil {
		t.Fatal(err)
	}
	sources := map[string]int{}
	found := false
	for _, ind := range res.Indicators {
		sources[ind.Source]++
		if ind.ID != "youth_care_waiting" {
			continue
		}
		for _, c := range ind.Cells {
			switch c.Levels["area"] {
			case "44021":
				found = true
				if !c.Suppressed || c.Value != nil {
					t.Errorf("7 children in Gent are shown: %+v", c)
				}
			case "02000":
				if c.Suppressed || c.Value == nil || *c.Value != 5543 {
					t.Errorf("the Flemish total is wrong: %+v", c)
				}
			}
		}
	}
	if !found || sources["registration"] != len(e.catalog.Registrations()) || sources["survey"] == 0 {
		t.Errorf("API: sources %v, Gent cell found %v", sources, found)
	}
	csv := analyst.get("/export/registration/csv?lang=en").body
	for _, want := range []string{"youth_care_waiting,2019,02000,total,total,5543,,5543,", "youth_care_waiting,2019,44021,total,total,,,,", ",registration,", "true,10"} {
		if !strings.Contains(csv, want) {
			t.Errorf("the registration CSV lacks %q:\n%s", want, csv)
		}
	}
}

// With demo content in the database, analysts' pages say that its answers
// are synthetic; without it they do not.
func TestDemoNote(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.fill(t, "school", 9, 8, 7, 6, 5, 9, 8)
	analyst := e.login("analyst", "Stad")
	note := "answers on this page are synthetic"
	if body := analyst.get("/indicators?lang=en").body; strings.Contains(body, note) {
		t.Fatal("a database without demo content says its data are synthetic")
	}
	if _, err := e.store.CreateOrganisation(context.Background(), "Demo: Stad Gent", "municipality"); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/indicators?lang=en", "/indicators/wellbeing/bullying?lang=en", "/export/codebook/wellbeing?lang=en"} {
		analyst.get(path).want(t, http.StatusOK, note)
	}
	// Registration figures are published ones, not synthetic answers.
	if body := analyst.get("/indicators/registration/kansarmoede?lang=en").body; strings.Contains(body, note) {
		t.Error("the registration page says its published figures are synthetic")
	}
}
