package registration

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Options are what an import of a source's own file may need besides the
// file: the period a Statbel table is about when its name does not say,
// and the indicator when a publisher's table fits more than one.
type Options struct {
	Layout    string // tidy (the default), statbel, opgroeien, onderwijs or eurostat; "" finds it from the header
	Period    string
	Indicator string
}

// Report says what an import of a source's file read and left out: rows
// about other countries or dimensions the indicators do not use, and
// figures the source marks as not available or confidential.
type Report struct {
	Layout  string
	Rows    int // source rows read
	Skipped int // rows that no indicator uses (another country, unit or age)
	Missing int // figures the source leaves empty or flags as confidential
}

// Import reads a registration file in the layout opts names (or the one
// its header shows) and returns its figures checked like a tidy import:
// the same rules for periods, areas, counts and values, the same
// crosswalk for merged municipalities, any bad row stops it with its line
// and the source's own column.
func Import(r io.Reader, file string, cat *survey.Catalog, opts Options) ([]store.RegistrationValue, *Report, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("registration: read %s: %w", file, err)
	}
	if len(data) > MaxBytes {
		return nil, nil, &RowError{File: file, Reason: "monitor.err.too_big", Detail: fmt.Sprintf("the file is larger than %d MB", MaxBytes>>20)}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	src, err := readTable(file, data)
	if err != nil {
		return nil, nil, err
	}
	layout := opts.Layout
	if layout == "" {
		layout = detectLayout(src.header)
	}
	rep := &Report{Layout: layout, Rows: len(src.rows)}
	if layout == "tidy" {
		rows, err := Decode(bytes.NewReader(data), file, cat)
		return rows, rep, err
	}
	var recs []tidyRecord
	switch layout {
	case "eurostat":
		recs, err = eurostatRecords(src, cat, rep)
	case "statbel":
		recs, err = statbelRecords(src, cat, opts, rep)
	case "opgroeien", "onderwijs":
		recs, err = tableRecords(src, cat, layout, opts, rep)
	default:
		return nil, nil, &RowError{File: file, Line: 1, Reason: "monitor.err.layout",
			Detail: fmt.Sprintf("layout %q is not one of %s", layout, strings.Join(survey.Layouts, ", "))}
	}
	if err != nil {
		return nil, nil, err
	}
	rows, err := checkRecords(file, cat, recs)
	return rows, rep, err
}

// detectLayout names the layout whose columns the header has.
func detectLayout(header []string) string {
	has := func(name string) bool { return slices.Contains(header, name) }
	switch {
	case has("DATAFLOW") && has("TIME_PERIOD") && has("OBS_VALUE"):
		return "eurostat"
	case has("CD_REFNIS") && has("MS_POPULATION"):
		return "statbel"
	case has("indicator") && has("period") && has("area"):
		return "tidy"
	}
	return "opgroeien"
}

// table is a source file split into its header and rows.
type table struct {
	file   string
	header []string
	rows   [][]string
	lines  []int
	semi   bool // ";" separated: decimal commas
}

func (t *table) col(name string) int { return slices.Index(t.header, name) }

// at names column i (0-based) for an error.
func (t *table) at(i int) srcCol { return srcCol{at: i + 1, name: t.header[i]} }

// readTable reads a CSV separated by ",", ";", "|" or a tab, as the
// sources publish them.
func readTable(file string, data []byte) (*table, error) {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(data))
	best := 0
	for _, sep := range []rune{',', ';', '|', '\t'} {
		if n := bytes.Count(first, []byte(string(sep))); n > best {
			best, cr.Comma = n, sep
		}
	}
	cr.FieldsPerRecord = -1
	t := &table{file: file, semi: cr.Comma == ';'}
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &RowError{File: file, Line: 1, Reason: "monitor.err.empty", Detail: "the file has no rows"}
	}
	if err != nil {
		return nil, &RowError{File: file, Line: 1, Reason: "monitor.err.csv", Detail: "not valid CSV: " + err.Error()}
	}
	for _, h := range head {
		t.header = append(t.header, strings.TrimSpace(h))
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// FieldPos holds only for a record read whole, so the line
			// of a broken one comes from the error.
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, &RowError{File: file, Line: line, Reason: "monitor.err.csv", Detail: "not valid CSV: " + err.Error()}
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(t.header) {
			return nil, &RowError{File: file, Line: line, Reason: "monitor.err.fields", Detail: fmt.Sprintf("the row has %d columns, the header %d", len(rec), len(t.header))}
		}
		if len(t.rows) >= MaxRows {
			return nil, &RowError{File: file, Line: line, Reason: "monitor.err.too_big", Detail: fmt.Sprintf("more than %d rows", MaxRows)}
		}
		t.rows, t.lines = append(t.rows, rec), append(t.lines, line)
	}
	if len(t.rows) == 0 {
		return nil, &RowError{File: file, Line: 1, Reason: "monitor.err.empty", Detail: "the file has a header but no rows"}
	}
	return t, nil
}

// need returns the header's index of each named column, or a RowError
// naming the first one the file lacks.
func (t *table) need(names ...string) ([]int, error) {
	out := make([]int, len(names))
	for i, n := range names {
		if out[i] = t.col(n); out[i] < 0 {
			return nil, &RowError{File: t.file, Line: 1, Name: n, Reason: "monitor.err.layout",
				Detail: fmt.Sprintf("the header lacks column %q of this source's layout", n)}
		}
	}
	return out, nil
}

// tidyRecord is a source row turned into the tidy CSV's columns (Columns,
// then Citation), with the line it came from and, for each tidy column,
// the source column it was read from (1-based; 0 when made up here), so
// an error names the column the publisher's file has.
type tidyRecord struct {
	line  int
	rec   []string
	from  map[string]srcCol
	today bool // its area is today's municipality already, merged partners added up
}

// srcCol is a column of the source's file: its 1-based place and name.
type srcCol struct {
	at   int
	name string
}

var tidyHeader = append(slices.Clone(Columns), Citation...)

func newRecord(line int, fields map[string]string, from map[string]srcCol) tidyRecord {
	rec := make([]string, len(tidyHeader))
	for i, c := range tidyHeader {
		rec[i] = fields[c]
	}
	return tidyRecord{line: line, rec: rec, from: from}
}

// checkRecords runs the tidy import's checks over records made from a
// source's rows.
func checkRecords(file string, cat *survey.Catalog, recs []tidyRecord) ([]store.RegistrationValue, error) {
	d := decoder{file: file, cat: cat, cols: map[string]int{}, header: tidyHeader}
	for i, c := range tidyHeader {
		d.cols[c] = i
	}
	var rows []*row
	seen := map[[5]string]int{}
	for _, r := range recs {
		var err error
		if rows, err = d.accept(rows, seen, r.line, r.rec); err != nil {
			var re *RowError
			if errors.As(err, &re) {
				c := r.from[re.Name]
				re.Column, re.Name = c.at, c.name
			}
			return nil, err
		}
		if r.today {
			rows[len(rows)-1].merged = false
		}
	}
	if len(rows) == 0 {
		return nil, &RowError{File: file, Line: 1, Reason: "monitor.err.empty", Detail: "no row of the file gives a figure a registration indicator uses"}
	}
	return d.crosswalk(rows)
}

// number reads a source's number: decimal commas where the file is ";"
// separated; "" and the marks sources use for a figure they do not give
// (":", "-", "x", "…") mean no figure.
func (t *table) number(s string) (string, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "", ":", "-", "x", "X", "…", "...", "n.b.", "nvt":
		return "", false
	}
	if t.semi {
		s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
	}
	return s, true
}

var yearIn = regexp.MustCompile(`(19|20)[0-9]{2}`)

// registrationsOf returns the registration indicators read with layout.
func registrationsOf(cat *survey.Catalog, layout string) []*survey.Registration {
	var out []*survey.Registration
	for _, r := range cat.Registrations() {
		if r.Source.Layout == layout {
			out = append(out, r)
		}
	}
	return out
}
