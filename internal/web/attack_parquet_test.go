package web_test

import (
	"testing"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/testkit"
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

// readParquet reads a Parquet file back (testkit.ReadParquet) as a
// header and rows written as the CSV writes them.
func readParquet(t *testing.T, b []byte) [][]string {
	t.Helper()
	back := testkit.ReadParquet(t, b, export.Neutralise)
	return append([][]string{back.Header}, back.Rows...)
}
