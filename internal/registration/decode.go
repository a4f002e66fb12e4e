// Package registration reads registration figures (administrative data
// such as the kansarmoede-index) from a tidy CSV and checks every row
// against the catalog's registration indicators and areas. Any bad row
// stops the import: nothing is stored unless every row is right.
package registration

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// MaxBytes and MaxRows bound one import file.
const (
	MaxBytes = 8 << 20
	MaxRows  = 200_000
)

// Columns are the tidy CSV's columns; the citation may follow.
var Columns = []string{"indicator", "period", "area", "sex", "age_band", "numerator", "denominator", "value"}

// Citation are the optional columns that say where a figure was published:
// the page's address, the publication, its table and the year it was
// published or read. Without them a figure cites its indicator's
// publication and table.
var Citation = []string{"source_url", "publication", "table", "published"}

// exported are the columns Kinderstem's own export adds (titles, names,
// the disclosure flag): read and ignored, so an export imports again.
var exported = []string{"title", "area_name", "theme", "crc", "unit", "source", "source_organisation", "licence", "rhythm", "suppressed", "k"}

// RowError says which row and column of which file is wrong, and why.
// Reason is a message id (monitor.err.*) for the reader's language;
// Detail is the same in English with the value found, for logs and the
// command line.
type RowError struct {
	File   string
	Line   int // 1 is the header
	Column int // 1-based; 0 when the whole row or file is meant
	Name   string
	Reason string
	Detail string
}

func (e *RowError) Error() string {
	where := fmt.Sprintf("%s:%d", e.File, e.Line)
	if e.Column > 0 {
		where += fmt.Sprintf(": column %d (%s)", e.Column, e.Name)
	}
	return where + ": " + e.Detail
}

var (
	periodPattern = regexp.MustCompile(`^[12][0-9]{3}(-(0[1-9]|1[0-2])|-Q[1-4]|-[12][0-9]{3})?$`)
	bandPattern   = regexp.MustCompile(`^(total|[0-9]{1,2}-[0-9]{1,2})$`)
	yearPattern   = regexp.MustCompile(`^(19|20)[0-9]{2}$`)
)

// row is a checked row with where it came from.
type row struct {
	store.RegistrationValue
	line     int
	ind      *survey.Registration
	merged   bool // its area is a pre-2025 code, moved to today's municipality
	valueTxt string
}

// Decode reads a tidy CSV and returns its figures, pre-2025 municipalities
// moved onto today's (counts summed), or a *RowError for the first bad row.
func Decode(r io.Reader, file string, cat *survey.Catalog) ([]store.RegistrationValue, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("registration: read %s: %w", file, err)
	}
	if len(data) > MaxBytes {
		return nil, &RowError{File: file, Reason: "monitor.err.too_big", Detail: fmt.Sprintf("the file is larger than %d MB", MaxBytes>>20)}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	d := decoder{file: file, cat: cat}
	rows, err := d.rows(data)
	if err != nil {
		return nil, err
	}
	return d.crosswalk(rows)
}

type decoder struct {
	file   string
	cat    *survey.Catalog
	cols   map[string]int
	header []string
	semi   bool
}

func (d *decoder) fail(line int, col string, reason, format string, args ...any) *RowError {
	e := &RowError{File: d.file, Line: line, Reason: "monitor.err." + reason, Detail: fmt.Sprintf(format, args...), Name: col}
	if i, ok := d.cols[col]; ok {
		e.Column = i + 1
	}
	return e
}

func (d *decoder) rows(data []byte) ([]*row, error) {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(data))
	// Excel set to Dutch, French or German writes ";" and decimal commas.
	if d.semi = bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")); d.semi {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, d.fail(1, "", "empty", "the file has no rows")
	}
	if err != nil {
		return nil, d.csvError(err)
	}
	if err := d.readHeader(header); err != nil {
		return nil, err
	}
	var out []*row
	seen := map[[5]string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, d.csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(d.header) {
			return nil, d.fail(line, "", "fields", "the row has %d columns, the header %d", len(rec), len(d.header))
		}
		if out, err = d.accept(out, seen, line, rec); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, d.fail(1, "", "empty", "the file has a header but no rows")
	}
	return out, nil
}

// accept checks one record and adds it to out: the same checks for the
// tidy CSV and for every source's layout (layouts.go), which hands over
// its rows as tidy records.
func (d *decoder) accept(out []*row, seen map[[5]string]int, line int, rec []string) ([]*row, error) {
	if len(out) >= MaxRows {
		return nil, d.fail(line, "", "too_big", "more than %d rows", MaxRows)
	}
	r, err := d.row(line, rec)
	if err != nil {
		return nil, err
	}
	key := [5]string{r.Indicator, r.Period, r.Area, r.Sex, r.AgeBand}
	if prev, dup := seen[key]; dup {
		return nil, d.fail(line, "", "duplicate", "this row has the same indicator, period, area, sex and age band as line %d", prev)
	}
	seen[key] = line
	return append(out, r), nil
}

func (d *decoder) csvError(err error) error {
	var pe *csv.ParseError
	line := 0
	if errors.As(err, &pe) {
		line = pe.Line
	}
	return d.fail(line, "", "csv", "not valid CSV: %v", err)
}

func (d *decoder) readHeader(header []string) error {
	d.cols = map[string]int{}
	d.header = slices.Clone(header)
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := d.cols[h]; dup || (!slices.Contains(Columns, h) && !slices.Contains(Citation, h) && !slices.Contains(exported, h)) {
			return &RowError{File: d.file, Line: 1, Column: i + 1, Name: h, Reason: "monitor.err.header",
				Detail: fmt.Sprintf("unknown or repeated column %q; the columns are %s and optionally %s", h, strings.Join(Columns, ", "), strings.Join(Citation, ", "))}
		}
		d.cols[h] = i
	}
	for _, c := range Columns {
		if _, ok := d.cols[c]; !ok {
			return &RowError{File: d.file, Line: 1, Reason: "monitor.err.header", Name: c, Detail: "the header lacks column " + c}
		}
	}
	return nil
}

func (d *decoder) field(rec []string, col string) string {
	i, ok := d.cols[col]
	if !ok {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// row checks one record.
func (d *decoder) row(line int, rec []string) (*row, error) {
	r := &row{line: line}
	r.Indicator, r.Period, r.Area = d.field(rec, "indicator"), d.field(rec, "period"), d.field(rec, "area")
	r.Sex, r.AgeBand, r.Source = strings.ToLower(d.field(rec, "sex")), strings.ToLower(d.field(rec, "age_band")), d.field(rec, "source_url")
	var ok bool
	if r.ind, ok = d.cat.RegistrationByID(r.Indicator); !ok {
		return nil, d.fail(line, "indicator", "indicator", "unknown registration indicator %q", r.Indicator)
	}
	if !periodPattern.MatchString(r.Period) || !schoolYear(r.Period) {
		return nil, d.fail(line, "period", "period", "period %q must look like 2024, 2024-03, 2024-Q1 or 2023-2024", r.Period)
	}
	_, known := d.cat.Area(r.Area)
	_, old := d.cat.MergedInto(r.Area)
	// A pre-2025 code moves to today's municipality; a municipality that
	// kept its code (Antwerpen) too, for periods before the merger.
	r.merged = old && (!known || r.Period[:4] < "2025")
	if !known && !old {
		return nil, d.fail(line, "area", "area", "unknown area code %q (a NIS code, e.g. 44021 for Gent)", r.Area)
	}
	if r.Sex != "total" && r.Sex != "female" && r.Sex != "male" {
		return nil, d.fail(line, "sex", "sex", "sex %q must be total, female or male", r.Sex)
	}
	if !bandPattern.MatchString(r.AgeBand) {
		return nil, d.fail(line, "age_band", "age_band", "age band %q must be total or look like 0-2", r.AgeBand)
	}
	if r.Source != "" && !strings.HasPrefix(r.Source, "https://") && !strings.HasPrefix(r.Source, "http://") || len(r.Source) > 500 {
		return nil, d.fail(line, "source_url", "source", "source_url %q is not a web address", r.Source)
	}
	r.Publication, r.Table, r.Published = d.field(rec, "publication"), d.field(rec, "table"), d.field(rec, "published")
	if len(r.Publication) > 300 || len(r.Table) > 300 {
		return nil, d.fail(line, "table", "citation", "publication and table are at most 300 characters")
	}
	if r.Published != "" && !yearPattern.MatchString(r.Published) {
		return nil, d.fail(line, "published", "published", "published %q must be a year such as 2024", r.Published)
	}
	if r.Publication == "" {
		r.Publication = r.ind.Source.Publication
	}
	if r.Table == "" {
		r.Table = r.ind.Source.Table
	}
	num, err := d.number(line, rec, "numerator")
	if err != nil {
		return nil, err
	}
	den, err := d.number(line, rec, "denominator")
	if err != nil {
		return nil, err
	}
	val, err := d.number(line, rec, "value")
	if err != nil {
		return nil, err
	}
	r.Numerator, r.Denominator, r.valueTxt = num, den, d.field(rec, "value")
	return r, d.value(r, val)
}

// schoolYear accepts 2023-2024 only for consecutive years.
func schoolYear(p string) bool {
	if len(p) != 9 {
		return true
	}
	a, _ := strconv.Atoi(p[:4])
	b, _ := strconv.Atoi(p[5:])
	return b == a+1
}

func (d *decoder) number(line int, rec []string, col string) (*float64, error) {
	s := d.field(rec, col)
	if s == "" {
		return nil, nil
	}
	if d.semi {
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) || v > 1e12 || strings.ContainsAny(s, "xXpP_") {
		return nil, d.fail(line, col, "number", "%s %q is not a number of 0 or more", col, d.field(rec, col))
	}
	return &v, nil
}

// value works out and checks the published value against the counts.
func (d *decoder) value(r *row, val *float64) error {
	ind, num, den := r.ind, r.Numerator, r.Denominator
	if num != nil && ind.CountsChildren && *num != math.Trunc(*num) {
		return d.fail(r.line, "numerator", "whole", "numerator %v counts children and must be whole", *num)
	}
	scale := ind.Scale()
	switch {
	case den != nil && *den == 0, den != nil && num != nil && ind.Unit == survey.UnitShare && *num > *den:
		return d.fail(r.line, "denominator", "denominator", "denominator must be more than 0 and, for a share, not less than the numerator")
	case ind.Unit == survey.UnitCount && val == nil && num == nil:
		return d.fail(r.line, "value", "value", "give a value or a numerator")
	case ind.Unit == survey.UnitCount && val == nil:
		r.Value = *num
	case ind.Unit != survey.UnitCount && num != nil && den != nil:
		computed := *num / *den * scale
		if val != nil && math.Abs(*val-computed) > halfUnit(r.valueTxt)+1e-9 {
			return d.fail(r.line, "value", "mismatch", "value %v does not match numerator/denominator = %.4f", *val, computed)
		}
		r.Value = computed
	case val == nil:
		return d.fail(r.line, "value", "value", "give a value, or a numerator and a denominator")
	default:
		r.Value = *val
	}
	if ind.Unit == survey.UnitCount && val != nil {
		r.Value = *val
		if num != nil && *num != *val {
			return d.fail(r.line, "value", "mismatch", "a count's value %v must equal its numerator %v", *val, *num)
		}
	}
	if ind.Unit == survey.UnitShare && r.Value > 100 {
		return d.fail(r.line, "value", "share", "a share of %v%% is more than 100", r.Value)
	}
	return nil
}

// halfUnit is half a unit of the last digit written: "13.65" may round
// anything within 0.005 of it, "51" anything within 0.5.
func halfUnit(s string) float64 {
	s = strings.Replace(s, ",", ".", 1)
	_, frac, ok := strings.Cut(s, ".")
	if !ok {
		return 0.5
	}
	return 0.5 * math.Pow(10, -float64(len(frac)))
}

// crosswalk moves rows about municipalities that merged in 2025 onto the
// new municipality: counts are summed and the value worked out again. A
// rate without counts cannot be added up, and a merged municipality needs
// every one of its predecessors, or the sum would be wrong.
func (d *decoder) crosswalk(rows []*row) ([]store.RegistrationValue, error) {
	type key [5]string
	groups := map[key][]*row{}
	var order []key
	out := make([]store.RegistrationValue, 0, len(rows))
	current := map[key]bool{}
	for _, r := range rows {
		if !r.merged {
			out = append(out, r.RegistrationValue)
			current[key{r.Indicator, r.Period, r.Area, r.Sex, r.AgeBand}] = true
			continue
		}
		to, _ := d.cat.MergedInto(r.Area)
		k := key{r.Indicator, r.Period, to, r.Sex, r.AgeBand}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], r)
	}
	for _, k := range order {
		g := groups[k]
		first := g[0]
		if current[k] {
			return nil, d.fail(first.line, "", "duplicate", "%s is part of %s since 2025, which the file also gives for this period", first.Area, k[2])
		}
		need := d.cat.Predecessors(k[2])
		var num, den float64
		for _, r := range g {
			if r.Numerator == nil || (r.ind.Unit != survey.UnitCount && r.Denominator == nil) {
				return nil, d.fail(r.line, "area", "merged_rate", "%s merged into %s in 2025: give numerator and denominator, a rate cannot be added up", r.Area, k[2])
			}
			num += *r.Numerator
			if r.Denominator != nil {
				den += *r.Denominator
			}
			need = slices.DeleteFunc(need, func(c string) bool { return c == r.Area })
		}
		if len(need) > 0 {
			return nil, d.fail(first.line, "area", "merged_partial", "%s merged into %s in 2025 with %s, which the file lacks for this period", first.Area, k[2], strings.Join(need, ", "))
		}
		v := first.RegistrationValue
		v.Area, v.Numerator, v.Source = k[2], &num, ""
		if first.ind.Unit == survey.UnitCount {
			v.Value, v.Denominator = num, nil
		} else {
			v.Denominator, v.Value = &den, num/den*first.ind.Scale()
		}
		out = append(out, v)
	}
	return out, nil
}
