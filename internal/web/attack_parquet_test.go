package web_test

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/kinderstem/kinderstem/internal/export"
)

// The microdata's Parquet file is the CSV's rows, typed: every attack on
// the CSV file runs again on the Parquet file, read back with parquet-go.

var microdataParquetAttacks = []attack{
	{"the same on the Parquet file: a filter on what the file hides", attackMicrodataHiddenFiltersParquet, ""},
	{"the same on the Parquet file: a blank marks the rare child", attackMicrodataBlankMarksParquet, ""},
	{"the same on the Parquet file: the paper mark", attackMicrodataPaperChildParquet, ""},
	{"the same on the Parquet file: differencing files with each filter and its complement", attackMicrodataFilesAddNothingParquet, ""},
}

func attackMicrodataHiddenFiltersParquet(t *testing.T) {
	t.Parallel()
	attackMicrodataHiddenFiltersIn(t, "parquet")
}

func attackMicrodataBlankMarksParquet(t *testing.T) {
	t.Parallel()
	attackMicrodataBlankMarksIn(t, "parquet")
}

func attackMicrodataPaperChildParquet(t *testing.T) {
	t.Parallel()
	attackMicrodataPaperChildIn(t, "parquet")
}

func attackMicrodataFilesAddNothingParquet(t *testing.T) {
	t.Parallel()
	attackMicrodataFilesAddNothingIn(t, "parquet")
}

// readMicrodata reads a microdata file (ext "csv" or "parquet") as the
// CSV's header and rows of texts.
func readMicrodata(t *testing.T, ext, body string) [][]string {
	t.Helper()
	if ext == "csv" {
		return readCSV(t, body, ',')
	}
	return readParquet(t, []byte(body))
}

// readParquet reads a Parquet file with parquet-go into a header and rows
// written as the CSV writes them: null as "", numbers in full precision,
// booleans as true and false.
func readParquet(t *testing.T, b []byte) [][]string {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the Parquet file does not open: %v (%d bytes: %.200q)", err, len(b), b)
	}
	var header []string
	for _, path := range f.Schema().Columns() {
		header = append(header, path[0])
	}
	out := [][]string{header}
	r := parquet.NewReader(bytes.NewReader(b))
	defer r.Close()
	buf := make([]parquet.Row, 128)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			rec := make([]string, len(header))
			for _, v := range row {
				rec[v.Column()] = parquetText(v)
			}
			out = append(out, rec)
		}
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("the Parquet rows do not read back: %v", err)
		}
	}
}

func parquetText(v parquet.Value) string {
	switch {
	case v.IsNull():
		return ""
	case v.Kind() == parquet.Boolean:
		return fmt.Sprint(v.Boolean())
	case v.Kind() == parquet.Int32:
		return fmt.Sprint(v.Int32())
	case v.Kind() == parquet.Double:
		return strconv.FormatFloat(v.Double(), 'f', -1, 64)
	}
	return export.Neutralise(string(v.ByteArray()))
}
