package store_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// The database's CHECK on submissions.gender, as the migrated file holds
// it, allows exactly survey.Genders: the list lives in internal/survey,
// and a change there without a migration (or the other way round) fails
// here.
func TestGenderCheckIsSurveyGenders(t *testing.T) {
	t.Parallel()
	_, path := mustOpen(t, store.Options{})
	rows := rawQuery(t, path, `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'submissions'`)
	defer rows.Close()
	var ddl string
	if !rows.Next() {
		t.Fatal("no submissions table")
	}
	if err := rows.Scan(&ddl); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`gender\s+TEXT[^,]*CHECK\s*\(\s*gender\s+IN\s*\(([^)]*)\)`).FindStringSubmatch(ddl)
	if m == nil {
		t.Fatalf("no CHECK on gender in:\n%s", ddl)
	}
	var inSQL []string
	for _, v := range strings.Split(m[1], ",") {
		inSQL = append(inSQL, strings.Trim(strings.TrimSpace(v), "'"))
	}
	want := slices.Clone(survey.Genders)
	slices.Sort(want)
	slices.Sort(inSQL)
	if !slices.Equal(inSQL, want) {
		t.Errorf("the database allows genders %v, survey.Genders is %v", inSQL, want)
	}
}
