package registration_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/registration"
	"github.com/kinderstem/kinderstem/internal/store"
)

// The shipped sample imports whole: 11 provinces, 2 sexes, ages 0 to 19.
func TestPopulationSampleImports(t *testing.T) {
	t.Parallel()
	f, err := os.Open("../../surveys/population/sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := registration.DecodePopulation(f, "sample.csv", catalog(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 11*2*20 {
		t.Errorf("%d rows, want 440", len(rows))
	}
}

func TestDecodePopulation(t *testing.T) {
	t.Parallel()
	cat := catalog(t)
	cases := []struct {
		name, in string
		want     []store.PopulationCount
		reason   string // the RowError's reason when the file is refused
		line     int
	}{
		{name: "tidy", in: "area,sex,age,count\n44021,F,10,812\n44021,male,10,840\n",
			want: []store.PopulationCount{{Area: "44021", Sex: "female", Age: 10, Count: 812}, {Area: "44021", Sex: "male", Age: 10, Count: 840}}},
		{name: "statbel rows are added up, leading zero restored, semicolons",
			in:   "CD_REFNIS;CD_SEX;CD_AGE;CD_NATLTY;MS_POPULATION\n4000;F;9;BEL;100\n4000;F;9;ETR;25\n",
			want: []store.PopulationCount{{Area: "04000", Sex: "female", Age: 9, Count: 125}}},
		{name: "merged municipality counts for the new one", in: "area,sex,age,count\n11007,M,8,10\n",
			want: []store.PopulationCount{{Area: "11002", Sex: "male", Age: 8, Count: 10}}},
		{name: "two municipalities merged in 2025 add up, not repeat", in: "area,sex,age,count\n11002,M,8,10\n11007,M,8,4\n",
			want: []store.PopulationCount{{Area: "11002", Sex: "male", Age: 8, Count: 14}}},
		{name: "a province beside its municipalities", in: "area,sex,age,count\n10000,F,10,5\n11002,F,10,3\n", reason: "monitor.err.province_twice"},
		{name: "tidy repeat", in: "area,sex,age,count\n44021,F,10,1\n44021,F,10,2\n", reason: "monitor.err.duplicate", line: 3},
		{name: "unknown area", in: "area,sex,age,count\n99999,F,10,1\n", reason: "monitor.err.area", line: 2},
		{name: "sex total", in: "area,sex,age,count\n44021,total,10,1\n", reason: "monitor.err.sex", line: 2},
		{name: "age out of range", in: "area,sex,age,count\n44021,F,121,1\n", reason: "monitor.err.number", line: 2},
		{name: "negative count", in: "area,sex,age,count\n44021,F,10,-1\n", reason: "monitor.err.whole", line: 2},
		{name: "fraction", in: "area,sex,age,count\n44021,F,10,1.5\n", reason: "monitor.err.whole", line: 2},
		{name: "no count column", in: "area,sex,age\n44021,F,10\n", reason: "monitor.err.header", line: 1},
		{name: "no rows", in: "area,sex,age,count\n", reason: "monitor.err.empty", line: 1},
		{name: "empty", in: "", reason: "monitor.err.empty", line: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := registration.DecodePopulation(strings.NewReader(tc.in), "p.csv", cat)
			if tc.reason == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) != len(tc.want) {
					t.Fatalf("got %+v, want %+v", rows, tc.want)
				}
				for i := range rows {
					if rows[i] != tc.want[i] {
						t.Errorf("row %d: got %+v, want %+v", i, rows[i], tc.want[i])
					}
				}
				return
			}
			var re *registration.RowError
			if !errors.As(err, &re) || re.Reason != tc.reason || re.Line != tc.line {
				t.Fatalf("got %v (%+v), want %s on line %d", err, re, tc.reason, tc.line)
			}
			if rows != nil {
				t.Errorf("a refused file returned rows: %+v", rows)
			}
		})
	}
}

func FuzzDecodePopulation(f *testing.F) {
	cat := catalog(f)
	f.Add("area,sex,age,count\n44021,F,10,812\n44021,male,10,840\n")
	f.Add("CD_REFNIS;CD_SEX;CD_AGE;MS_POPULATION\n4000;F;9;100\n4000;F;9;25\n")
	f.Add("area|sex|age|count\n10000|M|0|2147483647\n10000|M|0|1\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows, err := registration.DecodePopulation(strings.NewReader(in), "fuzz", cat)
		var re *registration.RowError
		if err != nil && !errors.As(err, &re) {
			t.Fatalf("not a row error: %v", err)
		}
		if err != nil && rows != nil {
			t.Fatalf("rows with an error")
		}
		for _, r := range rows {
			if len(r.Area) != 5 || (r.Sex != "female" && r.Sex != "male") || r.Age < 0 || r.Age > 120 || r.Count < 0 {
				t.Fatalf("bad row %+v", r)
			}
		}
	})
}
