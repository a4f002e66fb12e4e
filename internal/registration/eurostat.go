package registration

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// Eurostat's SDMX-CSV download of a dataset (the data browser's "Download
// → SDMX-CSV", or the dissemination API with format=SDMX-CSV): one row per
// observation, with the columns DATAFLOW (ESTAT:ILC_PEPS01N(1.0)), LAST
// UPDATE, one column per dimension of the dataset (freq, unit, age, sex,
// geo, ...), TIME_PERIOD, OBS_VALUE and OBS_FLAG. A registration indicator
// of layout eurostat names its dataset and fixes the other dimensions in
// select; rows about other countries, units or ages are left out, and
// figures Eurostat leaves empty or flags confidential (c) are not
// figures.

// nuts maps Belgium and its NUTS 1 and 2 regions to NIS codes.
var nuts = map[string]string{
	"BE": "01000", "BE1": "04000", "BE10": "04000", "BE2": "02000", "BE3": "03000",
	"BE21": "10000", "BE22": "70000", "BE23": "40000", "BE24": "20001", "BE25": "30000",
	"BE31": "20002", "BE32": "50000", "BE33": "60000", "BE34": "80000", "BE35": "90000",
}

var (
	dataflowPattern = regexp.MustCompile(`^[A-Z]+:([A-Za-z0-9_]+)\(`)
	ageLess         = regexp.MustCompile(`^Y_LT([0-9]{1,2})$`)
	ageRange        = regexp.MustCompile(`^Y([0-9]{1,2})-([0-9]{1,2})$`)
)

// eurostatAge turns Eurostat's age codes into the tidy age bands: Y_LT18
// is every child (total), Y_LT6 is 0-5, Y6-11 stays 6-11.
func eurostatAge(code string) (string, bool) {
	if code == "Y_LT18" {
		return "total", true
	}
	if m := ageLess.FindStringSubmatch(code); m != nil {
		var n int
		fmt.Sscan(m[1], &n)
		return fmt.Sprintf("0-%d", n-1), n > 0
	}
	if m := ageRange.FindStringSubmatch(code); m != nil {
		return m[1] + "-" + m[2], true
	}
	return "", false
}

func eurostatSex(code string) (string, bool) {
	switch code {
	case "T":
		return "total", true
	case "F":
		return "female", true
	case "M":
		return "male", true
	}
	return "", false
}

func eurostatRecords(t *table, cat *survey.Catalog, rep *Report) ([]tidyRecord, error) {
	cols, err := t.need("DATAFLOW", "TIME_PERIOD", "OBS_VALUE", "geo")
	if err != nil {
		return nil, err
	}
	flow, period, value, geo := cols[0], cols[1], cols[2], cols[3]
	flag, updated, sexCol, ageCol := t.col("OBS_FLAG"), t.col("LAST UPDATE"), t.col("sex"), t.col("age")
	regs := registrationsOf(cat, "eurostat")
	var out []tidyRecord
	for i, rec := range t.rows {
		line := t.lines[i]
		m := dataflowPattern.FindStringSubmatch(strings.TrimSpace(rec[flow]))
		if m == nil {
			return nil, &RowError{File: t.file, Line: line, Column: flow + 1, Name: "DATAFLOW", Reason: "monitor.err.dataset",
				Detail: fmt.Sprintf("DATAFLOW %q is not a Eurostat dataflow such as ESTAT:ILC_PEPS01N(1.0)", survey.Clip(rec[flow]))}
		}
		dataset := strings.ToLower(m[1])
		var matched []*survey.Registration
		known := false
		for _, r := range regs {
			if r.Source.Dataset != dataset {
				continue
			}
			known = true
			if selects(t, rec, r.Source.Select) {
				matched = append(matched, r)
			}
		}
		if !known {
			return nil, &RowError{File: t.file, Line: line, Column: flow + 1, Name: "DATAFLOW", Reason: "monitor.err.dataset",
				Detail: fmt.Sprintf("no registration indicator reads Eurostat's dataset %s", dataset)}
		}
		area, inBelgium := nuts[strings.TrimSpace(rec[geo])]
		if len(matched) == 0 || !inBelgium {
			rep.Skipped++
			continue
		}
		v, ok := t.number(rec[value])
		if !ok || (flag >= 0 && strings.Contains(rec[flag], "c")) {
			rep.Missing++
			continue
		}
		sex, age := "total", "total"
		if sexCol >= 0 {
			if sex, ok = eurostatSex(strings.TrimSpace(rec[sexCol])); !ok {
				rep.Skipped++
				continue
			}
		}
		published := ""
		if updated >= 0 {
			published = eurostatYear(rec[updated])
		}
		for _, r := range matched {
			if ageCol >= 0 && r.Source.Select["age"] == "" {
				if age, ok = eurostatAge(strings.TrimSpace(rec[ageCol])); !ok || (age != "total" && !slicesContains(r.AgeBands, age)) {
					rep.Skipped++
					continue
				}
			}
			if sex != "total" && !r.Breaks("sex") {
				rep.Skipped++
				continue
			}
			fields := map[string]string{"indicator": r.ID, "period": strings.TrimSpace(rec[period]), "area": area, "sex": sex, "age_band": age,
				"value": v, "source_url": r.Source.URL, "publication": r.Source.Publication, "table": r.Source.Table, "published": published}
			out = append(out, newRecord(line, fields, map[string]srcCol{"period": t.at(period), "value": t.at(value), "area": t.at(geo), "indicator": t.at(flow)}))
		}
	}
	return out, nil
}

// selects reports whether a row has every value the indicator fixes.
func selects(t *table, rec []string, sel map[string]string) bool {
	for dim, want := range sel {
		i := t.col(dim)
		if i < 0 || strings.TrimSpace(rec[i]) != want {
			return false
		}
	}
	return true
}

// eurostatYear reads the year of LAST UPDATE, written 12/06/24 23:00:00
// or 2024-06-12.
func eurostatYear(s string) string {
	if y := yearIn.FindString(s); y != "" {
		return y
	}
	if d, _, ok := strings.Cut(strings.TrimSpace(s), " "); ok {
		if parts := strings.Split(d, "/"); len(parts) == 3 && len(parts[2]) == 2 {
			return "20" + parts[2]
		}
	}
	return ""
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
