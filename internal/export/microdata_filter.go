package export

import (
	"slices"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// The filters microdata takes act only on what the file itself shows
// after recoding: the survey version, the age band, gender, the province,
// the setting and whole quarters. A filter on anything the file coarsens
// or leaves out (the age in years, the municipality, the month, the
// organisation, the session) would select rows by a value the file hides,
// and the selection would say it: three rows filtered on organisation 3
// and gender "other" are that organisation's three non-binary children.

// CheckMicrodata refuses what a microdata request may not ask, each with
// its own message: a filter on a value the file does not show, a month
// that is not a quarter's bound, a breakdown, a period or weights (which
// a file of rows has no use for).
func CheckMicrodata(req indicator.Request, cat *survey.Catalog) error {
	f := req.Filter
	switch {
	case len(f.Organisations) > 0:
		return fault.Field("organisation", "error.microdata_organisation", "microdata does not show the organisation, so it cannot be filtered on it")
	case f.Age != "":
		return fault.Field("age", "error.microdata_age", "microdata shows the age band, not the age: filter on age_band")
	case len(f.Sessions) > 0:
		return fault.Field("session", "error.microdata_session", "microdata cannot be filtered on a session")
	case len(req.By) > 0 || req.Period != "":
		return fault.Field("by", "error.microdata_by", "microdata has no breakdowns: one row per submission")
	case req.Weights != "":
		return fault.Field("weights", "error.microdata_weights", "microdata carries no weights")
	}
	for _, code := range f.Regions {
		if r, ok := cat.Region(code); !ok || r.Province != "" {
			return fault.Field("region", "error.microdata_region", "microdata shows the province, not the municipality: filter on a province")
		}
	}
	if f.From != "" && !monthIn(f.From, "01", "04", "07", "10") {
		return fault.Field("from", "error.microdata_quarter", "microdata shows quarters: from must be a quarter's first month")
	}
	if f.To != "" && !monthIn(f.To, "03", "06", "09", "12") {
		return fault.Field("to", "error.microdata_quarter", "microdata shows quarters: to must be a quarter's last month")
	}
	return nil
}

// monthIn reports whether a month written "2026-04" is one of months.
func monthIn(month string, months ...string) bool {
	return len(month) == 7 && month[4] == '-' && slices.Contains(months, month[5:])
}

// shownFilter is a checked filter on the values a row shows.
type shownFilter struct {
	versions                            []int
	bands, genders, settings, provinces []string
	from, to                            uint16 // quarter numbers (quarterNum); 0: open
}

func newShownFilter(f indicator.Filter) *shownFilter {
	sf := &shownFilter{versions: f.Versions, bands: f.AgeBands, genders: f.Genders, settings: f.Settings, provinces: f.Regions}
	if f.From != "" {
		sf.from = quarterNum(f.From)
	}
	if f.To != "" {
		sf.to = quarterNum(f.To)
	}
	return sf
}

// keeps reports whether a class, shown at level, matches the filter: a
// blanked value matches no filter on it.
func (f *shownFilter) keeps(s *sdc, k qiKey, level int) bool {
	is := func(field byte, want []string, id uint16) bool {
		return len(want) == 0 || slices.ContainsFunc(want, func(v string) bool { n, ok := s.ids[idKey{field, v}]; return ok && n == id })
	}
	switch {
	case len(f.versions) > 0 && !slices.Contains(f.versions, int(k.version)):
		return false
	case level >= 4 && (len(f.bands)+len(f.settings)+len(f.provinces) > 0 || f.from != 0 || f.to != 0):
		return false
	case level >= 2 && len(f.genders) > 0:
		return false
	case f.from != 0 && k.quarter < f.from, f.to != 0 && k.quarter > f.to:
		return false
	}
	return is('b', f.bands, k.band) && is('s', f.settings, k.setting) && is('p', f.provinces, k.province) && is('g', f.genders, k.gender)
}
