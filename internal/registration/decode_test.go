package registration_test

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"

	kinderstem "github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/registration"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

func catalog(tb testing.TB) *survey.Catalog {
	tb.Helper()
	surveys, _ := fs.Sub(kinderstem.Assets(), "surveys")
	cat, err := survey.Load(surveys)
	if err != nil {
		tb.Fatal(err)
	}
	return cat
}

const header = "indicator,period,area,sex,age_band,numerator,denominator,value\n"

// The shipped sample holds only figures checked against the publication
// and table each row cites (no news site); it must import whole.
func TestSampleImports(t *testing.T) {
	t.Parallel()
	f, err := os.Open("../../surveys/registration/sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := registration.Decode(f, "sample.csv", catalog(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Errorf("%d rows, want 4", len(rows))
	}
	for _, r := range rows {
		if r.Indicator == "kansarmoede" && r.Period == "2020" && r.Area == "02000" && r.Value != 13.65 {
			t.Errorf("kansarmoede 2020 Flemish Region = %v, want 13.65", r.Value)
		}
		if r.Source == "" || r.Publication == "" || r.Table == "" || r.Period == "" {
			t.Errorf("%s %s %s cites no publication, table and year: %+v", r.Indicator, r.Period, r.Area, r)
		}
		for _, news := range []string{"hln.be", "knack.be", "ringtv.be", "focus-wtv.be", "wtv.be", "hbvl.be", "nieuwsblad.be"} {
			if strings.Contains(r.Source, news) {
				t.Errorf("%s %s %s cites a news site: %s", r.Indicator, r.Period, r.Area, r.Source)
			}
		}
	}
}

// Every kind of bad row stops the import with line, column and reason.
func TestBadRows(t *testing.T) {
	t.Parallel()
	cat := catalog(t)
	good := "kansarmoede,2020,02000,total,total,,,13.65\n"
	cases := []struct {
		name, file   string
		line, column int
		reason       string
	}{
		{"empty file", "", 1, 0, "empty"},
		{"header only", header, 1, 0, "empty"},
		{"missing column", "indicator,period,area,sex,age_band,numerator,value\n", 1, 0, "header"},
		{"unknown column", "indicator,period,area,sex,age_band,numerator,denominator,value,colour\n" + good, 1, 9, "header"},
		{"bad quotes", header + good + "kansarmoede,\"2021,02000,total,total,,,13\n", 3, 0, "csv"},
		{"short row", header + good + "kansarmoede,2021,02000\n", 3, 0, "fields"},
		{"unknown indicator", header + "poverty,2020,02000,total,total,,,13\n", 2, 1, "indicator"},
		{"bad period", header + "kansarmoede,20-20,02000,total,total,,,13\n", 2, 2, "period"},
		{"school year not consecutive", header + "kansarmoede,2019-2021,02000,total,total,,,13\n", 2, 2, "period"},
		{"unknown area", header + "kansarmoede,2020,99999,total,total,,,13\n", 2, 3, "area"},
		{"slug is no NIS code", header + "kansarmoede,2020,gent,total,total,,,13\n", 2, 3, "area"},
		{"bad sex", header + "kansarmoede,2020,02000,girls,total,,,13\n", 2, 4, "sex"},
		{"bad age band", header + "kansarmoede,2020,02000,total,young,,,13\n", 2, 5, "age_band"},
		{"not a number", header + "kansarmoede,2020,02000,total,total,,,13%\n", 2, 8, "number"},
		{"negative", header + "kansarmoede,2020,02000,total,total,-3,100,\n", 2, 6, "number"},
		{"half a child", header + "kansarmoede,2020,02000,total,total,3.5,100,\n", 2, 6, "whole"},
		{"zero denominator", header + "kansarmoede,2020,02000,total,total,3,0,\n", 2, 7, "denominator"},
		{"share above its base", header + "kansarmoede,2020,02000,total,total,30,20,\n", 2, 7, "denominator"},
		{"nothing to show", header + "kansarmoede,2020,02000,total,total,,,\n", 2, 8, "value"},
		{"value against counts", header + "kansarmoede,2020,02000,total,total,10,100,12\n", 2, 8, "mismatch"},
		{"share over 100", header + "kansarmoede,2020,02000,total,total,,,130\n", 2, 8, "share"},
		{"repeated row", header + good + good, 3, 0, "duplicate"},
		{"rate of a merged municipality", header + "kansarmoede,2021,37012,total,total,,,2.7\n", 2, 3, "merged_rate"},
		{"half of a merger", header + "kansarmoede,2021,37012,total,total,3,100,\n", 2, 3, "merged_partial"},
		{"old and new code together", header + "kansarmoede,2021,37012,total,total,3,100,\nkansarmoede,2021,37018,total,total,5,100,\nkansarmoede,2021,37021,total,total,8,200,\n", 2, 0, "duplicate"},
		{"source not a URL", "indicator,period,area,sex,age_band,numerator,denominator,value,source_url\nkansarmoede,2020,02000,total,total,,,13.65,the newspaper\n", 2, 9, "source"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows, err := registration.Decode(strings.NewReader(c.file), "f.csv", cat)
			var re *registration.RowError
			if !errors.As(err, &re) {
				t.Fatalf("got %d rows and %v, want a row error", len(rows), err)
			}
			if re.Line != c.line || re.Column != c.column || re.Reason != "monitor.err."+c.reason || re.File != "f.csv" {
				t.Errorf("got %s line %d column %d (%s), want line %d column %d %s", re.Reason, re.Line, re.Column, re.Detail, c.line, c.column, c.reason)
			}
		})
	}
}

// Counts of pre-2025 municipalities are added up onto today's: Ruiselede
// and Wingene became Wingene (37021); Antwerpen kept its code and took in
// Borsbeek.
func TestMergerCrosswalk(t *testing.T) {
	t.Parallel()
	file := header +
		"kansarmoede,2021,37012,total,total,3,110,\n" +
		"kansarmoede,2021,37018,total,total,21,140,15\n" +
		"kansarmoede,2021,11002,total,total,1000,5000,20\n" +
		"kansarmoede,2021,11007,total,total,10,100,10\n" +
		"youth_care_waiting,2019,46003,total,total,30,,\n" +
		"youth_care_waiting,2019,46013,total,total,12,,\n" +
		"youth_care_waiting,2019,11056,total,total,8,,8\n" +
		"kansarmoede,2021,44021,total,total,,,18.2\n"
	rows, err := registration.Decode(strings.NewReader(file), "old.csv", catalog(t))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]store.RegistrationValue{}
	for _, r := range rows {
		got[r.Indicator+" "+r.Area] = r
	}
	if len(rows) != 4 {
		t.Errorf("%d rows, want 4: %v", len(rows), got)
	}
	check := func(key string, num, den, value float64) {
		t.Helper()
		r, ok := got[key]
		switch {
		case !ok:
			t.Errorf("no row for %s", key)
		case *r.Numerator != num || (den > 0 && *r.Denominator != den) || r.Value != value:
			t.Errorf("%s = %v/%v = %v, want %v/%v = %v", key, *r.Numerator, r.Denominator, r.Value, num, den, value)
		}
	}
	check("kansarmoede 37021", 24, 250, 24.0/250*100)
	check("kansarmoede 11002", 1010, 5100, 1010.0/5100*100)
	check("youth_care_waiting 46030", 50, 0, 50)
	if r := got["kansarmoede 44021"]; r.Value != 18.2 || r.Numerator != nil {
		t.Errorf("a municipality that did not merge changed: %+v", r)
	}
}

func FuzzDecode(f *testing.F) {
	cat := catalog(f)
	f.Add(header + "kansarmoede,2020,02000,total,total,,,13.65\n")
	f.Add(header + "kansarmoede,2021,37012,total,total,3,110,\nkansarmoede,2021,37018,total,total,21,140,\n")
	f.Add("indicator;period;area;sex;age_band;numerator;denominator;value\nchildcare_places;2022;30000;total;total;16771;33062;51\n")
	f.Add("\ufeff" + header + "youth_care_waiting,2019,02000,female,0-17,5543,,\"5543\"\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows, err := registration.Decode(strings.NewReader(in), "fuzz.csv", cat)
		var re *registration.RowError
		if err != nil && !errors.As(err, &re) {
			t.Fatalf("not a row error: %v", err)
		}
		if err != nil && (re.Reason == "" || re.Detail == "") {
			t.Fatalf("a row error without reason: %+v", re)
		}
		for _, r := range rows {
			if r.Value < 0 || r.Value != r.Value {
				t.Fatalf("bad value %v", r.Value)
			}
			if _, ok := cat.Area(r.Area); !ok {
				t.Fatalf("area %q is not today's", r.Area)
			}
		}
	})
}
