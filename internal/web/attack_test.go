package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// The attack suite through HTTP: what an analyst can ask the API and the
// exports, and what the microdata file gives away.

// Lists in a filter and a selection under the minimum base are refused
// in the API, the indicator export and the microdata export alike, with a
// code the analyst can read; so is a malformed month, everywhere.
func TestAttackQueryShapesRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.fill(t, "school", 9, 9, 9, 8, 8, 8, 7, 6, 5, 10, 10, 3)
	analyst := e.login("analyst", "Stad")
	for _, path := range []string{
		"/api/v1/indicators?survey=wellbeing&indicator=life_satisfied",
		"/export/indicators/csv?survey=wellbeing&indicator=life_satisfied",
	} {
		analyst.get(path).want(t, http.StatusUnprocessableEntity, "Te weinig kinderen")
	}
	for _, path := range []string{
		"/api/v1/indicators?survey=wellbeing&gender=girl,boy",
		"/api/v1/indicators?survey=wellbeing&gender=girl&gender=skip",
		"/export/indicators/csv?survey=wellbeing&setting=school,youth_care",
		"/export/microdata/wellbeing.csv?gender=girl,boy",
	} {
		analyst.get(path).want(t, http.StatusUnprocessableEntity, "één waarde")
	}
	for _, path := range []string{"/api/v1/indicators?survey=wellbeing&from=garbage", "/export/microdata/wellbeing.csv?from=garbage"} {
		analyst.get(path).want(t, http.StatusUnprocessableEntity)
	}
}

// Microdata: a session with one girl, three children of gender "other"
// and one child answering in Arabic. No row may be singled out: every row
// matches at least 5 rows on the quasi-identifiers it shows; ids are not
// the order of arrival and change from export to export, as do session
// pseudonyms.
func TestAttackMicrodataClasses(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	genders := []string{"girl", "other", "other", "other"}
	for i := 0; i < 24; i++ {
		g, lang := "boy", "nl"
		if i < len(genders) {
			g = genders[i]
		}
		if i == 10 {
			lang = "ar"
		}
		body := fmt.Sprintf(`{"id":"%s","lang":"%s","age":%d,"gender":"%s","answers":{"bullied":%d}}`, uidFor("micro", i), lang, 10+i%4, g, 1+i%5)
		e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
	}
	analyst := e.login("analyst", "Stad")
	first := readCSV(t, analyst.get("/export/microdata/wellbeing.csv").body, ',')
	second := readCSV(t, analyst.get("/export/microdata/wellbeing.csv").body, ',')
	h := first[0]
	rows := first[1:]
	if len(rows) != 24 {
		t.Fatalf("%d rows, want 24", len(rows))
	}
	qis := []string{"survey_version", "session", "setting", "region", "province", "age_band", "age", "gender", "quarter", "lang"}
	for _, row := range rows {
		matches := 0
		for _, other := range rows {
			same := true
			for _, q := range qis {
				i := column(h, q)
				if i < 0 {
					t.Fatalf("no column %s", q)
				}
				if row[i] != "" && other[i] != "" && row[i] != other[i] {
					same = false
				}
			}
			if same {
				matches++
			}
		}
		if matches < 5 {
			t.Errorf("a row matches %d rows on its quasi-identifiers: %v", matches, row[:column(h, "complete")])
		}
		for _, q := range []string{"gender", "lang"} {
			if v := row[column(h, q)]; v == "girl" || v == "other" || v == "ar" {
				t.Errorf("a group of fewer than 5 shows in %s: %v", q, row)
			}
		}
	}
	ids := map[string]bool{}
	ascending := true
	for i, row := range rows {
		id := row[column(h, "submission")]
		ids[id] = true
		if i > 0 && id < rows[i-1][column(h, "submission")] {
			ascending = false
		}
		if _, err := fmt.Sscan(id, new(int)); err == nil && len(id) < 6 {
			t.Fatalf("a row id looks sequential: %q", id)
		}
	}
	if ascending {
		t.Error("row ids ascend: they give the order of arrival")
	}
	for _, row := range second[1:] {
		if ids[row[column(h, "submission")]] {
			t.Fatal("a row id is the same in two exports: they can be linked")
		}
	}
	if s1, s2 := rows[0][column(h, "session")], second[1][column(h, "session")]; s1 != "" && s1 == s2 {
		t.Fatal("the session pseudonym is the same in two exports")
	}
	body := analyst.get("/export/microdata/wellbeing.datapackage.json?lang=en").body
	if !strings.Contains(body, "suppressed in") || !strings.Contains(body, "recoded") {
		t.Fatalf("the codebook does not say what was recoded and suppressed: %s", body)
	}
}
