package registration

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kinderstem/kinderstem/internal/store"
)

// DecodeAreas reads Statbel's list of municipalities and returns those
// valid on the day on, each with its province. Two layouts are read, by
// their header, separated by "|", ";" or ",":
//
//   - the REFNIS code list (TU_COM_REFNIS): LVL_REFNIS, CD_REFNIS,
//     CD_SUP_REFNIS, TX_REFNIS_NL, TX_REFNIS_FR, TX_REFNIS_DE (optional),
//     DT_VLDT_START, DT_VLDT_END (dd/mm/yyyy); a municipality (level 4)
//     lies in an arrondissement (level 3) that lies in a province (level 2)
//     or, for Brussels, in the region 04000;
//   - a flat list: CD_REFNIS or CD_MUNTY_REFNIS, TX_MUNTY_DESCR_NL,
//     TX_MUNTY_DESCR_FR, TX_MUNTY_DESCR_DE (optional), CD_PROV_REFNIS
//     (empty in Brussels); a code may repeat, as in Statbel's tables.
func DecodeAreas(r io.Reader, file string, on time.Time) ([]store.Area, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("areas: read %s: %w", file, err)
	}
	if len(data) > MaxBytes {
		return nil, &RowError{File: file, Reason: "monitor.err.too_big", Detail: "the file is too large"}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(data))
	for _, sep := range []rune{'|', ';', '\t'} {
		if bytes.ContainsRune(first, sep) {
			cr.Comma = sep
			break
		}
	}
	cr.FieldsPerRecord, cr.LazyQuotes = -1, true
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, &RowError{File: file, Reason: "monitor.err.csv", Detail: err.Error()}
	}
	if len(recs) < 2 {
		return nil, &RowError{File: file, Line: 1, Reason: "monitor.err.empty", Detail: "the file has no rows"}
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[strings.ToUpper(strings.TrimSpace(h))] = i
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	if _, ok := col["LVL_REFNIS"]; ok {
		return refnisList(file, recs[1:], get, on)
	}
	code := "CD_REFNIS"
	if _, ok := col["CD_MUNTY_REFNIS"]; ok {
		code = "CD_MUNTY_REFNIS"
	}
	for _, need := range []string{code, "TX_MUNTY_DESCR_NL", "TX_MUNTY_DESCR_FR", "CD_PROV_REFNIS"} {
		if _, ok := col[need]; !ok {
			return nil, &RowError{File: file, Line: 1, Name: need, Reason: "monitor.err.header",
				Detail: "the header lacks " + need + " (and is not the REFNIS list with LVL_REFNIS)"}
		}
	}
	seen := map[string]bool{}
	var out []store.Area
	for i, rec := range recs[1:] {
		a := store.Area{Code: pad(get(rec, code)), NL: get(rec, "TX_MUNTY_DESCR_NL"), FR: get(rec, "TX_MUNTY_DESCR_FR"),
			DE: get(rec, "TX_MUNTY_DESCR_DE"), Province: pad(get(rec, "CD_PROV_REFNIS"))}
		if a.Province == "" && strings.HasPrefix(a.Code, "21") {
			a.Province = "04000" // Brussels has no province
		}
		if err := checkArea(file, i+2, a); err != nil {
			return nil, err
		}
		if !seen[a.Code] {
			seen[a.Code] = true
			out = append(out, a)
		}
	}
	return out, nil
}

// pad writes a NIS code with its five digits (spreadsheets drop the
// leading zero of 04000).
func pad(code string) string {
	if code != "" && len(code) < 5 && strings.Trim(code, "0123456789") == "" {
		return strings.Repeat("0", 5-len(code)) + code
	}
	return code
}

func checkArea(file string, line int, a store.Area) error {
	switch {
	case !isCode(a.Code):
		return &RowError{File: file, Line: line, Name: "code", Reason: "monitor.err.area", Detail: fmt.Sprintf("%q is not a NIS code", a.Code)}
	case !isCode(a.Province):
		return &RowError{File: file, Line: line, Name: "province", Reason: "monitor.err.area", Detail: fmt.Sprintf("province %q of %s is not a NIS code", a.Province, a.Code)}
	case a.NL == "" && a.FR == "", len(a.NL) > 100, len(a.FR) > 100, len(a.DE) > 100:
		return &RowError{File: file, Line: line, Name: "name", Reason: "monitor.err.fields", Detail: "a municipality needs a name (at most 100 characters)"}
	}
	return nil
}

func isCode(s string) bool { return len(s) == 5 && strings.Trim(s, "0123456789") == "" }

// refnisList reads the REFNIS code list: municipalities valid on the day,
// with the province of their arrondissement.
func refnisList(file string, recs [][]string, get func([]string, string) string, on time.Time) ([]store.Area, error) {
	type entry struct {
		level, parent string
		area          store.Area
		line          int
	}
	valid := map[string]entry{}
	for i, rec := range recs {
		start, err1 := time.Parse("02/01/2006", get(rec, "DT_VLDT_START"))
		end, err2 := time.Parse("02/01/2006", get(rec, "DT_VLDT_END"))
		if err := errors.Join(err1, err2); err != nil {
			return nil, &RowError{File: file, Line: i + 2, Name: "DT_VLDT_START", Reason: "monitor.err.period", Detail: "validity dates must look like 31/12/9999"}
		}
		if on.Before(start) || on.After(end.Add(24*time.Hour-time.Nanosecond)) {
			continue
		}
		code := pad(get(rec, "CD_REFNIS"))
		valid[code] = entry{level: get(rec, "LVL_REFNIS"), parent: pad(get(rec, "CD_SUP_REFNIS")), line: i + 2,
			area: store.Area{Code: code, NL: get(rec, "TX_REFNIS_NL"), FR: get(rec, "TX_REFNIS_FR"), DE: get(rec, "TX_REFNIS_DE")}}
	}
	var out []store.Area
	done := map[string]bool{}
	for _, rec := range recs {
		code := pad(get(rec, "CD_REFNIS"))
		e, ok := valid[code]
		if !ok || e.level != "4" || done[code] {
			continue
		}
		done[code] = true // once, also when a code has several rows
		arr := valid[e.parent]
		a := e.area
		switch {
		case arr.level == "3" && arr.parent == "04000", e.parent == "04000":
			a.Province = "04000"
		case arr.level == "3":
			a.Province = arr.parent
		}
		if err := checkArea(file, e.line, a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, &RowError{File: file, Line: 1, Reason: "monitor.err.empty", Detail: "no municipality (LVL_REFNIS 4) is valid on " + on.Format("2006-01-02")}
	}
	return out, nil
}
