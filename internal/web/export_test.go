package web_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func readCSV(t *testing.T, body string, sep rune) [][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF")))
	r.Comma = sep
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV does not read back: %v\n%s", err, body)
	}
	return rows
}

func column(header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	return -1
}

// The CSV export holds the API's numbers, and hides the same cells.
func TestIndicatorCSVMatchesAPI(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.fill(t, "school", 9, 9, 9, 8, 8, 8, 7, 6, 5, 10, 10, 3)
	e.fill(t, "youth_care", 9, 2, 9)
	analyst := e.login("analyst", "Stad")
	q := "survey=wellbeing&indicator=life_satisfied&by=setting"
	r := analyst.get("/export/indicators/csv?" + q)
	r.want(t, http.StatusOK)
	if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
		t.Fatalf("Content-Disposition %q", cd)
	}
	rows := readCSV(t, r.body, ',')
	h := rows[0]
	var api apiResult
	json.Unmarshal([]byte(analyst.get("/api/v1/indicators?"+q).body), &api)
	want := map[string][2]string{}
	for _, c := range api.Indicators[0].Cells {
		v, n := "", ""
		if !c.Suppressed {
			v, n = strconv.FormatFloat(*c.Value, 'f', -1, 64), strconv.Itoa(*c.N)
		}
		want[c.Levels["setting"]] = [2]string{v, n}
	}
	seen := 0
	for _, row := range rows[1:] {
		level := row[column(h, "level1")]
		if level == "" {
			continue // the total
		}
		seen++
		got := [2]string{row[column(h, "value")], row[column(h, "n")]}
		if got != want[level] {
			t.Errorf("%s: CSV %v, API %v", level, got, want[level])
		}
		suppressed := row[column(h, "suppressed")] == "true"
		if suppressed != (got[0] == "") {
			t.Errorf("%s: suppressed=%v but value %q", level, suppressed, got[0])
		}
	}
	if seen != len(e.catalog.Settings) {
		t.Fatalf("%d setting rows, want one per setting (%d)", seen, len(e.catalog.Settings))
	}
}

// Hidden cells are hidden in every format: JSON, CSV, Excel's CSV, XLSX.
func TestSuppressedInEveryFormat(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.fill(t, "school", 9, 9, 9, 8, 8, 8, 7, 6, 5, 10, 10, 3)
	e.fill(t, "youth_care", 9, 2, 9)
	analyst := e.login("analyst", "Stad")
	q := "survey=wellbeing&indicator=life_satisfied&by=setting"
	for _, c := range []struct {
		path string
		sep  rune
	}{{"/export/indicators/csv?" + q, ','}, {"/export/indicators/csv?bom=1&semicolon=1&" + q, ';'}} {
		rows := readCSV(t, analyst.get(c.path).body, c.sep)
		h := rows[0]
		for _, row := range rows[1:] {
			if row[column(h, "level1")] == "youth_care" {
				if row[column(h, "suppressed")] != "true" || row[column(h, "value")] != "" || row[column(h, "n")] != "" {
					t.Errorf("%s: the hidden cell shows: %v", c.path, row)
				}
			}
			if row[column(h, "level1")] == "school" && c.sep == ';' && !strings.Contains(row[column(h, "value")], ",") {
				t.Errorf("semicolon CSV without a decimal comma: %v", row)
			}
		}
	}
	x := analyst.get("/export/indicators/xlsx?" + q)
	x.want(t, http.StatusOK)
	f, err := excelize.OpenReader(bytes.NewReader([]byte(x.body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("data")
	h := rows[0]
	for _, row := range rows[1:] {
		if len(row) > column(h, "level1") && row[column(h, "level1")] == "youth_care" {
			if len(row) > column(h, "value") && row[column(h, "value")] != "" {
				t.Errorf("XLSX shows the hidden cell: %v", row)
			}
		}
	}
	if cb, _ := f.GetRows("codebook"); len(cb) != len(h)+1 {
		t.Errorf("XLSX codebook has %d rows for %d columns", len(cb)-1, len(h))
	}
	if !strings.Contains(auditActions(t, e), "export") {
		t.Fatal("exports are not in the audit log")
	}
}

// The codebook describes the CSV beside it: the same columns in the same
// order, and every value parses as its declared type and is one of its
// value labels where it has them.
func TestMicrodataAndCodebook(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	for i := 0; i < 12; i++ {
		age := 10 + i%2 // 11 and 10, six each: ages under k are blanked
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","age":%d,"gender":"boy","answers":{"life_satisfaction":%d,"felt_happy":"dont_know","anything_else":"geheim"}}`, uid(i), age, i%11)
		e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
	}
	analyst := e.login("analyst", "Stad")
	r := analyst.get("/export/microdata/wellbeing.csv")
	r.want(t, http.StatusOK)
	rows := readCSV(t, r.body, ',')
	if len(rows) != 13 {
		t.Fatalf("%d rows, want a header and 12", len(rows))
	}
	if strings.Contains(r.body, "geheim") || column(rows[0], "anything_else") >= 0 {
		t.Fatal("free text in an analyst's export")
	}
	for _, row := range rows[1:] {
		if row[column(rows[0], "age")] != "" {
			t.Fatalf("an exact age shows though only 6 children have it: %v", row)
		}
		if row[column(rows[0], "felt_happy")] != "-2" || row[column(rows[0], "friends_enough")] != "-1" {
			t.Fatalf("don't know and skipped are not -2 and -1: %v", row)
		}
	}
	var dp struct {
		Resources []struct {
			Path   string `json:"path"`
			Schema struct {
				Fields []struct {
					Name       string `json:"name"`
					Type       string `json:"type"`
					Categories []struct {
						Value any `json:"value"`
					} `json:"categories"`
					MissingValues []struct {
						Value string `json:"value"`
						Label string `json:"label"`
					} `json:"missingValues"`
				} `json:"fields"`
			} `json:"schema"`
		} `json:"resources"`
	}
	if err := json.Unmarshal([]byte(analyst.get("/export/microdata/wellbeing.datapackage.json").body), &dp); err != nil {
		t.Fatal(err)
	}
	fields := dp.Resources[0].Schema.Fields
	if len(fields) != len(rows[0]) {
		t.Fatalf("codebook has %d fields, CSV %d columns", len(fields), len(rows[0]))
	}
	for i, fl := range fields {
		if fl.Name != rows[0][i] {
			t.Fatalf("column %d: codebook %s, CSV %s", i, fl.Name, rows[0][i])
		}
		for _, row := range rows[1:] {
			checkType(t, fl.Name, fl.Type, row[i])
			if len(fl.Categories) > 0 && row[i] != "" {
				found := false
				for _, m := range fl.MissingValues {
					found = found || (m.Value == row[i] && m.Label != "")
				}
				for _, c := range fl.Categories {
					if fmt.Sprint(c.Value) == row[i] {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: value %q has no label in the codebook", fl.Name, row[i])
				}
			}
		}
	}
	analyst.get("/export/codebook/wellbeing").want(t, http.StatusOK, "life_satisfaction", "-2")
	// Free text is for an admin who asks for it, and nobody else.
	analyst.get("/export/microdata/wellbeing.csv?texts=1").want(t, http.StatusForbidden)
	admin := e.login("admin", "Stad")
	admin.get("/export/microdata/wellbeing.csv?texts=1").want(t, http.StatusOK, "geheim")
}

func checkType(t *testing.T, name, typ, v string) {
	t.Helper()
	if v == "" {
		return
	}
	var err error
	switch typ {
	case "integer":
		_, err = strconv.Atoi(v)
	case "number":
		_, err = strconv.ParseFloat(v, 64)
	case "boolean":
		if v != "true" && v != "false" {
			err = fmt.Errorf("not a boolean")
		}
	case "yearmonth":
		_, err = time.Parse("2006-01", v)
	}
	if err != nil {
		t.Errorf("%s: %q is not a %s: %v", name, v, typ, err)
	}
}

// A small indicator export is a format: compared with a golden file.
func TestIndicatorCSVGolden(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.fill(t, "school", 9, 9, 9, 8, 8, 8, 7, 6, 5, 10, 10, 3)
	e.fill(t, "youth_care", 9, 2, 9)
	got := e.login("analyst", "Stad").get("/export/indicators/csv?survey=wellbeing&indicator=life_satisfied&by=setting&lang=en").body
	path := filepath.Join("testdata", "indicators.golden.csv")
	if os.Getenv("UPDATE_GOLDEN") != "" {
		os.WriteFile(path, []byte(got), 0o644)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with UPDATE_GOLDEN=1 to make it)", err)
	}
	if got != string(want) {
		t.Fatalf("the indicator CSV changed:\n%s\nwant:\n%s\n(UPDATE_GOLDEN=1 if the change is meant)", got, want)
	}
}
