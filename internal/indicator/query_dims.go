package indicator

import (
	"fmt"
	"strconv"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// dimLevels places rows and cells in the levels of a breakdown: -1 for
// one in none of them.
type dimLevels struct {
	row    func(row int) int
	cell   func(k cellKey) int // nil for a breakdown the cube does not hold
	levels []Level
}

// dimension returns the levels of a breakdown, and where each row (and
// each cell of the cube, when cubed) lies. Fixed domains (bands, genders,
// settings, provinces, versions) list every level, so a hidden cell cannot
// be told from an absent one.
func (c *computation) dimension(d Dim, cubed bool) (dimLevels, error) {
	t, ix := c.t, c.ix
	switch d {
	case DimAgeBand:
		return dimLevels{func(r int) int { return int(t.band.at(r)) }, func(k cellKey) int { return int(k.band) }, levelsOf(t.bands.names)}, nil
	case DimGender:
		return dimLevels{func(r int) int { return int(t.gender.at(r)) }, func(k cellKey) int { return int(k.gender) }, levelsOf(genders)}, nil
	case DimSetting:
		return dimLevels{func(r int) int { return int(ix.dims[t.session.at(r)].setting) }, func(k cellKey) int { return int(k.setting) }, levelsOf(ix.settings.names)}, nil
	case DimProvince:
		return c.remap(ix.provinceLevels()), nil
	case DimRegion:
		return c.present(func(r int) int { return int(ix.dims[t.session.at(r)].region) }, ix.regions.names), nil
	case DimOrganisation:
		return c.present(func(r int) int { return int(ix.dims[t.session.at(r)].org) }, ix.orgs.names), nil
	case DimVersion:
		var names []string
		for v := 1; v <= c.t.s.Version; v++ {
			names = append(names, strconv.Itoa(v))
		}
		return dimLevels{func(r int) int { return int(t.version.at(r)) - 1 }, func(k cellKey) int { return int(k.version) - 1 }, levelsOf(names)}, nil
	case DimPeriod:
		return c.periods(cubed), nil
	case DimAge:
		return c.ages(), nil
	case DimLiving, DimHomeLanguage, DimIllness, DimDeprivation:
		return c.backgroundLevels(d), nil
	}
	return dimLevels{}, fault.Field("by", "error.breakdown_invalid", fmt.Sprintf("unknown breakdown %q", d))
}

// ages lists every age in years from the youngest to the oldest given in
// the selection, gaps included, as periods do.
func (c *computation) ages() dimLevels {
	lo, hi := uint8(255), uint8(0)
	for row := 0; row < c.t.rows; row++ {
		if a := c.t.age.at(row); a != 0 && c.f.keep(c.t, row) {
			lo, hi = min(lo, a), max(hi, a)
		}
	}
	var levels []Level
	for a := int(lo); a <= int(hi); a++ {
		levels = append(levels, Level{Key: strconv.Itoa(a)})
	}
	return dimLevels{row: func(r int) int {
		if a := c.t.age.at(r); a != 0 {
			return int(a) - int(lo)
		}
		return -1
	}, levels: levels}
}

func levelsOf(names []string) []Level {
	out := make([]Level, len(names))
	for i, n := range names {
		out[i] = Level{Key: n}
	}
	return out
}

// remap lists the given dictionary ids of provinces as levels, in that
// order.
func (c *computation) remap(ids []int) dimLevels {
	pos := make([]int, len(c.ix.regions.names))
	for i := range pos {
		pos[i] = -1
	}
	var levels []Level
	for i, id := range ids {
		pos[id] = i
		levels = append(levels, Level{Key: c.ix.regions.names[id]})
	}
	at := func(id uint8) int {
		if int(id) < len(pos) {
			return pos[id]
		}
		return -1
	}
	return dimLevels{func(r int) int { return at(c.ix.dims[c.t.session.at(r)].province) }, func(k cellKey) int { return at(k.province) }, levels}
}

// present lists only the levels that occur among the filtered rows: there
// are too many municipalities and organisations to list them all.
func (c *computation) present(key func(int) int, names []string) dimLevels {
	seen := make([]bool, len(names))
	for row := 0; row < c.t.rows; row++ {
		if c.f.keep(c.t, row) {
			seen[key(row)] = true
		}
	}
	pos := make([]int, len(names))
	var levels []Level
	for id, ok := range seen {
		pos[id] = -1
		if ok {
			pos[id] = len(levels)
			levels = append(levels, Level{Key: names[id]})
		}
	}
	return dimLevels{row: func(r int) int { return pos[key(r)] }, levels: levels}
}

// periods lists every month, quarter or year from the first to the last
// in the selection, gaps included, so a trend line has no holes to guess.
func (c *computation) periods(cubed bool) dimLevels {
	per := map[string]uint16{"month": 1, "quarter": 3, "year": 12}[c.q.Period]
	lo, hi := uint16(65535), uint16(0)
	if cubed {
		// Every cell holds at least one row, so the months of the kept
		// cells are the months of the kept rows.
		for _, k := range c.t.cube.keys {
			if c.f.keepCell(k) {
				lo, hi = min(lo, k.month/per), max(hi, k.month/per)
			}
		}
	} else {
		for row := 0; row < c.t.rows; row++ {
			if c.f.keep(c.t, row) {
				lo, hi = min(lo, c.t.month.at(row)/per), max(hi, c.t.month.at(row)/per)
			}
		}
	}
	none := func(int) int { return -1 }
	if lo > hi {
		return dimLevels{row: none, cell: func(cellKey) int { return -1 }}
	}
	var levels []Level
	for p := lo; p <= hi; p++ {
		levels = append(levels, Level{Key: periodName(p, c.q.Period)})
	}
	return dimLevels{func(r int) int { return int(c.t.month.at(r)/per - lo) }, func(k cellKey) int { return int(k.month/per - lo) }, levels}
}

func periodName(p uint16, period string) string {
	switch period {
	case "month":
		return monthName(p)
	case "quarter":
		return fmt.Sprintf("%04d-Q%d", 2000+int(p)/4, int(p)%4+1)
	}
	return strconv.Itoa(2000 + int(p))
}

// provinceLevels returns the dictionary ids of the provinces, in catalog
// order, then any other value sessions used.
func (ix *Index) provinceLevels() []int {
	var ids []int
	for _, p := range ix.cat.Provinces() {
		if id, ok := ix.regions.index[p.Code]; ok {
			ids = append(ids, id)
		}
	}
	if id, ok := ix.regions.index["unknown"]; ok {
		ids = append(ids, id)
	}
	return ids
}
