package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/kinderstem/kinderstem/internal/indicator"
)

// The command line's export speaks the asked language like the web's:
// breakdown labels, codebook descriptions; and it writes the SPSS, Stata
// and R files beside each CSV.
func TestExportLanguageAndSyntaxFiles(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "k.db")
	e := env(map[string]string{"KINDERSTEM_DB": db})
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"demo", "--submissions", "300", "--months", "2"}, e, nil, &out); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := run(ctx, []string{"export", "indicators", "--out", dir, "--survey", "wellbeing", "--by", "gender", "--lang", "fr"}, e, nil, &out); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "kinderstem-indicators.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	labels := map[string]string{}
	for _, r := range rows[1:] {
		if r[col["by1"]] == "gender" {
			labels[r[col["level1"]]] = r[col["level1_label"]]
		}
	}
	if labels["girl"] == "" || labels["girl"] == "girl" || labels["boy"] == "boy" {
		t.Fatalf("gender labels are keys, not French words: %v", labels)
	}
	dp, _ := os.ReadFile(filepath.Join(dir, "datapackage.json"))
	if !strings.Contains(string(dp), "Identifiant du questionnaire") || !strings.Contains(string(dp), `"encoding": "utf-8"`) {
		t.Fatalf("the codebook is not in French:\n%.600s", dp)
	}
	mdir := t.TempDir()
	if err := run(ctx, []string{"export", "microdata", "--out", mdir, "--survey", "wellbeing", "--bom"}, e, nil, &out); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"kinderstem-wellbeing.sps", "kinderstem-wellbeing.do", "kinderstem-wellbeing.R"} {
		b, err := os.ReadFile(filepath.Join(mdir, name))
		if err != nil || !bytes.Contains(b, []byte("kinderstem-wellbeing.csv")) || !bytes.Contains(b, []byte("felt_happy")) {
			t.Errorf("%s: %v\n%.300s", name, err, b)
		}
	}
	// With --parquet the same pass writes a Parquet file of the same rows,
	// ids and pseudonyms, in the same order.
	pdir := t.TempDir()
	if err := run(ctx, []string{"export", "microdata", "--out", pdir, "--survey", "wellbeing", "--parquet"}, e, nil, &out); err != nil {
		t.Fatal(err)
	}
	ids := parquetIDs(t, filepath.Join(pdir, "kinderstem-wellbeing.parquet"))
	mf, err := os.Open(filepath.Join(pdir, "kinderstem-wellbeing.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer mf.Close()
	micro, err := csv.NewReader(mf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(micro) < 2 || len(ids) != len(micro)-1 {
		t.Fatalf("%d Parquet rows beside %d CSV rows", len(ids), len(micro)-1)
	}
	for i, row := range micro[1:] {
		if ids[i] != row[0] {
			t.Fatalf("row %d: Parquet id %s, CSV id %s", i, ids[i], row[0])
		}
	}
}

// parquetIDs reads the first column (the row ids) of a Parquet file.
func parquetIDs(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := parquet.NewReader(f)
	defer r.Close()
	var ids []string
	rows := make([]parquet.Row, 64)
	for {
		n, err := r.ReadRows(rows)
		for _, row := range rows[:n] {
			ids = append(ids, row[0].String())
		}
		if err == io.EOF {
			return ids
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// The indicators export reads the server's snapshot when it is this
// database's, and publishes the same numbers as from the answers.
func TestExportReadsTheSnapshot(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "k.db")
	e := env(map[string]string{"KINDERSTEM_DB": db})
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"demo", "--submissions", "400", "--months", "3"}, e, nil, &out); err != nil {
		t.Fatal(err)
	}
	export := func() string {
		t.Helper()
		dir := t.TempDir()
		if err := run(ctx, []string{"export", "indicators", "--out", dir, "--by", "age_band,gender"}, e, nil, &out); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "kinderstem-indicators.csv"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	fromAnswers := export()
	if _, err := os.Stat(indicator.SnapshotPath(db)); err == nil {
		t.Fatal("the export wrote a snapshot")
	}
	srv := startServe(t, "--db", db, "--no-demo")
	srv.stop(t)
	if _, err := os.Stat(indicator.SnapshotPath(db)); err != nil {
		t.Fatalf("no snapshot after serve: %v", err)
	}
	out.Reset()
	fromSnapshot := export()
	if !strings.Contains(out.String(), "from the index snapshot") {
		t.Fatalf("the export did not read the snapshot:\n%s", out.String())
	}
	if fromSnapshot != fromAnswers {
		t.Fatalf("the export from the snapshot differs:\n%.800s\nfrom the answers:\n%.800s", fromSnapshot, fromAnswers)
	}
}
