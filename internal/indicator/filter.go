package indicator

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// compiledFilter answers "is this row in?" with slice lookups only.
type compiledFilter struct {
	versions, bands, genders, settings, regions, orgs []bool // nil: any
	sessions                                          map[int32]bool
	from, to                                          uint16
	ageLo, ageHi                                      uint8  // 0: any
	bgMask, bgWant                                    uint16 // background filters: the row's bg & bgMask must be bgWant
	dims                                              []sessionDims
	// rowsOnly: the filter reads something the cube does not hold (an
	// organisation, a session, an age in years, a municipality).
	rowsOnly bool
}

func allow(n int, ids ...int) []bool {
	ok := make([]bool, n)
	for _, id := range ids {
		if id >= 0 && id < n {
			ok[id] = true
		}
	}
	return ok
}

func parseMonth(field, s string) (uint16, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil || t.Year() < 2000 || t.Year() > 2200 {
		return 0, fault.Field(field, "error.filter_invalid", fmt.Sprintf("%s: want a month like 2026-03", field))
	}
	return uint16((t.Year()-2000)*12 + int(t.Month()) - 1), nil
}

func (ix *Index) compileFilter(t *table, f Filter) (*compiledFilter, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	c := &compiledFilter{to: 65535, dims: ix.dims}
	lo, hi, _ := f.AgeRange()
	c.ageLo, c.ageHi = uint8(lo), uint8(hi)
	var err error
	if f.From != "" {
		if c.from, err = parseMonth("from", f.From); err != nil {
			return nil, err
		}
	}
	if f.To != "" {
		if c.to, err = parseMonth("to", f.To); err != nil {
			return nil, err
		}
	}
	if len(f.Versions) > 0 {
		c.versions = make([]bool, 256)
		for _, v := range f.Versions {
			if v < 1 || v > t.s.Version {
				return nil, fault.Field("version", "error.filter_invalid", "no version "+strconv.Itoa(v))
			}
			c.versions[v] = true
		}
	}
	if c.bands, err = ids("age_band", f.AgeBands, t.bands.index, 256); err != nil {
		return nil, err
	}
	gidx := map[string]int{}
	for i, g := range genders {
		gidx[g] = i
	}
	if c.genders, err = ids("gender", f.Genders, gidx, len(genders)); err != nil {
		return nil, err
	}
	if c.settings, err = ids("setting", f.Settings, ix.settings.index, 256); err != nil {
		return nil, err
	}
	for _, r := range f.Regions {
		if _, ok := ix.cat.Region(r); !ok {
			return nil, fault.Field("region", "error.filter_invalid", "no region "+r)
		}
	}
	if len(f.Regions) > 0 {
		c.regions = make([]bool, len(ix.regions.names))
		for _, r := range f.Regions {
			reg, _ := ix.cat.Region(r) // by NIS code, also when asked by old slug
			if id, ok := ix.regions.index[reg.Code]; ok {
				c.regions[id] = true
			}
			// A province is its own province, so the rows of its
			// sessions are the rows of its cells; a municipality is not
			// in the cube.
			if ix.cat.ProvinceOf(reg.Code) != reg.Code {
				c.rowsOnly = true
			}
		}
	}
	if c.bgMask, c.bgWant, err = backgroundFilter(f); err != nil {
		return nil, err
	}
	c.rowsOnly = c.rowsOnly || c.bgMask != 0 || len(f.Organisations) > 0 || len(f.Sessions) > 0 || c.ageLo > 0
	if len(f.Organisations) > 0 {
		c.orgs = make([]bool, len(ix.orgs.names))
		for _, o := range f.Organisations {
			if id, ok := ix.orgs.index[strconv.FormatInt(o, 10)]; ok {
				c.orgs[id] = true
			}
		}
	}
	if len(f.Sessions) > 0 {
		c.sessions = map[int32]bool{}
		for _, s := range f.Sessions {
			if d, ok := ix.session(s); ok {
				c.sessions[d.idx] = true
			}
		}
	}
	return c, nil
}

// ids turns named values into a lookup; an unknown name is an error.
func ids(field string, names []string, index map[string]int, n int) ([]bool, error) {
	if len(names) == 0 {
		return nil, nil
	}
	var out []int
	for _, name := range names {
		id, ok := index[name]
		if !ok {
			return nil, fault.Field(field, "error.filter_invalid", fmt.Sprintf("no %s %q", field, name))
		}
		out = append(out, id)
	}
	return allow(max(n, slices.Max(out)+1), out...), nil
}

// keep reports whether row passes the filter. A region filter takes a
// municipality or a whole province.
func (c *compiledFilter) keep(t *table, row int) bool {
	m := t.month.at(row)
	switch {
	case m < c.from || m > c.to:
		return false
	case c.versions != nil && !c.versions[t.version.at(row)]:
		return false
	case c.bands != nil && !c.bands[t.band.at(row)]:
		return false
	case c.genders != nil && !c.genders[t.gender.at(row)]:
		return false
	case c.ageLo > 0 && !between(t.age.at(row), c.ageLo, c.ageHi):
		return false
	case c.bgMask != 0 && t.bg.at(row)&c.bgMask != c.bgWant:
		return false
	case c.settings == nil && c.regions == nil && c.orgs == nil && c.sessions == nil:
		return true
	}
	d := &c.dims[t.session.at(row)]
	switch {
	case c.settings != nil && !c.settings[d.setting]:
		return false
	case c.regions != nil && !(int(d.region) < len(c.regions) && c.regions[d.region]) && !(int(d.province) < len(c.regions) && c.regions[d.province]):
		return false
	case c.orgs != nil && !(int(d.org) < len(c.orgs) && c.orgs[d.org]):
		return false
	case c.sessions != nil && !c.sessions[t.session.at(row)]:
		return false
	}
	return true
}

// keepCell reports whether the rows of a cube cell pass the filter; only
// for a filter that is not rowsOnly.
func (c *compiledFilter) keepCell(k cellKey) bool {
	switch {
	case k.month < c.from || k.month > c.to:
		return false
	case c.versions != nil && !c.versions[k.version]:
		return false
	case c.bands != nil && !c.bands[k.band]:
		return false
	case c.genders != nil && !c.genders[k.gender]:
		return false
	case c.settings != nil && !c.settings[k.setting]:
		return false
	case c.regions != nil && !(int(k.province) < len(c.regions) && c.regions[k.province]):
		return false
	}
	return true
}

// IsZero reports whether the filter keeps every child.
func (f Filter) IsZero() bool {
	return len(f.Versions) == 0 && f.From == "" && f.To == "" && len(f.Regions) == 0 && len(f.Settings) == 0 &&
		len(f.Organisations) == 0 && len(f.Sessions) == 0 && len(f.AgeBands) == 0 && f.Age == "" && len(f.Genders) == 0 &&
		len(f.Living) == 0 && len(f.HomeLanguage) == 0 && len(f.Illness) == 0 && len(f.Deprivation) == 0
}

// Check enforces the query shapes that leave little to difference: each
// filter takes one value or none (all), never a list, and a period's
// bounds are months. Pages, the API and every export call it through
// FilterFromQuery or Compute.
func (f Filter) Check() error {
	lists := []struct {
		field string
		n     int
	}{{"version", len(f.Versions)}, {"region", len(f.Regions)}, {"setting", len(f.Settings)},
		{"organisation", len(f.Organisations)}, {"age_band", len(f.AgeBands)}, {"gender", len(f.Genders)},
		{"living", len(f.Living)}, {"home_language", len(f.HomeLanguage)}, {"illness", len(f.Illness)}, {"deprivation", len(f.Deprivation)}}
	for _, l := range lists {
		if l.n > 1 {
			return fault.Field(l.field, "error.filter_one_value", l.field+": one value or all, not a list")
		}
	}
	if _, _, err := f.AgeRange(); err != nil {
		return err
	}
	for _, m := range []struct{ field, v string }{{"from", f.From}, {"to", f.To}} {
		if m.v != "" {
			if _, err := parseMonth(m.field, m.v); err != nil {
				return err
			}
		}
	}
	return nil
}

// Ages children can give; a range outside them is an error.
const (
	MinAge = 4
	MaxAge = 25
)

// AgeRange returns the filter's age range in whole years, 0, 0 when there
// is none. "10-12" is 10 to 12 included; "11" is 11.
func (f Filter) AgeRange() (lo, hi int, err error) {
	if f.Age == "" {
		return 0, 0, nil
	}
	a, b, isRange := strings.Cut(f.Age, "-")
	lo, err1 := strconv.Atoi(strings.TrimSpace(a))
	hi, err2 := lo, error(nil)
	if isRange {
		hi, err2 = strconv.Atoi(strings.TrimSpace(b))
	}
	if err1 != nil || err2 != nil || lo < MinAge || hi > MaxAge || lo > hi {
		return 0, 0, fault.Field("age", "error.age_invalid", fmt.Sprintf("age: want whole years from %d to %d, like 10-12", MinAge, MaxAge))
	}
	return lo, hi, nil
}

// KeepsAge reports whether a child of the given age (0: not given) is in
// the filter's age range; without a range everyone is.
func (f Filter) KeepsAge(age int) bool {
	lo, hi, err := f.AgeRange()
	if err != nil || lo == 0 {
		return err == nil
	}
	return age >= lo && age <= hi
}

func between(v, lo, hi uint8) bool { return v != 0 && v >= lo && v <= hi }
