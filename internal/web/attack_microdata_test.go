package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
)

// The microdata attacks of the attack table (attack_table_test.go).

// child is one child of a test group: gender, language, age.
type child struct {
	gender, lang string
	age          int
}

// children sends a group's questionnaires through the JSON API, each with
// answers of its own.
func (e *env) children(t *testing.T, sess *store.Session, name string, kids []child) {
	t.Helper()
	for i, k := range kids {
		body := fmt.Sprintf(`{"id":"%s","lang":"%s","age":%d,"gender":"%s","answers":{"life_satisfaction":%d,"bullied":%d}}`,
			uidFor(name, i), k.lang, k.age, k.gender, (i*7)%11, 1+(i*3)%5)
		e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
	}
}

// many is n children of one gender and language, aged 10 to 13.
func many(n int, gender, lang string) []child {
	out := make([]child, n)
	for i := range out {
		out[i] = child{gender, lang, 10 + i%4}
	}
	return out
}

// inOrg makes a session belong to another organisation.
func inOrg(id int64) func(*store.Session) { return func(s *store.Session) { s.OrganisationID = id } }

// Finding: microdata filters acted on the columns the file coarsens or
// leaves out, so a filter picked out a small group the file itself could
// not: organisation 3's three non-binary children, with all their answers.
// Every such filter is refused, and so is a selection under the minimum
// base, whatever it filters on.
func attackMicrodataHiddenFilters(t *testing.T) {
	t.Parallel()
	attackMicrodataHiddenFiltersIn(t, "csv")
}

func attackMicrodataHiddenFiltersIn(t *testing.T, ext string) {
	e := newEnv(t)
	third := e.org("Derde organisatie")
	small := e.openSession("wellbeing", "10-13", "nl", "school", inOrg(third))
	e.children(t, small, "hidden-filters-small", append(many(3, "other", "nl"), many(17, "boy", "nl")...))
	big := e.openSession("wellbeing", "10-13", "nl", "school")
	e.children(t, big, "hidden-filters-big", append(many(30, "girl", "nl"), many(30, "boy", "nl")...))
	analyst := e.login("analyst", "Stad")
	for _, tc := range []struct{ query, refusal string }{
		{fmt.Sprintf("gender=other&organisation=%d", third), "organisatie"},
		{fmt.Sprintf("organisation=%d", third), "organisatie"},
		{"age=11", "leeftijdsgroep"},
		{"region=gent", "provincie"},
		{"region=44021", "provincie"},
		{"from=2026-05&to=2026-05", "kwartalen"},
		{"by=gender", "uitsplitsing"},
		{"gender=other", "Te weinig kinderen"},
	} {
		r := analyst.get("/export/microdata/wellbeing." + ext + "?" + tc.query)
		if r.StatusCode == http.StatusOK {
			rows := readMicrodata(t, ext, r.body)[1:]
			t.Errorf("?%s gave %d rows, picked out by a value the file does not show", tc.query, len(rows))
			continue
		}
		r.want(t, http.StatusUnprocessableEntity, tc.refusal)
	}
	// What the file shows may be filtered on, at quarter bounds.
	for _, q := range []string{"region=40000", "from=2026-04&to=2026-06", "setting=school&age_band=10-13&version=3"} {
		if r := analyst.get("/export/microdata/wellbeing." + ext + "?" + q); r.StatusCode != http.StatusOK {
			t.Errorf("?%s: status %d", q, r.StatusCode)
		}
	}
}

// Finding: a blanked value marked the rare child. In a session of 28
// girls, 29 boys and one non-binary child, the one row of that session
// with an empty gender was that child's; likewise the one empty language
// among a class that answered in Dutch. A blank in a shown session or
// class now stands among at least MicroK rows.
func attackMicrodataBlankMarks(t *testing.T) { t.Parallel(); attackMicrodataBlankMarksIn(t, "csv") }

func attackMicrodataBlankMarksIn(t *testing.T, ext string) {
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	kids := append(append(many(28, "girl", "nl"), many(28, "boy", "nl")...), child{"other", "nl", 11}, child{"boy", "ar", 12})
	e.children(t, sess, "blank-marks", kids)
	analyst := e.login("analyst", "Stad")
	rows := readMicrodata(t, ext, analyst.get("/export/microdata/wellbeing."+ext).body)
	h := rows[0]
	blank := map[string]int{}
	shown := map[string]map[string]int{}
	for _, row := range rows[1:] {
		session := row[column(h, "session")]
		if session == "" {
			continue // not shown beside its session's other rows
		}
		for _, q := range []string{"gender", "lang"} {
			if shown[q] == nil {
				shown[q] = map[string]int{}
			}
			if v := row[column(h, q)]; v == "" {
				blank[q]++
			} else {
				shown[q][v]++
			}
		}
	}
	t.Logf("blank in the shown session: gender %d, language %d; shown: %v", blank["gender"], blank["lang"], shown)
	for _, q := range []string{"gender", "lang"} {
		if blank[q] > 0 && blank[q] < 5 {
			t.Errorf("%d rows of the session have an empty %s beside %v shown: the blank points at the rare child", blank[q], q, shown[q])
		}
	}
	if shown["gender"]["other"] > 0 || shown["lang"]["ar"] > 0 {
		t.Errorf("a value of fewer than 5 children is shown: genders %v, languages %v", shown["gender"], shown["lang"])
	}
}

// Differencing with each filter and its complement: every file filtered
// on what the file shows is a part of the unfiltered file (the same rows,
// showing the same values), and every row in it still matches at least
// five rows of that file. So no two files, however filtered, tell more
// than the unfiltered one. (A minimum base of 5 lets small files through,
// to check them.)
func attackMicrodataFilesAddNothing(t *testing.T) {
	t.Parallel()
	attackMicrodataFilesAddNothingIn(t, "csv")
}

func attackMicrodataFilesAddNothingIn(t *testing.T, ext string) {
	e := newEnvWith(t, smallBase)
	school := e.openSession("wellbeing", "10-13", "nl", "school")
	e.children(t, school, "add-nothing-school", append(append(many(24, "girl", "nl"), many(22, "boy", "nl")...),
		child{"other", "nl", 10}, child{"other", "nl", 12}, child{"girl", "fr", 11}, child{"skip", "nl", 13}))
	care := e.openSession("wellbeing", "10-13", "nl", "youth_care", func(s *store.Session) { s.Region = "antwerpen" })
	e.children(t, care, "add-nothing-care", append(many(20, "boy", "nl"), many(6, "girl", "nl")...))
	analyst := e.login("analyst", "Stad")
	full := readMicrodata(t, ext, analyst.get("/export/microdata/wellbeing."+ext).body)
	h := full[0]
	skip := []int{column(h, "submission"), column(h, "session"), column(h, "psu")} // pseudonyms of this export
	key := func(row []string) string {
		var parts []string
		for i, v := range row {
			if !slices.Contains(skip, i) {
				parts = append(parts, v)
			}
		}
		return strings.Join(parts, "|")
	}
	inFull := map[string]int{}
	for _, row := range full[1:] {
		inFull[key(row)]++
	}
	checked := 0
	for _, q := range []string{"gender=girl", "gender=boy", "gender=other", "gender=skip", "setting=school", "setting=youth_care",
		"region=40000", "region=10000", "from=2026-04&to=2026-06", "from=2026-07", "age_band=10-13", "version=3", "gender=girl&setting=school"} {
		r := analyst.get("/export/microdata/wellbeing." + ext + "?" + q)
		if r.StatusCode != http.StatusOK {
			// Nothing shows gender "other" here: the selection is empty.
			r.want(t, http.StatusUnprocessableEntity, "Te weinig kinderen")
			continue
		}
		checked++
		part := readMicrodata(t, ext, r.body)
		left := map[string]int{}
		for k, n := range inFull {
			left[k] = n
		}
		for _, row := range part[1:] {
			if left[key(row)] == 0 {
				t.Errorf("?%s shows a row the unfiltered file does not: %v", q, row)
			}
			left[key(row)]--
		}
		qis := []string{"survey_version", "session", "setting", "province", "age_band", "gender", "quarter", "lang"}
		for _, row := range part[1:] {
			matches := 0
			for _, other := range part[1:] {
				same := true
				for _, name := range qis {
					i := column(h, name)
					if row[i] != "" && other[i] != "" && row[i] != other[i] {
						same = false
					}
				}
				if same {
					matches++
				}
			}
			if matches < 5 {
				t.Errorf("?%s: a row matches %d rows of its file: %v", q, matches, row[:column(h, "complete")])
			}
		}
	}
	if checked == 0 {
		t.Fatal("no filtered file was checked")
	}
}

// A worker knows which child filled in the group's one paper sheet. If
// the microdata's paper column said so, that row, with every answer,
// would be the child's. In a session that mixed paper and screens the
// mark is left out; a session all on paper still shows it.
func attackMicrodataPaperChild(t *testing.T) { t.Parallel(); attackMicrodataPaperChildIn(t, "csv") }

func attackMicrodataPaperChildIn(t *testing.T, ext string) {
	e := newEnv(t)
	mixed := e.openSession("wellbeing", "10-13", "nl", "school")
	e.children(t, mixed, "paper-mixed", append(many(30, "girl", "nl"), many(29, "boy", "nl")...))
	paperOnly := e.openSession("wellbeing", "10-13", "nl", "school", func(s *store.Session) { s.Region = "antwerpen" })
	w := e.login("worker", "Testclub")
	for _, sess := range []*store.Session{mixed} {
		path := fmt.Sprintf("/sessions/%d/paper/entry", sess.ID)
		sheet := map[string]string{"sheet": "1", "age": "11", "gender": "1", "a.life_satisfaction": "2", "a.bullied": "5"}
		typing(t, w, path, typing(t, w, path, w.get(path), sheet), sheet).want(t, http.StatusSeeOther)
	}
	for i := 0; i < 20; i++ {
		path := fmt.Sprintf("/sessions/%d/paper/entry", paperOnly.ID)
		sheet := map[string]string{"sheet": fmt.Sprint(i + 1), "age": "12", "gender": fmt.Sprint(1 + i%2), "a.life_satisfaction": fmt.Sprint(i % 11)}
		typing(t, w, path, typing(t, w, path, w.get(path), sheet), sheet).want(t, http.StatusSeeOther)
	}
	rows := readMicrodata(t, ext, e.login("analyst", "Stad").get("/export/microdata/wellbeing."+ext).body)
	h := rows[0]
	bySession := map[string]map[string]int{} // session pseudonym -> paper value -> rows
	for _, row := range rows[1:] {
		session := row[column(h, "session")]
		if session == "" {
			continue
		}
		if bySession[session] == nil {
			bySession[session] = map[string]int{}
		}
		bySession[session][row[column(h, "paper")]]++
	}
	t.Logf("paper column by session: %v", bySession)
	allPaper := 0
	for session, marks := range bySession {
		if len(marks) > 1 {
			t.Errorf("session %s shows rows marked differently: %v, the paper child stands out", session, marks)
		}
		allPaper += marks["true"]
	}
	if allPaper != 20 {
		t.Errorf("%d rows marked paper, want the 20 of the all-paper session", allPaper)
	}
}
