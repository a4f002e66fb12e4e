package indicator_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

type fixture struct {
	st    *store.Store
	cat   *survey.Catalog
	path  string
	clock *demo.Clock
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	clock := &demo.Clock{}
	clock.Set(time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC))
	st, path, cat, _ := testkit.OpenCatalogStore(tb, store.Options{Now: clock.Now})
	return &fixture{st: st, cat: cat, path: path, clock: clock}
}

func (f *fixture) session(tb testing.TB, surveyID, band, setting, region string) *store.Session {
	tb.Helper()
	return testkit.NewSession(tb, f.st, f.cat, surveyID, band, setting, region, f.clock.Now())
}

func (f *fixture) submit(tb testing.TB, sess *store.Session, gender string, answers map[string]int) {
	tb.Helper()
	testkit.SubmitAnswers(tb, f.st, sess, gender, answers)
}

// Hand-computed: 12 children at school answer the 0-10 ladder; 8 of them
// say 8 or more, one does not know, one skips.
func TestShareByHand(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	school := f.session(t, "wellbeing", "10-13", "school", "gent")
	care := f.session(t, "wellbeing", "10-13", "youth_care", "antwerpen")
	for i, code := range []int{10, 9, 8, 8, 8, 9, 10, 8, 3, 5, survey.CodeDontKnow, survey.CodeSkipped} {
		g := "girl"
		if i%2 == 1 {
			g = "boy"
		}
		f.submit(t, school, g, map[string]int{"life_satisfaction": code})
	}
	for _, code := range []int{2, 9, 9} {
		f.submit(t, care, "girl", map[string]int{"life_satisfaction": code})
	}
	ix, err := indicator.Load(context.Background(), f.st, f.cat)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.ComputeExact(indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied", By: []indicator.Dim{indicator.DimSetting}})
	if err != nil {
		t.Fatal(err)
	}
	cells := map[string]*indicator.Cell{}
	for i, l := range res.Rows {
		cells[l.Key] = res.Grid.Cells[i][0]
	}
	// School: 10 valid answers, 8 of them 8-10. Youth care: 3, hidden, and
	// so is the next smallest (an empty setting), so neither can be derived.
	// The school's children all answered in one session: one cluster gives
	// no variance to estimate, so no interval and no design effect.
	s := cells["school"]
	if s.Suppressed || s.N != 10 || s.Value != 0.8 || !math.IsNaN(s.Lower) || !math.IsNaN(s.Upper) || s.Clusters != 1 || !math.IsNaN(s.Deff) || s.DontKnow != 1 || s.Skipped != 1 {
		t.Fatalf("school = %+v", s)
	}
	if !cells["youth_care"].Suppressed {
		t.Fatal("a setting of 3 children shows")
	}
	if tot := res.Grid.Total; tot.N != 13 || math.Abs(tot.Value-10.0/13) > 1e-12 {
		t.Fatalf("total = %+v, want 10 of 13", tot)
	}
	mean, err := ix.ComputeExact(indicator.Query{Survey: "wellbeing", Indicator: "life_satisfaction_mean"})
	if err != nil {
		t.Fatal(err)
	}
	sum := 10.0 + 9 + 8 + 8 + 8 + 9 + 10 + 8 + 3 + 5 + 2 + 9 + 9
	if m := mean.Grid.Total; m.N != 13 || math.Abs(m.Value-sum/13) > 1e-12 || !(m.Lower < m.Value && m.Value < m.Upper) {
		t.Fatalf("mean = %+v, want %v", m, sum/13)
	}
	if mean.Scale != [2]float64{0, 10} {
		t.Fatalf("mean scale %v, want 0-10", mean.Scale)
	}
}

// The index and a direct SQL aggregation over the stored answers give the
// same numbers, for every share indicator and breakdown, whether the
// index was read from the database at start-up or grew one commit at a
// time.
func TestIndexEqualsSQL(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	live := indicator.New(f.cat, f.st.SessionByID)
	f.st.OnCommit(live.Append)
	_, err := demo.Generate(context.Background(), f.st, f.cat, f.clock, demo.Options{Submissions: 3000, Months: 6, Seed: 7,
		End: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Workers: 16})
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := indicator.Load(context.Background(), f.st, f.cat)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+f.path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checked := 0
	for _, s := range f.cat.Surveys() {
		for _, ind := range s.Indicators {
			if ind.Kind != survey.Share {
				continue
			}
			it, _ := s.Item(ind.Items[0])
			if it.Kind == survey.KindMulti {
				continue
			}
			want := sqlCounts(t, db, "age_band", s.ID, ind.Items[0], ind.Top)
			for name, ix := range map[string]*indicator.Index{"loaded": loaded, "live": live} {
				res, err := ix.ComputeExact(indicator.Query{Survey: s.ID, Indicator: ind.ID, By: []indicator.Dim{indicator.DimAgeBand}, Policy: release.MustPolicy(5, 0)})
				if err != nil {
					t.Fatal(err)
				}
				for i, l := range res.Rows {
					c := res.Grid.Cells[i][0]
					w, ok := want[l.Key]
					if c.Suppressed {
						continue
					}
					checked++
					if !ok || c.N != w[0] || math.Abs(c.Value-float64(w[1])/float64(w[0])) > 1e-12 {
						t.Errorf("%s %s.%s band %s: index n=%d value=%v, SQL %v", name, s.ID, ind.ID, l.Key, c.N, c.Value, w)
					}
				}
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d cells compared", checked)
	}
}

// sqlCounts counts an item's valid answers straight from the tables, by
// a column of submissions (age_band, bg_living): level -> [valid answers,
// answers in top].
func sqlCounts(t *testing.T, db *sql.DB, by, surveyID, item string, top []int) map[string][2]int {
	t.Helper()
	in := strings.Trim(strings.Join(strings.Fields(fmt.Sprint(top)), ","), "[]")
	rows, err := db.Query(fmt.Sprintf(`SELECT s.%s, count(*), sum(a.code IN (%s)) FROM answers a
		JOIN submissions s ON s.id = a.submission_id JOIN items i ON i.id = a.item_id
		WHERE i.survey_id = ? AND i.item = ? AND a.code >= 0 GROUP BY s.%s`, by, in, by), surveyID, item)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][2]int{}
	for rows.Next() {
		var level string
		var n, hits int
		rows.Scan(&level, &n, &hits)
		out[level] = [2]int{n, hits}
	}
	return out
}

func TestComputeRejectsUnknowns(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ix, err := indicator.Load(context.Background(), f.st, f.cat)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []indicator.Query{
		{Survey: "nope", Indicator: "x"},
		{Survey: "wellbeing", Indicator: "nope"},
		{Survey: "wellbeing", Indicator: "life_satisfied", By: []indicator.Dim{"shoe_size"}},
		{Survey: "wellbeing", Indicator: "life_satisfied", By: []indicator.Dim{"gender", "gender"}},
		{Survey: "wellbeing", Indicator: "life_satisfied", By: []indicator.Dim{"gender", "setting", "region"}},
		{Survey: "wellbeing", Indicator: "life_satisfied", Filter: indicator.Filter{From: "March"}},
		{Survey: "wellbeing", Indicator: "life_satisfied", Filter: indicator.Filter{Regions: []string{"atlantis"}}},
		{Survey: "wellbeing", Indicator: "life_satisfied", Filter: indicator.Filter{Settings: []string{"prison"}}},
		{Survey: "wellbeing", Indicator: "life_satisfied", Filter: indicator.Filter{Versions: []int{99}}},
		{Survey: "wellbeing", Indicator: "life_satisfied", Period: "decade", By: []indicator.Dim{"period"}},
	} {
		if _, err := ix.Compute(q); err == nil {
			t.Errorf("Compute(%+v) succeeded", q)
		}
	}
}
