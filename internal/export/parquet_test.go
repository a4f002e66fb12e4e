package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/testkit"
)

// sampleTable has a column of every type, with the values microdata
// holds: ids that start with a letter, NIS codes with a leading zero,
// answer codes with the missing codes, empty cells, a NaN.
func sampleTable() Table {
	missing := []Category{{nil, "not asked"}, {codeSkipped, "Skipped"}, {codeDontKnow, "I don't know"}}
	return Table{
		Name: "sample", Title: "Sample",
		Columns: []Column{
			{Name: "submission", Type: "string", Protection: []string{ProtectPseudonym}},
			{Name: "province", Type: "string", Protection: []string{ProtectRecoded, ProtectSuppressed}},
			{Name: "felt_happy", Type: "integer", Title: "I felt happy.", Categories: []Category{{1, "Never"}, {5, "Always"}}, Ordered: true, Missing: missing},
			{Name: "complete", Type: "boolean"},
			{Name: "weight", Type: "number"},
			{Name: "comment", Type: "string", Title: "Anything else?"},
		},
		Rows: func(yield func([]any) error) error {
			for _, row := range [][]any{
				{"r00ab", "04000", 5, true, 1.25, "=1+1"},
				{"r01cd", nil, codeSkipped, false, math.NaN(), nil},
				{"r02ef", "10000", codeDontKnow, nil, 2.0, "ja, ‘zo’"},
				{"r03gh", "20001", nil, true, 0.5, ""},
			} {
				if err := yield(row); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// One pass writes the CSV and the Parquet file: the same rows, in the same
// order, the same values (the Parquet typed, its nulls the CSV's empty
// cells), and the codebook in the Parquet file's metadata.
func TestParquetHoldsTheCSV(t *testing.T) {
	t.Parallel()
	var csvOut, pq bytes.Buffer
	tbl := sampleTable()
	if err := WriteCSVAndParquet(&csvOut, Format{}, &pq, tbl); err != nil {
		t.Fatal(err)
	}
	var alone bytes.Buffer
	if err := WriteCSV(&alone, tbl, Format{}); err != nil {
		t.Fatal(err)
	}
	if alone.String() != csvOut.String() {
		t.Errorf("the CSV written beside a Parquet file differs from the CSV alone:\n%s\n%s", csvOut.String(), alone.String())
	}
	back := testkit.ReadParquet(t, pq.Bytes(), Neutralise)
	types, rows, f := back.Types, back.Rows, back.File
	want := []string{"STRING", "STRING", "INT(32,true)", "BOOLEAN", "DOUBLE", "STRING"}
	if strings.Join(types, " ") != strings.Join(want, " ") {
		t.Errorf("column types %v, want %v", types, want)
	}
	if got := strings.Join(back.Header, ","); got != "submission,province,felt_happy,complete,weight,comment" {
		t.Errorf("columns in the order %s, want the CSV's", got)
	}
	records, err := csv.NewReader(&csvOut).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(records)-1 {
		t.Fatalf("%d Parquet rows, %d CSV rows", len(rows), len(records)-1)
	}
	for i, row := range rows {
		if got, want := strings.Join(row, "|"), strings.Join(records[i+1], "|"); got != want {
			t.Errorf("row %d: Parquet %q, CSV %q", i, got, want)
		}
	}
	raw, ok := f.Lookup(ParquetCodebookKey)
	if !ok {
		t.Fatal("no codebook in the Parquet metadata")
	}
	var cb ParquetCodebook
	if err := json.Unmarshal([]byte(raw), &cb); err != nil {
		t.Fatal(err)
	}
	happy := cb.Columns[2]
	if happy.Name != "felt_happy" || len(happy.Labels) != 2 || happy.Labels[1].Label != "Always" || !happy.Ordered ||
		len(happy.Missing) != 3 || happy.Missing[0].Value != nil || happy.Missing[2].Value != float64(codeDontKnow) {
		t.Errorf("felt_happy's codebook entry: %+v", happy)
	}
	if p := cb.Columns[1].Protection; strings.Join(p, ",") != "recoded,suppressed" {
		t.Errorf("province's protection %v", p)
	}
}

// A value that does not fit its column is an error, not a silent change.
func TestParquetRefusesMismatchedValues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		typ string
		v   any
	}{{"integer", "5"}, {"integer", int64(math.MaxInt32) + 1}, {"boolean", 1}, {"number", "1.5"}} {
		tbl := Table{Name: "x", Columns: []Column{{Name: "c", Type: tc.typ}}, Rows: func(y func([]any) error) error { return y([]any{tc.v}) }}
		if err := WriteParquet(io.Discard, tbl); err == nil {
			t.Errorf("%v in a %s column was written", tc.v, tc.typ)
		}
	}
}

// wideTable is a generated export shaped like microdata: the fixed
// columns and 60 answer columns, n rows of distinct ids and codes.
func wideTable(n int, sample func(rows int)) Table {
	cols := make([]Column, 0, nFixed+60)
	for _, fc := range fixed {
		cols = append(cols, Column{Name: fc.name, Type: fc.typ})
	}
	for i := 0; i < 60; i++ {
		cols = append(cols, Column{Name: fmt.Sprintf("q%02d", i), Type: "integer"})
	}
	return Table{Name: "wide", Columns: cols, Rows: func(yield func([]any) error) error {
		row := make([]any, len(cols))
		for r := 0; r < n; r++ {
			row[colSubmission] = fmt.Sprintf("r%016x", uint64(r)*0x9E3779B97F4A7C15)
			row[colSurvey], row[colSurveyVersion], row[colSession] = "wellbeing", 3, fmt.Sprintf("s%012x", r/25)
			row[colSetting], row[colRegion], row[colProvince], row[colAgeBand] = "school", nil, []string{"10000", "20001", "04000"}[r%3], "10-13"
			row[colAge], row[colGender], row[colQuarter], row[colLang] = nil, []any{"girl", "boy", nil}[r%3], "2026-Q1", "nl"
			row[colComplete], row[colPaper], row[colPSU], row[colWeight] = r%7 != 0, false, row[colSession], 1+float64(r%5)/10
			for i := nFixed; i < len(row); i++ {
				row[i] = (r*(i+3))%7 - 2
			}
			if err := yield(row); err != nil {
				return err
			}
			if sample != nil && (r+1)%ParquetRowGroup == 0 {
				sample(r + 1)
			}
		}
		return nil
	}}
}

// heapAfterGC is the live heap after two collections: what sync.Pools
// hold survives the first (as their victim cache) and is gone after the
// second, so buffers the writer merely pooled do not count as kept.
func heapAfterGC() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// The Parquet writer streams: the live heap, read after each row group
// went out, stays within a few MB of where it was after the first while
// 10 row groups of 76 columns (327,680 rows) are written. What may grow is
// the footer, which lists every row group (about 80 KB per row group of 76
// columns, 2.5 bytes a row: 25 MB at 10 M rows); a writer that kept its
// row groups (no flush) grows by the bytes it wrote, about 1 MB per row
// group here, and fails. `go test ./internal/export -run
// TestParquetMemoryFlat -parquet-rows 3276800 -v` runs it at 100 row groups.
func TestParquetMemoryFlat(t *testing.T) {
	n := *parquetRows
	var heaps []uint64
	var written countingWriter
	var at []countingWriter
	sample := func(int) { heaps, at = append(heaps, heapAfterGC()), append(at, written) }
	if err := WriteParquet(&written, wideTable(n, sample)); err != nil {
		t.Fatal(err)
	}
	var shown []string
	for i, h := range heaps {
		shown = append(shown, fmt.Sprintf("%d: %.1f", (i+1)*ParquetRowGroup, float64(h)/(1<<20)))
	}
	t.Logf("%d rows, %.1f MB of Parquet; live heap (MB) after rows %s", n, float64(written)/(1<<20), strings.Join(shown, ", "))
	if len(heaps) < 3 {
		t.Fatalf("%d samples: too few rows", len(heaps))
	}
	first, last := heaps[0], heaps[len(heaps)-1]
	grown := int64(last) - int64(first)
	allowed := int64(4<<20) + int64(len(heaps))*(128<<10)
	if grown > allowed {
		t.Errorf("the live heap grew by %.1f MB over %d row groups while %.1f MB went out (allowed %.1f MB): the writer keeps rows",
			float64(grown)/(1<<20), len(heaps), float64(written-at[0])/(1<<20), float64(allowed)/(1<<20))
	}
}

var parquetRows = flag.Int("parquet-rows", 10*ParquetRowGroup, "rows of the generated export TestParquetMemoryFlat writes")

type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

func BenchmarkWriteParquet(b *testing.B) {
	for b.Loop() {
		if err := WriteParquet(io.Discard, wideTable(100000, nil)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteCSV(b *testing.B) {
	for b.Loop() {
		if err := WriteCSV(io.Discard, wideTable(100000, nil), Format{}); err != nil {
			b.Fatal(err)
		}
	}
}
