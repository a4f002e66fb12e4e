package registration

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// Statbel's population table "Bevolking per woonplaats, nationaliteit,
// burgerlijke staat, leeftijd en geslacht" (TF_SOC_POP_STRUCT_YYYY, one
// file per year, 1 January), as its open data publish it: "|" separated,
// one row per municipality (CD_REFNIS), sex (CD_SEX F or M), nationality
// (CD_NATLTY BEL or ETR), civil status and age in years (CD_AGE), with
// the count MS_POPULATION. Registration indicators of layout statbel sum
// it over children of 0 to 17: a count (every child), or a share of the
// children whose rows match select (CD_NATLTY: ETR). Each is given per
// municipality, province, region and Belgium, per sex and age band.

var statbelYear = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)[0-9]{2})(?:[^0-9]|$)`)

// regionOf is the region a province lies in (Brussels is its own).
var regionOf = map[string]string{
	"10000": "02000", "20001": "02000", "30000": "02000", "40000": "02000", "70000": "02000",
	"20002": "03000", "50000": "03000", "60000": "03000", "80000": "03000", "90000": "03000",
	"04000": "04000",
}

func statbelRecords(t *table, cat *survey.Catalog, opts Options, rep *Report) ([]tidyRecord, error) {
	cols, err := t.need("CD_REFNIS", "CD_SEX", "CD_AGE", "MS_POPULATION")
	if err != nil {
		return nil, err
	}
	refnis, sexCol, ageCol, popCol := cols[0], cols[1], cols[2], cols[3]
	period := opts.Period
	if period == "" {
		if m := statbelYear.FindStringSubmatch(t.file); m != nil {
			period = m[1]
		}
	}
	if !yearPattern.MatchString(period) {
		return nil, &RowError{File: t.file, Line: 1, Reason: "monitor.err.period_missing",
			Detail: "Statbel's table names its year in the file name (TF_SOC_POP_STRUCT_2024); give --period 2024 when it does not"}
	}
	regs := registrationsOf(cat, "statbel")
	if len(regs) == 0 {
		return nil, &RowError{File: t.file, Line: 1, Reason: "monitor.err.dataset", Detail: "no registration indicator reads Statbel's table"}
	}
	type key struct{ area, sex, band string }
	type sums struct{ all, selected float64 }
	totals := make([]map[key]*sums, len(regs))
	for i := range totals {
		totals[i] = map[key]*sums{}
	}
	firstLine := map[key]int{}
	for i, rec := range t.rows {
		line := t.lines[i]
		age, err := strconv.Atoi(strings.TrimSpace(rec[ageCol]))
		if err != nil || age < 0 || age > 120 {
			return nil, &RowError{File: t.file, Line: line, Column: ageCol + 1, Name: "CD_AGE", Reason: "monitor.err.number",
				Detail: fmt.Sprintf("CD_AGE %q is not an age in years", survey.Clip(rec[ageCol]))}
		}
		n, err := strconv.ParseFloat(strings.TrimSpace(rec[popCol]), 64)
		if err != nil || n < 0 || n != float64(int64(n)) {
			return nil, &RowError{File: t.file, Line: line, Column: popCol + 1, Name: "MS_POPULATION", Reason: "monitor.err.number",
				Detail: fmt.Sprintf("MS_POPULATION %q is not a count", survey.Clip(rec[popCol]))}
		}
		if age > 17 {
			rep.Skipped++
			continue
		}
		sex := map[string]string{"F": "female", "M": "male"}[strings.TrimSpace(rec[sexCol])]
		if sex == "" {
			return nil, &RowError{File: t.file, Line: line, Column: sexCol + 1, Name: "CD_SEX", Reason: "monitor.err.sex",
				Detail: fmt.Sprintf("CD_SEX %q must be F or M", survey.Clip(rec[sexCol]))}
		}
		// A municipality that merged in 2025 counts for today's: Statbel
		// leaves out rows of nobody, so the partners' rows are added up
		// here rather than by the tidy crosswalk, which would take a
		// missing row for a missing partner.
		code := pad(strings.TrimSpace(rec[refnis]))
		today := code
		if to, merged := cat.MergedInto(code); merged && period < "2025" {
			today = to
		}
		muni, ok := cat.Area(today)
		if !ok || muni.Province == "" {
			return nil, &RowError{File: t.file, Line: line, Column: refnis + 1, Name: "CD_REFNIS", Reason: "monitor.err.area",
				Detail: fmt.Sprintf("CD_REFNIS %q is not a municipality", survey.Clip(rec[refnis]))}
		}
		areas := slices.Compact([]string{today, muni.Province, regionOf[muni.Province], "01000"})
		for ri, r := range regs {
			bands := []string{"total"}
			if b := bandOf(r.AgeBands, age); b != "" {
				bands = append(bands, b)
			}
			sexes := []string{"total"}
			if r.Breaks("sex") {
				sexes = append(sexes, sex)
			}
			in := selects(t, rec, r.Source.Select)
			for _, a := range areas {
				if a == "" {
					continue
				}
				for _, s := range sexes {
					for _, b := range bands {
						k := key{a, s, b}
						if totals[ri][k] == nil {
							totals[ri][k] = &sums{}
							firstLine[k] = line
						}
						totals[ri][k].all += n
						if in {
							totals[ri][k].selected += n
						}
					}
				}
			}
		}
	}
	var out []tidyRecord
	published := yearOf(t.file)
	for ri, r := range regs {
		for _, a := range cat.Areas() {
			for _, s := range []string{"total", "female", "male"} {
				for _, b := range append([]string{"total"}, r.AgeBands...) {
					k := key{a.Code, s, b}
					sum, ok := totals[ri][k]
					if !ok {
						continue
					}
					fields := map[string]string{"indicator": r.ID, "period": period, "area": a.Code, "sex": s, "age_band": b,
						"source_url": r.Source.URL, "publication": r.Source.Publication, "table": r.Source.Table, "published": published}
					if len(r.Source.Select) == 0 {
						fields["numerator"] = strconv.FormatFloat(sum.all, 'f', -1, 64)
					} else {
						fields["numerator"] = strconv.FormatFloat(sum.selected, 'f', -1, 64)
						fields["denominator"] = strconv.FormatFloat(sum.all, 'f', -1, 64)
					}
					rec := newRecord(firstLine[k], fields, map[string]srcCol{"area": t.at(refnis), "numerator": t.at(popCol), "denominator": t.at(popCol)})
					rec.today = true
					out = append(out, rec)
				}
			}
		}
	}
	return out, nil
}

// bandOf is the band of bands age falls in, or "".
func bandOf(bands []string, age int) string {
	for _, b := range bands {
		lo, hi, _ := strings.Cut(b, "-")
		a, _ := strconv.Atoi(lo)
		z, _ := strconv.Atoi(hi)
		if age >= a && age <= z {
			return b
		}
	}
	return ""
}

// yearOf is the year a file's name carries, the table's reference year.
func yearOf(file string) string {
	if m := statbelYear.FindStringSubmatch(file); m != nil {
		return m[1]
	}
	return ""
}
