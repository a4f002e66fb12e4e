package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The command imports the shipped sample, re-imports a changed figure in
// place, refuses a file with a bad row without storing any of it, and
// writes each import to the audit log.
func TestRegistrationImportCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	env := func(string) string { return "" }
	importFile := func(name, content string) (string, error) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		err := run(context.Background(), []string{"registration", "import", "--db", db, path}, env, strings.NewReader(""), &out)
		return out.String(), err
	}
	sample, err := os.ReadFile("../../surveys/registration/sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := importFile("sample.csv", string(sample)); err != nil || !strings.Contains(out, "4 registration figures") {
		t.Fatalf("sample: %v %s", err, out)
	}
	head := "indicator,period,area,sex,age_band,numerator,denominator,value\n"
	if _, err := importFile("fix.csv", head+"kansarmoede,2020,02000,total,total,,,13.7\n"); err != nil {
		t.Fatal(err)
	}
	_, err = importFile("bad.csv", head+"kansarmoede,2030,02000,total,total,,,20\nkansarmoede,2031,99999,total,total,,,20\n")
	if err == nil || !strings.Contains(err.Error(), "bad.csv:3: column 3 (area)") {
		t.Fatalf("bad file: %v", err)
	}
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	var v float64
	conn.QueryRow(`SELECT count(*) FROM registration_values`).Scan(&n)
	conn.QueryRow(`SELECT value FROM registration_values WHERE indicator='kansarmoede' AND period='2020' AND area='02000'`).Scan(&v)
	if n != 4 || v != 13.7 {
		t.Errorf("%d rows and kansarmoede 2020 = %v; want 4 rows (re-import replaced, bad file stored nothing) and 13.7", n, v)
	}
	conn.QueryRow(`SELECT count(*) FROM audit WHERE action='registration_import'`).Scan(&n)
	if n != 2 {
		t.Errorf("%d imports in the audit log, want 2", n)
	}
	// The command-line export carries the figures beside the indicators.
	out := filepath.Join(dir, "exp")
	var buf bytes.Buffer
	if err := run(context.Background(), []string{"export", "indicators", "--db", db, "--out", out}, env, strings.NewReader(""), &buf); err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile(filepath.Join(out, "kinderstem-registration.csv"))
	if err != nil || !strings.Contains(string(csv), "kansarmoede,2020,02000,total,total,,,13.7,") {
		t.Errorf("registration export: %v\n%s", err, csv)
	}
	dp, _ := os.ReadFile(filepath.Join(out, "datapackage.json"))
	if !strings.Contains(string(dp), "kinderstem-registration.csv") {
		t.Errorf("the codebook does not list the registration file")
	}
	// The export imports again, through its datapackage.json, into a new
	// database: the same figures.
	db2 := filepath.Join(dir, "k2.db")
	buf.Reset()
	if err := run(context.Background(), []string{"registration", "import", "--db", db2, filepath.Join(out, "datapackage.json")}, env, strings.NewReader(""), &buf); err != nil {
		t.Fatalf("re-import of the export: %v", err)
	}
	if !strings.Contains(buf.String(), "4 registration figures") {
		t.Errorf("re-import: %s", buf.String())
	}
}

// A source's own file is read in its layout: Eurostat's SDMX-CSV names its
// dataset, the command says what it read and left out.
func TestRegistrationImportLayouts(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "k.db")
	var out bytes.Buffer
	err := run(context.Background(), []string{"registration", "import", "--db", db, "../../internal/registration/testdata/layouts/eurostat_ilc_peps01n.csv"},
		func(string) string { return "" }, strings.NewReader(""), &out)
	if err != nil || !strings.Contains(out.String(), "ok: 7 registration figures") || !strings.Contains(out.String(), "eurostat layout: 11 rows read, 3 about what no indicator uses") {
		t.Fatalf("%v\n%s", err, out.String())
	}
	out.Reset()
	err = run(context.Background(), []string{"registration", "import", "--db", db, "--layout", "statbel", "../../internal/registration/testdata/layouts/eurostat_ilc_peps01n.csv"},
		func(string) string { return "" }, strings.NewReader(""), &out)
	if err == nil || !strings.Contains(err.Error(), "lacks column \"CD_REFNIS\"") {
		t.Fatalf("a Eurostat file read as Statbel's: %v", err)
	}
}
