// Package export writes what analysts take away: tidy CSV (and XLSX) of
// indicators and of coded microdata, each with a Frictionless Data Package
// codebook made from the same column list, so the codebook cannot drift
// from the file it describes.
package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Column is one field of an exported table, as the codebook describes it.
type Column struct {
	Name        string     `json:"name"`
	Type        string     `json:"type"` // string, integer, number, boolean, yearmonth
	Title       string     `json:"title,omitempty"`
	Description string     `json:"description,omitempty"`
	Categories  []Category `json:"categories,omitempty"` // value labels of the valid values, for SPSS, Stata and R factors
	// Ordered says the categories run from low to high (a scale), so R
	// makes an ordered factor and SPSS an ordinal variable.
	Ordered bool `json:"categoriesOrdered,omitempty"`
	// Missing are the codes that stand for no answer (skipped, "don't
	// know", and nil for an empty cell: not asked), with their labels:
	// declared as missing values in the
	// codebook and the syntax files, kept as codes in the CSV.
	Missing []Category `json:"-"`
	// Protection names what the disclosure control does to the column's
	// values (ProtectPseudonym, ProtectRecoded, ProtectSuppressed,
	// ProtectWithheld); none for answers and for tables of estimates.
	Protection []string `json:"protection,omitempty"`
	// Percent says which rows hold a share (0-1) in this column, for
	// spreadsheets' number formats; nil for none.
	Percent func(row []any) bool `json:"-"`
}

// Category is one value label.
type Category struct {
	Value any    `json:"value"`
	Label string `json:"label"`
}

// Table is a header and a stream of rows. Rows yields each row's values in
// column order: string, int, float64 (NaN is empty), bool, or nil (empty).
type Table struct {
	Name        string
	Title       string
	Description string
	Columns     []Column
	// RightToLeft lays out spreadsheets right to left (Arabic).
	RightToLeft bool
	// Design names the columns of the sampling design, which the R, Stata
	// and SPSS files declare; nil for tables of estimates.
	Design *Design
	Rows   func(yield func([]any) error) error
}

// Design is a table's sampling design: one stage of clusters with
// weights, no strata (R's svydesign(ids = ~Cluster, weights = ~Weight),
// Stata's svyset Cluster [pweight = Weight], SPSS's CSPLAN with CLUSTER
// and ANALYSISWEIGHT, with replacement). Example is a column whose
// weighted mean the files show as the first estimate.
type Design struct {
	Cluster, Weight, Example string
}

// Format is how a CSV is written. Semicolon is for Excel set to Dutch (or
// French or German): it expects ";" between fields and "," in decimals.
type Format struct {
	BOM       bool // start with a UTF-8 byte order mark, so Excel reads UTF-8
	Semicolon bool
}

// Delimiter returns the field separator.
func (f Format) Delimiter() string {
	if f.Semicolon {
		return ";"
	}
	return ","
}

// DecimalChar returns the decimal separator.
func (f Format) DecimalChar() string {
	if f.Semicolon {
		return ","
	}
	return "."
}

// WriteCSV streams a table as CSV: a header row of column names, then one
// line per row, flushed as it goes so memory stays flat.
func WriteCSV(w io.Writer, t Table, f Format) error {
	s, err := newCSVSink(w, t, f)
	if err != nil {
		return err
	}
	return s.close(t.Rows(s.write))
}

// csvSink writes the rows of one table as CSV.
type csvSink struct {
	bw     *bufio.Writer
	cw     *csv.Writer
	f      Format
	n      int
	record []string
}

func newCSVSink(w io.Writer, t Table, f Format) (*csvSink, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	if f.BOM {
		bw.WriteString("\uFEFF")
	}
	cw := csv.NewWriter(bw)
	if f.Semicolon {
		cw.Comma = ';'
	}
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
	}
	if err := cw.Write(header); err != nil {
		return nil, err
	}
	return &csvSink{bw: bw, cw: cw, f: f, n: len(t.Columns), record: make([]string, len(t.Columns))}, nil
}

func (s *csvSink) write(row []any) error {
	if len(row) != s.n {
		return fmt.Errorf("export: row of %d values for %d columns", len(row), s.n)
	}
	for i, v := range row {
		s.record[i] = formatValue(v, s.f)
	}
	return s.cw.Write(s.record)
}

// close ends the file after the rows, or returns the error that stopped
// them.
func (s *csvSink) close(err error) error {
	if err != nil {
		return err
	}
	s.cw.Flush()
	if err := s.cw.Error(); err != nil {
		return err
	}
	return s.bw.Flush()
}

// formatValue writes a value the way the codebook's type says: numbers in
// full precision, empty for missing.
func formatValue(v any, f Format) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return Neutralise(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		if x {
			return "true"
		}
		return "false"
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if f.Semicolon {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	return fmt.Sprint(v)
}
