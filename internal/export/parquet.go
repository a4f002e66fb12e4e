package export

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/parquet-go/parquet-go"
)

// Parquet files carry the same columns, values and codes as the CSV of the
// same table, typed: "string" columns as UTF-8 strings (ids, pseudonyms,
// NIS codes such as "04000" keep their letters and leading zeros),
// "integer" as INT32 (answer codes, with -1 skipped and -2 "don't know"
// as in the CSV), "number" as DOUBLE, "boolean" as BOOLEAN; a cell the
// CSV leaves empty is null. The codebook (value labels, missing codes,
// descriptions, protections) travels in the file's key-value metadata
// under ParquetCodebookKey, so the file explains itself without the
// datapackage.json beside it. Texts are written as given: the CSV's
// apostrophe against spreadsheet formulas (Neutralise) has no business
// in typed data.

// ParquetCodebookKey is the key-value metadata key of the codebook.
const ParquetCodebookKey = "kinderstem.codebook"

// ParquetRowGroup is how many rows a row group holds: the writer flushes
// each to the output when it is full, so memory holds one row group
// whatever the number of rows. 32,768 rows of a survey of 60 columns
// buffer a few megabytes; readers scan and skip by row group.
const ParquetRowGroup = 32768

// parquetBatch is how many rows are handed to the writer at once.
const parquetBatch = 256

// ParquetCodebook is what the file's metadata says about the table.
type ParquetCodebook struct {
	Name        string          `json:"name"`
	Title       string          `json:"title,omitempty"`
	Description string          `json:"description,omitempty"`
	Columns     []ParquetColumn `json:"columns"`
}

// ParquetColumn is one column's codebook entry in the Parquet metadata.
type ParquetColumn struct {
	Name        string     `json:"name"`
	Type        string     `json:"type"`
	Title       string     `json:"title,omitempty"`
	Description string     `json:"description,omitempty"`
	Labels      []Category `json:"labels,omitempty"`
	Ordered     bool       `json:"ordered,omitempty"`
	// Missing are the codes that mean no answer; a null value stands for
	// the CSV's empty cell (not asked).
	Missing    []Category `json:"missing,omitempty"`
	Protection []string   `json:"protection,omitempty"`
}

// orderedGroup is a Parquet group whose fields keep the table's column
// order (parquet.Group sorts them by name).
type orderedGroup struct {
	parquet.Group
	fields []parquet.Field
}

func (g orderedGroup) Fields() []parquet.Field { return g.fields }

// parquetSchema is the table's columns as a Parquet schema, every column
// optional (nullable), in the table's order.
func parquetSchema(t Table) *parquet.Schema {
	g := parquet.Group{}
	for _, c := range t.Columns {
		g[c.Name] = parquet.Optional(parquetNode(c.Type))
	}
	byName := map[string]parquet.Field{}
	for _, f := range g.Fields() {
		byName[f.Name()] = f
	}
	fields := make([]parquet.Field, len(t.Columns))
	for i, c := range t.Columns {
		fields[i] = byName[c.Name]
	}
	return parquet.NewSchema(t.Name, orderedGroup{Group: g, fields: fields})
}

func parquetNode(typ string) parquet.Node {
	switch typ {
	case "integer":
		return parquet.Int(32)
	case "number":
		return parquet.Leaf(parquet.DoubleType)
	case "boolean":
		return parquet.Leaf(parquet.BooleanType)
	}
	return parquet.String()
}

// parquetCodebook is the metadata entry of a table.
func parquetCodebook(t Table) ([]byte, error) {
	cb := ParquetCodebook{Name: t.Name, Title: t.Title, Description: t.Description}
	for _, c := range t.Columns {
		cb.Columns = append(cb.Columns, ParquetColumn{Name: c.Name, Type: c.Type, Title: c.Title, Description: c.Description,
			Labels: c.Categories, Ordered: c.Ordered, Missing: c.Missing, Protection: c.Protection})
	}
	return json.Marshal(cb)
}

// WriteParquet streams a table as a Parquet file, one row group at a time.
func WriteParquet(w io.Writer, t Table) error {
	s, err := newParquetSink(w, t)
	if err != nil {
		return err
	}
	return s.close(t.Rows(s.write))
}

// WriteCSVAndParquet writes one table as CSV and as Parquet from a single
// pass over its rows, so both files hold the same rows in the same order
// with the same random ids and pseudonyms (two exports never do).
func WriteCSVAndParquet(csvOut io.Writer, f Format, parquetOut io.Writer, t Table) error {
	c, err := newCSVSink(csvOut, t, f)
	if err != nil {
		return err
	}
	p, err := newParquetSink(parquetOut, t)
	if err != nil {
		return err
	}
	err = t.Rows(func(row []any) error {
		if err := c.write(row); err != nil {
			return err
		}
		return p.write(row)
	})
	if err := c.close(err); err != nil {
		return err
	}
	return p.close(nil)
}

// parquetSink converts rows to Parquet values and hands them to the
// writer in batches, flushing a row group every ParquetRowGroup rows.
type parquetSink struct {
	w       *parquet.Writer
	types   []string
	batch   []parquet.Row
	n       int // rows in the batch
	inGroup int // rows in the current row group
}

func newParquetSink(w io.Writer, t Table) (*parquetSink, error) {
	cb, err := parquetCodebook(t)
	if err != nil {
		return nil, fmt.Errorf("export: parquet codebook: %w", err)
	}
	pw := parquet.NewWriter(w, parquetSchema(t),
		parquet.Compression(&parquet.Snappy),
		parquet.CreatedBy("kinderstem", "", ""),
		parquet.KeyValueMetadata(ParquetCodebookKey, string(cb)))
	s := &parquetSink{w: pw, types: make([]string, len(t.Columns)), batch: make([]parquet.Row, parquetBatch)}
	for i, c := range t.Columns {
		s.types[i] = c.Type
	}
	for i := range s.batch {
		s.batch[i] = make(parquet.Row, len(t.Columns))
	}
	return s, nil
}

func (s *parquetSink) write(row []any) error {
	if len(row) != len(s.types) {
		return fmt.Errorf("export: row of %d values for %d columns", len(row), len(s.types))
	}
	out := s.batch[s.n]
	for i, v := range row {
		pv, err := parquetValue(s.types[i], v)
		if err != nil {
			return fmt.Errorf("export: column %d: %w", i, err)
		}
		def := 1
		if pv.IsNull() {
			def = 0
		}
		out[i] = pv.Level(0, def, i)
	}
	if s.n++; s.n == len(s.batch) {
		return s.writeBatch()
	}
	return nil
}

func (s *parquetSink) writeBatch() error {
	if s.n == 0 {
		return nil
	}
	if _, err := s.w.WriteRows(s.batch[:s.n]); err != nil {
		return fmt.Errorf("export: parquet: %w", err)
	}
	s.inGroup += s.n
	s.n = 0
	if s.inGroup >= ParquetRowGroup {
		s.inGroup = 0
		if err := s.w.Flush(); err != nil {
			return fmt.Errorf("export: parquet: %w", err)
		}
	}
	return nil
}

// close writes the last rows and the footer after the rows, or returns the
// error that stopped them.
func (s *parquetSink) close(err error) error {
	if err != nil {
		return err
	}
	if err := s.writeBatch(); err != nil {
		return err
	}
	if err := s.w.Close(); err != nil {
		return fmt.Errorf("export: parquet: %w", err)
	}
	return nil
}

// parquetValue is a row's value as the column's type stores it; nil (and
// NaN, which the CSV writes empty) is null.
func parquetValue(typ string, v any) (parquet.Value, error) {
	if v == nil {
		return parquet.NullValue(), nil
	}
	switch typ {
	case "integer":
		var n int64
		switch x := v.(type) {
		case int:
			n = int64(x)
		case int64:
			n = x
		default:
			return parquet.Value{}, fmt.Errorf("%T in an integer column", v)
		}
		if n < math.MinInt32 || n > math.MaxInt32 {
			return parquet.Value{}, fmt.Errorf("%d does not fit an INT32 column", n)
		}
		return parquet.Int32Value(int32(n)), nil
	case "number":
		var x float64
		switch y := v.(type) {
		case float64:
			x = y
		case int:
			x = float64(y)
		case int64:
			x = float64(y)
		default:
			return parquet.Value{}, fmt.Errorf("%T in a number column", v)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return parquet.NullValue(), nil
		}
		return parquet.DoubleValue(x), nil
	case "boolean":
		b, ok := v.(bool)
		if !ok {
			return parquet.Value{}, fmt.Errorf("%T in a boolean column", v)
		}
		return parquet.BooleanValue(b), nil
	}
	s, ok := v.(string)
	if !ok {
		s = fmt.Sprint(v)
	}
	return parquet.ByteArrayValue([]byte(s)), nil
}
