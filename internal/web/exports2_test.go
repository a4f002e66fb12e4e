package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// codebookField is what a Table Schema reader needs of a field.
type codebookField struct {
	Name          string `json:"name"`
	Type          string `json:"type"`
	Ordered       bool   `json:"categoriesOrdered"`
	MissingValues []struct {
		Value string `json:"value"`
		Label string `json:"label"`
	} `json:"missingValues"`
	Categories []struct {
		Value any    `json:"value"`
		Label string `json:"label"`
	} `json:"categories"`
}

type codebook struct {
	Resources []struct {
		Encoding string `json:"encoding"`
		Schema   struct {
			Fields        []codebookField `json:"fields"`
			MissingValues []string        `json:"missingValues"`
		} `json:"schema"`
	} `json:"resources"`
}

// wellbeingAnswers submits one child per felt_happy answer ("skip",
// "dont_know" or a code) with a free text each, in one session.
func (e *env) wellbeingAnswers(t *testing.T, happy []string, texts []string) {
	t.Helper()
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	for i, h := range happy {
		if _, err := strconv.Atoi(h); err != nil {
			h = strconv.Quote(h)
		}
		text, _ := json.Marshal(texts[i%len(texts)])
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","gender":"girl","answers":{"life_satisfaction":7,"felt_happy":%s,"anything_else":%s}}`, uidFor("miss", i), h, text)
		e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
	}
}

// A CSV read back with the missing values its codebook declares gives the
// mean of the real answers; "don't know" and skipped keep their codes in
// the file for whoever studies them.
func TestMissingValuesDeclared(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	happy := []string{"5", "4", "4", "3", "5", "2", "dont_know", "skip", "dont_know", "5", "4", "1"}
	e.wellbeingAnswers(t, happy, []string{"ok"})
	analyst := e.login("analyst", "Stad")
	rows := readCSV(t, analyst.get("/export/microdata/wellbeing.csv?bom=1").body, ',')
	var dp codebook
	if err := json.Unmarshal([]byte(analyst.get("/export/microdata/wellbeing.datapackage.json?bom=1").body), &dp); err != nil {
		t.Fatal(err)
	}
	res := dp.Resources[0]
	if res.Encoding != "utf-8" {
		t.Errorf("encoding %q with a BOM: readers want utf-8", res.Encoding)
	}
	var field codebookField
	for _, f := range res.Schema.Fields {
		if f.Name == "felt_happy" {
			field = f
		}
	}
	missing := map[string]bool{}
	for _, m := range field.MissingValues {
		if m.Label == "" {
			t.Errorf("missing value %q has no label", m.Value)
		}
		missing[m.Value] = true
	}
	if !missing["-1"] || !missing["-2"] || !missing[""] || !field.Ordered || len(field.Categories) != 5 {
		t.Fatalf("felt_happy's codebook: %+v", field)
	}
	for _, v := range []string{"", "-1", "-2"} {
		if !strings.Contains(strings.Join(res.Schema.MissingValues, "|")+"|", v+"|") {
			t.Errorf("table-level missingValues %q lack %q", res.Schema.MissingValues, v)
		}
	}
	// Ids start with a letter, so no spreadsheet reads them as numbers;
	// province codes are declared text.
	for _, row := range rows[1:] {
		sub, sess := row[column(rows[0], "submission")], row[column(rows[0], "session")]
		if sub == "" || sub[0] != 'r' {
			t.Fatalf("row id %q does not start with a letter", sub)
		}
		if sess != "" && sess[0] != 's' {
			t.Fatalf("session pseudonym %q does not start with a letter", sess)
		}
	}
	for _, f := range res.Schema.Fields {
		if (f.Name == "province" || f.Name == "submission" || f.Name == "session") && f.Type != "string" {
			t.Errorf("%s is declared %q, not text", f.Name, f.Type)
		}
	}
	col := column(rows[0], "felt_happy")
	var sum, naive float64
	var n, codes int
	for _, row := range rows[1:] {
		v, _ := strconv.Atoi(row[col])
		naive += float64(v)
		if row[col] == "-2" || row[col] == "-1" {
			codes++
		}
		if !missing[row[col]] {
			sum += float64(v)
			n++
		}
	}
	if want := (5 + 4 + 4 + 3 + 5 + 2 + 5 + 4 + 1) / 9.0; n != 9 || math.Abs(sum/float64(n)-want) > 1e-12 {
		t.Fatalf("mean with declared missing values %v of %d, want %v", sum/float64(n), n, want)
	}
	if codes != 3 || naive/12 == sum/float64(n) {
		t.Fatalf("the codes themselves are gone from the CSV (%d)", codes)
	}
}

// A child's text that a spreadsheet would run as a formula arrives as
// text in every CSV (OWASP's rule: a leading apostrophe) and in the XLSX
// as a typed string cell, exactly as written: there the apostrophe would
// show as part of the text.
func TestFormulasNeutralised(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	// A tab or carriage return in front is trimmed when the answer comes
	// in; internal/export's table test covers them.
	texts := []string{"=1+1", "+SUM(A1)", "-2+3", "@cmd", "gewoon", "1+1="}
	want := map[string]string{"=1+1": "'=1+1", "+SUM(A1)": "'+SUM(A1)", "-2+3": "'-2+3", "@cmd": "'@cmd", "gewoon": "gewoon", "1+1=": "1+1="}
	happy := make([]string, 12)
	for i := range happy {
		happy[i] = "3"
	}
	e.wellbeingAnswers(t, happy, texts)
	admin := e.login("admin", "Stad")
	for _, sep := range []string{"", "semicolon=1&"} {
		r := admin.get("/export/microdata/wellbeing.csv?" + sep + "texts=1")
		rows := readCSV(t, r.body, map[bool]rune{true: ';', false: ','}[sep != ""])
		col := column(rows[0], "anything_else")
		seen := map[string]bool{}
		for _, row := range rows[1:] {
			seen[row[col]] = true
		}
		for in, out := range want {
			if !seen[out] {
				t.Errorf("CSV %s: %q should read %q; cells %v", sep, in, out, seen)
			}
		}
	}
	x := admin.get("/export/microdata/wellbeing.xlsx?texts=1")
	x.want(t, http.StatusOK)
	f, err := excelize.OpenReader(bytes.NewReader([]byte(x.body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("data")
	col := column(rows[0], "anything_else")
	seen := map[string]bool{}
	for i, row := range rows[1:] {
		seen[row[col]] = true
		cell, _ := excelize.CoordinatesToCellName(col+1, i+2)
		if formula, _ := f.GetCellFormula("data", cell); formula != "" {
			t.Errorf("XLSX cell %s is a formula: %q", cell, formula)
		}
	}
	for _, in := range texts {
		if !seen[in] {
			t.Errorf("XLSX: %q should read as written; cells %v", in, seen)
		}
	}
}

// The XLSX is laid out as analysts expect: a frozen header, a filter,
// shares as percentages, Arabic right to left; microdata too.
func TestXLSXLayout(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.fill(t, "school", 9, 9, 9, 8, 8, 8, 7, 6, 5, 10, 10, 3)
	analyst := e.login("analyst", "Stad")
	for _, lang := range []string{"nl", "ar"} {
		r := analyst.get("/export/indicators/xlsx?survey=wellbeing&by=setting&lang=" + lang)
		r.want(t, http.StatusOK)
		f, err := excelize.OpenReader(bytes.NewReader([]byte(r.body)))
		if err != nil {
			t.Fatal(err)
		}
		panes, err := f.GetPanes("data")
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header not frozen: %+v %v", lang, panes, err)
		}
		tables, err := f.GetTables("data")
		if err != nil || len(tables) != 1 || !strings.HasPrefix(tables[0].Range, "A1:") {
			t.Errorf("%s: no filter table: %+v %v", lang, tables, err)
		}
		view, err := f.GetSheetView("data", -1)
		if err != nil || (view.RightToLeft != nil && *view.RightToLeft) != (lang == "ar") {
			t.Errorf("%s: right to left %v, %v", lang, view.RightToLeft, err)
		}
		if w, _ := f.GetColWidth("data", "D"); w < 30 {
			t.Errorf("%s: title column %v wide", lang, w)
		}
		rows, _ := f.GetRows("data", excelize.Options{RawCellValue: true})
		kind, value := column(rows[0], "kind"), column(rows[0], "value")
		formats := map[string]int{}
		for i, row := range rows[1:] {
			if len(row) <= value || row[value] == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(value+1, i+2)
			id, _ := f.GetCellStyle("data", cell)
			st, _ := f.GetStyle(id)
			if row[kind] == "share" {
				formats["share"] = st.NumFmt
			} else if st.CustomNumFmt != nil {
				formats[row[kind]] = len(*st.CustomNumFmt)
			}
		}
		if formats["share"] != 10 || formats["mean"] == 0 {
			t.Errorf("%s: number formats %v, want percent for shares and decimals for means", lang, formats)
		}
	}
	analyst.get("/export/microdata/wellbeing.xlsx").want(t, http.StatusOK)
}

// The API names every answer of a distribution in the reader's language.
func TestAPIDistributionLabels(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.fill(t, "school", 9, 9, 9, 8, 8, 8, 7, 6, 5, 10, 10, 3)
	body := e.login("analyst", "Stad").get("/api/v1/indicators?survey=wellbeing&lang=en").body
	var res struct {
		Indicators []struct {
			ID           string `json:"id"`
			Distribution []struct {
				Code  int    `json:"code"`
				Label string `json:"label"`
			} `json:"distribution"`
		} `json:"indicators"`
	}
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, ind := range res.Indicators {
		for _, b := range ind.Distribution {
			seen++
			if b.Label == "" || strings.Contains(b.Label, ".") || strings.HasPrefix(b.Label, "[") {
				t.Errorf("%s code %d: label %q is not words", ind.ID, b.Code, b.Label)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no distribution to check")
	}
}
