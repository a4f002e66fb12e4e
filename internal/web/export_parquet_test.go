package web_test

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/kinderstem/kinderstem/internal/export"
)

// The Parquet microdata hold the CSV's rows: the same columns in the same
// order, typed, and the same rows but for the pseudonyms each export makes
// afresh; free text stays an admin's choice, and the codebook page links
// the file and says how each column is protected.
func TestMicrodataParquetMatchesCSV(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	e.children(t, sess, "parquet-csv", append(many(14, "girl", "nl"), many(12, "boy", "fr")...))
	e.fill(t, "youth_work", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	analyst := e.login("analyst", "Stad")
	c := analyst.get("/export/microdata/wellbeing.csv")
	c.want(t, http.StatusOK)
	p := analyst.get("/export/microdata/wellbeing.parquet")
	p.want(t, http.StatusOK)
	if ct := p.Header.Get("Content-Type"); ct != "application/vnd.apache.parquet" {
		t.Errorf("Content-Type %q", ct)
	}
	csvRows, pqRows := readCSV(t, c.body, ','), readParquet(t, []byte(p.body))
	h := csvRows[0]
	if !slices.Equal(h, pqRows[0]) {
		t.Fatalf("Parquet columns %v, CSV columns %v", pqRows[0], h)
	}
	pseudonyms := []int{column(h, "submission"), column(h, "session"), column(h, "psu")}
	key := func(row []string) string {
		var parts []string
		for i, v := range row {
			if !slices.Contains(pseudonyms, i) {
				parts = append(parts, v)
			}
		}
		return strings.Join(parts, "|")
	}
	count := map[string]int{}
	for _, row := range csvRows[1:] {
		count[key(row)]++
	}
	for _, row := range pqRows[1:] {
		if count[key(row)]--; count[key(row)] < 0 {
			t.Errorf("a Parquet row the CSV does not have: %v", row)
		}
	}
	if len(pqRows) != len(csvRows) || len(csvRows) != 37 {
		t.Errorf("%d Parquet rows, %d CSV rows, want 36 each", len(pqRows)-1, len(csvRows)-1)
	}
	f, err := parquet.OpenFile(bytes.NewReader([]byte(p.body)), int64(len(p.body)))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"submission": "STRING", "province": "STRING", "survey_version": "INT(32,true)",
		"felt_happy": "INT(32,true)", "weight": "DOUBLE", "complete": "BOOLEAN"} {
		if col, ok := f.Schema().Lookup(name); !ok || col.Node.Type().String() != want {
			t.Errorf("%s: type %v, want %s", name, col.Node.Type(), want)
		}
	}
	if cb, ok := f.Lookup(export.ParquetCodebookKey); !ok || !strings.Contains(cb, `"protection":["pseudonym","suppressed"]`) {
		t.Errorf("the file's codebook does not say how the session is protected: %.300s", cb)
	}
	analyst.get("/export/microdata/wellbeing.parquet?texts=1").want(t, http.StatusForbidden)
	analyst.get("/export/microdata/wellbeing.parquet?organisation=1").want(t, http.StatusUnprocessableEntity)
	analyst.get("/export/codebook/wellbeing?lang=en").want(t, http.StatusOK, "/export/microdata/wellbeing.parquet",
		"pseudonym: made for this export only", "withheld: always empty in this file")
}
