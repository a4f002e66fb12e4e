package registration

import (
	"math"
	"slices"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Figure is a registration figure as it may leave the server: Hidden when
// it counts fewer than k children, and then shown without any number.
type Figure struct {
	store.RegistrationValue
	AreaName string
	Hidden   bool
}

// Published keeps an indicator's totals (sex and age band "total") in the
// areas asked for (a province stands for its municipalities too; none asks
// for all), hides counts of fewer than k children with the survey cells'
// rule, and orders them by area (highest level first) and period. Every
// page, API answer and export of registration figures goes through here.
func Published(cat *survey.Catalog, reg *survey.Registration, vals []store.RegistrationValue, regions []string, lang string, p release.Policy) []Figure {
	return PublishedSel(cat, reg, vals, Totals(regions), lang, p)
}

// PublishedSel is Published for one selection: a sex, an age band, the
// areas and a range of months.
func PublishedSel(cat *survey.Catalog, reg *survey.Registration, vals []store.RegistrationValue, sel Selection, lang string, p release.Policy) []Figure {
	p.Note(release.Registration)
	regions := sel.Regions
	order := map[string]int{}
	names := map[string]string{}
	for i, r := range cat.Areas() {
		order[r.Code], names[r.Code] = i, r.NameIn(lang)
	}
	var want map[string]bool
	if len(regions) > 0 {
		want = map[string]bool{}
		for _, code := range regions {
			r, ok := cat.Area(code)
			if !ok {
				r, _ = cat.Region(code) // an old slug
			}
			want[r.Code] = true
		}
	}
	var out []Figure
	var counts []int
	for _, v := range vals {
		if v.Indicator != reg.ID || (sel.Sex != "" && v.Sex != sel.Sex) || (sel.AgeBand != "" && v.AgeBand != sel.AgeBand) || !sel.inPeriod(v.Period) {
			continue
		}
		if want != nil && !want[v.Area] && !want[cat.ProvinceOf(v.Area)] {
			continue
		}
		out = append(out, Figure{RegistrationValue: v, AreaName: names[v.Area]})
		counts = append(counts, childCount(reg, v))
	}
	if reg.CountsChildren {
		for i, hide := range indicator.HideCounts(counts, p) {
			out[i].Hidden = hide
		}
	}
	slices.SortStableFunc(out, func(x, y Figure) int {
		if d := order[x.Area] - order[y.Area]; d != 0 {
			return d
		}
		if x.Period < y.Period {
			return -1
		}
		if x.Period > y.Period {
			return 1
		}
		return 0
	})
	return out
}

// childCount is how many children a figure rests on: its numerator, or a
// count's value; a rate published without counts rests on a base the
// publisher knows and released, so it is not hidden here.
func childCount(reg *survey.Registration, v store.RegistrationValue) int {
	switch {
	case v.Numerator != nil:
		return int(*v.Numerator)
	case reg.Unit == survey.UnitCount:
		return int(v.Value)
	}
	return math.MaxInt32
}
