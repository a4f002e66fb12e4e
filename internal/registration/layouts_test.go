package registration_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/registration"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

// importSample imports one of the sample files in testdata/layouts.
func importSample(t *testing.T, name string, opts registration.Options) ([]store.RegistrationValue, *registration.Report) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "layouts", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, rep, err := registration.Import(f, name, catalog(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	return rows, rep
}

// figures indexes rows by "indicator period area sex age_band".
func figures(rows []store.RegistrationValue) map[string]store.RegistrationValue {
	out := map[string]store.RegistrationValue{}
	for _, r := range rows {
		out[strings.Join([]string{r.Indicator, r.Period, r.Area, r.Sex, r.AgeBand}, " ")] = r
	}
	return out
}

func TestImportEurostat(t *testing.T) {
	t.Parallel()
	rows, rep := importSample(t, "eurostat_ilc_peps01n.csv", registration.Options{})
	got := figures(rows)
	if rep.Layout != "eurostat" || len(rows) != 7 || rep.Missing != 1 || rep.Skipped != 3 {
		t.Errorf("layout %s, %d rows, report %+v; want eurostat, 7 rows, 1 missing, 3 skipped: %v", rep.Layout, len(rows), rep, got)
	}
	for key, want := range map[string]float64{
		"eu_arope_children 2023 01000 total total":  17.1,
		"eu_arope_children 2023 01000 female total": 17.4,
		"eu_arope_children 2023 01000 total 0-5":    16.2,
		"eu_arope_children 2023 01000 total 12-17":  18.0,
		"eu_arope_children 2023 02000 total total":  11.3,
	} {
		r, ok := got[key]
		if !ok || r.Value != want {
			t.Errorf("%s = %+v, want %v", key, r, want)
			continue
		}
		if r.Publication != "Eurostat database" || !strings.HasPrefix(r.Table, "ilc_peps01n") || r.Published != "2024" {
			t.Errorf("%s cites %q, %q, %q", key, r.Publication, r.Table, r.Published)
		}
	}
}

func TestImportStatbel(t *testing.T) {
	t.Parallel()
	rows, rep := importSample(t, "TF_SOC_POP_STRUCT_2024.txt", registration.Options{})
	got := figures(rows)
	if rep.Layout != "statbel" || rep.Skipped != 1 {
		t.Errorf("report %+v", rep)
	}
	// Gent: girls 1000+300 aged 4 and 900 aged 15, boys 1100+250 and 100.
	check := func(key string, num, den, value float64) {
		t.Helper()
		r, ok := got[key]
		if !ok {
			t.Errorf("no figure %s", key)
			return
		}
		if *r.Numerator != num || (den > 0 && *r.Denominator != den) || r.Value != value {
			t.Errorf("%s = %v/%v = %v, want %v/%v = %v", key, *r.Numerator, r.Denominator, r.Value, num, den, value)
		}
	}
	check("minors 2024 44021 total total", 3650, 0, 3650)
	check("minors 2024 44021 female 3-5", 1300, 0, 1300)
	check("minors 2024 44021 male 12-17", 100, 0, 100)
	check("minors 2024 40000 total total", 3650, 0, 3650)
	check("minors 2024 02000 total total", 6450, 0, 6450)
	check("minors 2024 11002 total total", 2800, 0, 2800)
	check("minors 2024 11002 female total", 2100, 0, 2100)
	check("minors 2024 01000 total total", 6450, 0, 6450)
	check("minors_foreign_nationality 2024 44021 total total", 650, 3650, 650.0/3650*100)
	check("minors_foreign_nationality 2024 44021 male total", 350, 1450, 350.0/1450*100)
	if r := got["minors 2024 44021 total total"]; r.Table == "" || r.Published != "2024" {
		t.Errorf("citation %+v", r)
	}
	// The period comes from the file name, or from the option.
	f, _ := os.Open(filepath.Join("testdata", "layouts", "TF_SOC_POP_STRUCT_2024.txt"))
	defer f.Close()
	if _, _, err := registration.Import(f, "population.txt", catalog(t), registration.Options{}); !isRowError(err, "period_missing") {
		t.Errorf("a file without a year and no --period: %v", err)
	}
}

func TestImportPublishers(t *testing.T) {
	t.Parallel()
	rows, rep := importSample(t, "opgroeien_kansarmoede.csv", registration.Options{Layout: "opgroeien"})
	got := figures(rows)
	if len(rows) != 3 || rep.Missing != 1 {
		t.Errorf("%d rows, report %+v: %v", len(rows), rep, got)
	}
	if r := got["kansarmoede 2020 44021 total total"]; r.Value != 15 || *r.Numerator != 150 {
		t.Errorf("Gent 2020 = %+v", r)
	}
	rows, _ = importSample(t, "onderwijs_schooluitval.csv", registration.Options{Layout: "onderwijs"})
	got = figures(rows)
	if r := got["early_school_leavers 2019-2020 02000 male total"]; len(rows) != 4 || r.Value != 350.0/3000*100 {
		t.Errorf("%d rows, boys = %+v", len(rows), r)
	}
}

// A bad row of a source's file stops the import with its line and the
// source's own column.
func TestImportBadRows(t *testing.T) {
	t.Parallel()
	cat := catalog(t)
	eu := "DATAFLOW,LAST UPDATE,freq,unit,age,sex,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
	sb := "CD_REFNIS|CD_SEX|CD_NATLTY|CD_AGE|MS_POPULATION\n"
	og := "NIS-code;Jaar;Aantal kinderen in kansarmoede;Aantal kinderen;Kansarmoede-index\n"
	cases := []struct {
		name, file, body, layout string
		line, column             int
		reason                   string
	}{
		{"eurostat: dataset nobody reads", "e.csv", eu + "ESTAT:ILC_XYZ(1.0),,A,PC,Y_LT18,T,BE,2023,1,\n", "", 2, 1, "dataset"},
		{"eurostat: not a number", "e.csv", eu + "ESTAT:ILC_PEPS01N(1.0),,A,PC,Y_LT18,T,BE,2023,17%,\n", "", 2, 9, "number"},
		{"eurostat: share over 100", "e.csv", eu + "ESTAT:ILC_PEPS01N(1.0),,A,PC,Y_LT18,T,BE,2023,117,\n", "", 2, 9, "share"},
		{"eurostat: bad period", "e.csv", eu + "ESTAT:ILC_PEPS01N(1.0),,A,PC,Y_LT18,T,BE,23,17,\n", "", 2, 8, "period"},
		{"eurostat: missing column", "e.csv", "DATAFLOW,geo,OBS_VALUE\nESTAT:ILC_PEPS01N(1.0),BE,1\n", "eurostat", 1, 0, "layout"},
		{"statbel: unknown municipality", "TF_SOC_POP_STRUCT_2024.txt", sb + "99999|F|BEL|4|10\n", "", 2, 1, "area"},
		{"statbel: sex", "TF_SOC_POP_STRUCT_2024.txt", sb + "44021|X|BEL|4|10\n", "", 2, 2, "sex"},
		{"statbel: age", "TF_SOC_POP_STRUCT_2024.txt", sb + "44021|F|BEL|four|10\n", "", 2, 4, "number"},
		{"statbel: half a person", "TF_SOC_POP_STRUCT_2024.txt", sb + "44021|F|BEL|4|10.5\n", "", 2, 5, "number"},
		{"opgroeien: unknown area", "o.csv", og + "Atlantis;2020;1;10;10\n", "opgroeien", 2, 1, "area"},
		{"opgroeien: value against counts", "o.csv", og + "44021;2020;150;1000;20,0\n", "opgroeien", 2, 5, "mismatch"},
		{"opgroeien: columns of no indicator", "o.csv", "Gemeente;Jaar;Iets\nGent;2020;1\n", "opgroeien", 1, 0, "layout"},
		{"opgroeien: short row", "o.csv", og + "44021;2020\n", "opgroeien", 2, 0, "fields"},
		{"unknown layout", "o.csv", og + "44021;2020;1;10;10\n", "excel", 1, 0, "layout"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows, _, err := registration.Import(strings.NewReader(c.body), c.file, cat, registration.Options{Layout: c.layout})
			var re *registration.RowError
			if !errors.As(err, &re) {
				t.Fatalf("got %d rows and %v, want a row error", len(rows), err)
			}
			if re.Line != c.line || re.Column != c.column || re.Reason != "monitor.err."+c.reason || re.File != c.file {
				t.Errorf("got %s line %d column %d %q (%s), want line %d column %d %s", re.Reason, re.Line, re.Column, re.Name, re.Detail, c.line, c.column, c.reason)
			}
		})
	}
}

// A re-import replaces the same figures and adds the new ones; an import
// with a bad row stores nothing.
func TestImportAgainReplaces(t *testing.T) {
	t.Parallel()
	st, _ := testkit.OpenStore(t, store.Options{})
	cat, ctx := catalog(t), context.Background()
	rows, _ := importSample(t, "eurostat_ilc_peps01n.csv", registration.Options{})
	if err := st.ReplaceRegistration(ctx, 0, "first.csv", rows); err != nil {
		t.Fatal(err)
	}
	again := "DATAFLOW,LAST UPDATE,freq,unit,age,sex,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n" +
		"ESTAT:ILC_PEPS01N(1.0),01/07/25 23:00:00,A,PC,Y_LT18,T,BE,2023,17.3,\n" +
		"ESTAT:ILC_PEPS01N(1.0),01/07/25 23:00:00,A,PC,Y_LT18,T,BE,2024,16.8,\n"
	rows, _, err := registration.Import(strings.NewReader(again), "second.csv", cat, registration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ReplaceRegistration(ctx, 0, "second.csv", rows); err != nil {
		t.Fatal(err)
	}
	bad := again + "ESTAT:ILC_PEPS01N(1.0),01/07/25 23:00:00,A,PC,Y_LT18,T,BE,2025,abc,\n"
	if _, _, err := registration.Import(strings.NewReader(bad), "third.csv", cat, registration.Options{}); !isRowError(err, "number") {
		t.Fatalf("bad third file: %v", err)
	}
	stored, err := st.RegistrationValues(ctx, "eu_arope_children")
	if err != nil {
		t.Fatal(err)
	}
	got := figures(stored)
	if len(stored) != 8 || got["eu_arope_children 2023 01000 total total"].Value != 17.3 || got["eu_arope_children 2024 01000 total total"].Published != "2025" {
		t.Errorf("%d figures after the re-import: %v", len(stored), got)
	}
	if _, ok := got["eu_arope_children 2025 01000 total total"]; ok {
		t.Error("a figure of the refused file was stored")
	}
}

func isRowError(err error, reason string) bool {
	var re *registration.RowError
	return errors.As(err, &re) && re.Reason == "monitor.err."+reason
}

func fuzzImport(f *testing.F, layout, file string, seeds ...string) {
	cat := catalog(f)
	for _, s := range seeds {
		f.Add(s)
	}
	if data, err := os.ReadFile(filepath.Join("testdata", "layouts", file)); err == nil {
		f.Add(string(data))
	}
	f.Fuzz(func(t *testing.T, in string) {
		rows, _, err := registration.Import(strings.NewReader(in), file, cat, registration.Options{Layout: layout})
		var re *registration.RowError
		if err != nil && (!errors.As(err, &re) || re.Reason == "" || re.Detail == "") {
			t.Fatalf("not a row error with a reason: %v", err)
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

func FuzzImportEurostat(f *testing.F) {
	fuzzImport(f, "eurostat", "eurostat_ilc_peps01n.csv", "DATAFLOW,geo,TIME_PERIOD,OBS_VALUE\nESTAT:ILC_LI02(1.0),BE2,2020,:\n")
}

func FuzzImportStatbel(f *testing.F) {
	fuzzImport(f, "statbel", "TF_SOC_POP_STRUCT_2024.txt", "CD_REFNIS|CD_SEX|CD_AGE|MS_POPULATION\n37012|M|3|7\n")
}

func FuzzImportPublisher(f *testing.F) {
	fuzzImport(f, "opgroeien", "opgroeien_kansarmoede.csv", "NIS-code;Jaar;Aantal kinderen in kansarmoede;Aantal kinderen;Kansarmoede-index\nVlaanderen;2019-20;1.000;10.000;10,0\n")
}
