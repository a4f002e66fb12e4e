package testkit

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// Parquet is a Parquet file read back with parquet-go, a reader apart from
// the writer the export uses it through.
type Parquet struct {
	File   *parquet.File
	Header []string   // the columns' names, in order
	Types  []string   // the columns' leaf types ("STRING", "INT(32,true)", …)
	Rows   [][]string // every value as the CSV writer writes it
}

// ReadParquet reads a Parquet file back, with every value written as the
// CSV writer writes it: null as "", booleans as true and false, whole
// numbers in decimal, doubles in full precision (NaN and infinities as
// ""), and text through text (the CSV's neutralising of what a
// spreadsheet would run as a formula), so the two files compare cell by
// cell.
func ReadParquet(t testing.TB, b []byte, text func(string) string) Parquet {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the Parquet file does not open: %v (%d bytes: %.200q)", err, len(b), b)
	}
	out := Parquet{File: f}
	for _, path := range f.Schema().Columns() {
		out.Header = append(out.Header, path[0])
		leaf, _ := f.Schema().Lookup(path...)
		out.Types = append(out.Types, leaf.Node.Type().String())
	}
	r := parquet.NewReader(bytes.NewReader(b))
	defer r.Close()
	buf := make([]parquet.Row, 128)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			rec := make([]string, len(out.Header))
			for _, v := range row {
				rec[v.Column()] = parquetText(v, text)
			}
			out.Rows = append(out.Rows, rec)
		}
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("the Parquet rows do not read back: %v", err)
		}
	}
}

func parquetText(v parquet.Value, text func(string) string) string {
	switch {
	case v.IsNull():
		return ""
	case v.Kind() == parquet.Boolean:
		return fmt.Sprint(v.Boolean())
	case v.Kind() == parquet.Int32:
		return fmt.Sprint(v.Int32())
	case v.Kind() == parquet.Double:
		if d := v.Double(); !math.IsNaN(d) && !math.IsInf(d, 0) {
			return strconv.FormatFloat(d, 'f', -1, 64)
		}
		return ""
	}
	return text(string(v.ByteArray()))
}
