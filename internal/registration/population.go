package registration

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// PopulationMaxBytes bounds a population file: Statbel's full table per
// municipality, split by nationality and civil status, is some 40 MB.
const PopulationMaxBytes = 128 << 20

// DecodePopulation reads a population table: people by area, sex and age
// in whole years. Two layouts are read, by their header, separated by ",",
// ";", "|" or a tab:
//
//   - the tidy CSV: area (a NIS code), sex (female or male; F, M, girl and
//     boy are read too), age (0 to 120), count; a repeated area, sex and
//     age is an error;
//   - Statbel's table (TF_SOC_POP_STRUCT): CD_REFNIS, CD_SEX, CD_AGE,
//     MS_POPULATION, with any other columns; it splits each area, sex and
//     age further (by nationality, civil status), so repeated rows are
//     added up.
//
// Every area must be a municipality or province the catalog knows; a
// municipality merged in 2025 counts for the one it became part of.
func DecodePopulation(r io.Reader, file string, cat *survey.Catalog) ([]store.PopulationCount, error) {
	br := newPeekReader(io.LimitReader(r, PopulationMaxBytes+1))
	first := br.firstLine()
	cr := csv.NewReader(br)
	for _, sep := range []rune{'|', ';', '\t'} {
		if bytes.ContainsRune(first, sep) {
			cr.Comma = sep
			break
		}
	}
	cr.FieldsPerRecord, cr.ReuseRecord = -1, true
	head, err := cr.Read()
	if err != nil {
		return nil, &RowError{File: file, Line: 1, Reason: "monitor.err.empty", Detail: "the file has no header"}
	}
	cols, statbel, err := populationHeader(file, head)
	if err != nil {
		return nil, err
	}
	type key struct {
		area, sex string
		age       int
	}
	sums := map[key]int{}
	literal := map[key]bool{} // as written, before a merged municipality counts for the new one
	var order []key
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if br.n > PopulationMaxBytes {
			return nil, &RowError{File: file, Reason: "monitor.err.too_big", Detail: fmt.Sprintf("the file is larger than %d MB", PopulationMaxBytes>>20)}
		}
		if err != nil {
			return nil, &RowError{File: file, Line: line, Reason: "monitor.err.csv", Detail: err.Error()}
		}
		p, err := populationRow(file, line, rec, cols, cat)
		if err != nil {
			return nil, err
		}
		k := key{p.Area, p.Sex, p.Age}
		written := key{pad(strings.TrimSpace(rec[cols[0]])), p.Sex, p.Age}
		if literal[written] && !statbel {
			return nil, &RowError{File: file, Line: line, Reason: "monitor.err.duplicate", Detail: fmt.Sprintf("%s, %s, age %d repeats an earlier row", written.area, p.Sex, p.Age)}
		}
		literal[written] = true
		old, seen := sums[k]
		if !seen {
			order = append(order, k)
		}
		if old+p.Count > 1<<31-1 {
			return nil, &RowError{File: file, Line: line, Name: "count", Reason: "monitor.err.number", Detail: "the count is too large"}
		}
		sums[k] = old + p.Count
	}
	if len(order) == 0 {
		return nil, &RowError{File: file, Line: 1, Reason: "monitor.err.empty", Detail: "the file has no rows"}
	}
	// A province beside its own municipalities would count its people twice.
	for _, k := range order {
		if r, _ := cat.Region(k.area); r.Province != "" && literal[key{r.Province, k.sex, k.age}] {
			return nil, &RowError{File: file, Reason: "monitor.err.province_twice",
				Detail: fmt.Sprintf("province %s and its municipality %s both give %s, age %d", r.Province, k.area, k.sex, k.age)}
		}
	}
	out := make([]store.PopulationCount, len(order))
	for i, k := range order {
		out[i] = store.PopulationCount{Area: k.area, Sex: k.sex, Age: k.age, Count: sums[k]}
	}
	return out, nil
}

// populationHeader finds the area, sex, age and count columns.
func populationHeader(file string, head []string) (cols [4]int, statbel bool, err error) {
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	names := [4]string{"area", "sex", "age", "count"}
	if _, ok := col["ms_population"]; ok {
		names, statbel = [4]string{"cd_refnis", "cd_sex", "cd_age", "ms_population"}, true
	}
	for i, n := range names {
		c, ok := col[n]
		if !ok {
			return cols, false, &RowError{File: file, Line: 1, Name: n, Reason: "monitor.err.header",
				Detail: "the header lacks " + n + " (want area,sex,age,count or Statbel's CD_REFNIS,CD_SEX,CD_AGE,MS_POPULATION)"}
		}
		cols[i] = c
	}
	return cols, statbel, nil
}

// populationRow reads and checks one row.
func populationRow(file string, line int, rec []string, cols [4]int, cat *survey.Catalog) (store.PopulationCount, error) {
	get := func(i int) string {
		if cols[i] < len(rec) {
			return strings.TrimSpace(rec[cols[i]])
		}
		return ""
	}
	bad := func(i int, name, reason, detail string) error {
		return &RowError{File: file, Line: line, Column: cols[i] + 1, Name: name, Reason: reason, Detail: detail}
	}
	area := pad(get(0))
	if merged, ok := cat.MergedInto(area); ok {
		area = merged
	}
	if r, ok := cat.Region(area); !ok || r.Code != area {
		return store.PopulationCount{}, bad(0, "area", "monitor.err.area", fmt.Sprintf("%q is not a municipality or province the catalog knows", clipText(get(0))))
	}
	sex, ok := map[string]string{"f": "female", "female": "female", "girl": "female", "m": "male", "male": "male", "boy": "male"}[strings.ToLower(get(1))]
	if !ok {
		return store.PopulationCount{}, bad(1, "sex", "monitor.err.sex", fmt.Sprintf("sex %q must be female or male (F or M)", clipText(get(1))))
	}
	age, err := strconv.Atoi(get(2))
	if err != nil || age < 0 || age > 120 {
		return store.PopulationCount{}, bad(2, "age", "monitor.err.number", fmt.Sprintf("age %q must be a whole number of years from 0 to 120", clipText(get(2))))
	}
	count, err := strconv.Atoi(get(3))
	if err != nil || count < 0 || count > 1<<31-1 {
		return store.PopulationCount{}, bad(3, "count", "monitor.err.whole", fmt.Sprintf("count %q must be a whole number of 0 or more", clipText(get(3))))
	}
	return store.PopulationCount{Area: area, Sex: sex, Age: age, Count: count}, nil
}

func clipText(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// peekReader counts what it reads and lets the first line be seen before
// the CSV reader starts.
type peekReader struct {
	r    io.Reader
	head []byte
	n    int
}

func newPeekReader(r io.Reader) *peekReader { return &peekReader{r: r} }

// firstLine reads up to the first newline (at most 64 KB) and keeps it to
// be read again.
func (p *peekReader) firstLine() []byte {
	buf := make([]byte, 0, 4096)
	chunk := make([]byte, 4096)
	for len(buf) < 64<<10 && !bytes.ContainsRune(buf, '\n') {
		n, err := p.r.Read(chunk)
		buf = append(buf, chunk[:n]...)
		if err != nil {
			break
		}
	}
	p.head = buf
	line, _, _ := bytes.Cut(buf, []byte("\n"))
	return line
}

func (p *peekReader) Read(b []byte) (int, error) {
	if len(p.head) > 0 {
		n := copy(b, p.head)
		p.head = p.head[n:]
		p.n += n
		return n, nil
	}
	n, err := p.r.Read(b)
	p.n += n
	return n, err
}
