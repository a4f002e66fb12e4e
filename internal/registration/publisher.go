package registration

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// The Flemish publishers' own tables (layouts opgroeien and onderwijs):
// Opgroeien's figures per municipality, province and region (kansarmoede,
// childcare places, waiting lists) and the Department of Education's
// early school leavers per school year, place of residence and sex, as
// their tables are saved to CSV (Excel in Dutch writes ";" and decimal
// commas). Which column holds what is declared in the indicator's
// definition (source.columns: area, period, sex, age_band, numerator,
// denominator, value), so a renamed column is followed by editing the
// definition. Areas may be NIS codes or the names of Belgium, a region or
// a province as the publishers write them; school years 2019-2020 or
// 2019-20; sexes Jongen/Meisje, Man/Vrouw or M/V; marks such as "x" or
// "-" mean no figure.

var schoolYearShort = regexp.MustCompile(`^((?:19|20)[0-9]{2})\s*[-/]\s*([0-9]{2})$`)

// areaNames are the higher areas' names as publishers write them.
var areaNames = map[string]string{
	"belgië": "01000", "belgie": "01000", "vlaams gewest": "02000", "vlaanderen": "02000", "vlaamse gewest": "02000",
	"waals gewest": "03000", "wallonië": "03000", "brussels hoofdstedelijk gewest": "04000", "brussel": "04000",
}

func tableRecords(t *table, cat *survey.Catalog, layout string, opts Options, rep *Report) ([]tidyRecord, error) {
	reg, err := pickRegistration(t, cat, layout, opts)
	if err != nil {
		return nil, err
	}
	cols := map[string]int{}
	for field, name := range reg.Source.Columns {
		cols[field] = t.col(name)
	}
	var out []tidyRecord
	for i, rec := range t.rows {
		line := t.lines[i]
		get := func(field string) string {
			if c, ok := cols[field]; ok && c >= 0 {
				return strings.TrimSpace(rec[c])
			}
			return ""
		}
		fields := map[string]string{"indicator": reg.ID, "sex": "total", "age_band": "total",
			"source_url": reg.Source.URL, "publication": reg.Source.Publication, "table": reg.Source.Table, "published": opts.Period}
		fields["area"] = publisherArea(cat, get("area"))
		fields["period"] = publisherPeriod(get("period"))
		if s := get("sex"); s != "" {
			fields["sex"] = publisherSex(s)
		}
		if b := get("age_band"); b != "" {
			fields["age_band"] = strings.ReplaceAll(strings.ToLower(b), " ", "")
		}
		any := false
		for _, f := range []string{"numerator", "denominator", "value"} {
			if v, ok := t.number(get(f)); ok {
				fields[f], any = v, true
			}
		}
		if !any {
			rep.Missing++
			continue
		}
		if fields["sex"] != "total" && !reg.Breaks("sex") {
			rep.Skipped++
			continue
		}
		from := map[string]srcCol{}
		for field, c := range cols {
			if c >= 0 {
				from[field] = t.at(c)
			}
		}
		out = append(out, newRecord(line, fields, from))
	}
	return out, nil
}

// pickRegistration finds the indicator of this layout whose declared
// columns the file has: the one opts names, or the only one that fits.
func pickRegistration(t *table, cat *survey.Catalog, layout string, opts Options) (*survey.Registration, error) {
	var fits []*survey.Registration
	for _, r := range registrationsOf(cat, layout) {
		if opts.Indicator != "" && r.ID != opts.Indicator {
			continue
		}
		ok := len(r.Source.Columns) > 0
		for _, name := range r.Source.Columns {
			ok = ok && t.col(name) >= 0
		}
		if ok {
			fits = append(fits, r)
		}
	}
	switch {
	case len(fits) == 1:
		return fits[0], nil
	case len(fits) > 1:
		var ids []string
		for _, r := range fits {
			ids = append(ids, r.ID)
		}
		return nil, &RowError{File: t.file, Line: 1, Reason: "monitor.err.ambiguous",
			Detail: fmt.Sprintf("the file fits %s: name the indicator (--indicator)", strings.Join(ids, ", "))}
	}
	var want []string
	for _, r := range registrationsOf(cat, layout) {
		cols := make([]string, 0, len(r.Source.Columns))
		for _, c := range r.Source.Columns {
			cols = append(cols, c)
		}
		slices.Sort(cols)
		want = append(want, r.ID+" ("+strings.Join(cols, ", ")+")")
	}
	return nil, &RowError{File: t.file, Line: 1, Reason: "monitor.err.layout",
		Detail: fmt.Sprintf("the header fits no %s indicator's columns: %s", layout, strings.Join(want, "; "))}
}

// publisherArea reads an area as a NIS code or a name; an unknown one is
// passed on for the tidy check to refuse with its line.
func publisherArea(cat *survey.Catalog, s string) string {
	if code, ok := areaNames[strings.ToLower(s)]; ok {
		return code
	}
	if s != "" && strings.Trim(s, "0123456789") == "" {
		return pad(s)
	}
	for _, r := range cat.Areas() {
		if r.Province == "" && (strings.EqualFold(r.Name, s) || strings.EqualFold(r.NL, s)) {
			return r.Code
		}
	}
	return s
}

// publisherPeriod reads 2020, 2019-2020 and 2019-20.
func publisherPeriod(s string) string {
	if m := schoolYearShort.FindStringSubmatch(s); m != nil {
		return m[1] + "-" + m[1][:2] + m[2]
	}
	return strings.ReplaceAll(s, " ", "")
}

func publisherSex(s string) string {
	switch strings.ToLower(s) {
	case "jongen", "jongens", "man", "mannen", "m":
		return "male"
	case "meisje", "meisjes", "vrouw", "vrouwen", "v", "f":
		return "female"
	case "totaal", "total", "t", "alle":
		return "total"
	}
	return s
}
