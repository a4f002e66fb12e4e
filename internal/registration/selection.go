package registration

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Selection picks which of a registration indicator's figures are
// published: one sex and one age band ("total" for all, "" for every one,
// as the exports give them), in the areas of Regions, for periods that
// overlap From-To (months, "" for open ends).
type Selection struct {
	Sex, AgeBand string
	Regions      []string
	From, To     string
}

// Totals selects every figure for all sexes and ages.
func Totals(regions []string) Selection {
	return Selection{Sex: "total", AgeBand: "total", Regions: regions}
}

// SelectionFor maps the analysts' filters onto a registration indicator:
// a region stays a region, a month range keeps the periods it overlaps,
// gender girl or boy becomes sex female or male where the source breaks
// its figures down by sex, and age_band a band the source publishes. A
// filter the source's figures cannot follow (setting, organisation,
// version, age in years, a gender or band the source does not have) gives
// ok false, and the indicator is left out of the answer rather than listed
// unfiltered.
func SelectionFor(reg *survey.Registration, f indicator.Filter) (Selection, bool) {
	sel := Selection{Sex: "total", AgeBand: "total", Regions: f.Regions, From: f.From, To: f.To}
	if len(f.Settings) > 0 || len(f.Organisations) > 0 || len(f.Versions) > 0 || len(f.Sessions) > 0 || f.Age != "" {
		return sel, false
	}
	if len(f.Genders) > 0 {
		sex := map[string]string{"girl": "female", "boy": "male"}[f.Genders[0]]
		if sex == "" || len(f.Genders) > 1 || !reg.Breaks("sex") {
			return sel, false
		}
		sel.Sex = sex
	}
	if len(f.AgeBands) > 0 {
		if len(f.AgeBands) > 1 || !slices.Contains(reg.AgeBands, f.AgeBands[0]) {
			return sel, false
		}
		sel.AgeBand = f.AgeBands[0]
	}
	return sel, true
}

// inPeriod reports whether a figure's period overlaps the months from-to.
func (s Selection) inPeriod(period string) bool {
	if s.From == "" && s.To == "" {
		return true
	}
	start, end := periodMonths(period)
	return (s.To == "" || start <= s.To) && (s.From == "" || end >= s.From)
}

// periodMonths is the first and last month of a period: 2024, 2024-03,
// 2024-Q1 or a school year 2023-2024 (September to August).
func periodMonths(p string) (string, string) {
	switch {
	case len(p) == 4:
		return p + "-01", p + "-12"
	case len(p) == 7 && p[5] == 'Q':
		q, _ := strconv.Atoi(p[6:])
		return fmt.Sprintf("%s-%02d", p[:4], 3*q-2), fmt.Sprintf("%s-%02d", p[:4], 3*q)
	case len(p) == 9:
		return p[:4] + "-09", p[5:] + "-08"
	}
	return p, p
}
