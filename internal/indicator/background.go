package indicator

import (
	"slices"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// The background breakdowns: what a child said in the background block
// (survey.TakeBackground). They are answered from the rows, never the
// cube, and every figure that uses one passes the gate's stronger rules
// (release.CheckBackground, CheckBackgroundBase).
const (
	DimLiving       Dim = "living"
	DimHomeLanguage Dim = "home_language"
	DimIllness      Dim = "illness"
	DimDeprivation  Dim = "deprivation"
)

// BackgroundDims are the background breakdowns, in the order pages offer
// them; each is also a filter of the same name.
var BackgroundDims = []Dim{DimLiving, DimHomeLanguage, DimIllness, DimDeprivation}

// backgroundField is where a background value lies in a row's packed
// background: its levels, and the bits that hold its position among them
// plus one (0: not asked, "I'd rather not say", or a group left open).
type backgroundField struct {
	levels      []string
	shift, bits uint
}

var backgroundFields = map[Dim]backgroundField{
	DimLiving:       {survey.BackgroundLiving.Options, 0, 3},
	DimHomeLanguage: {survey.BackgroundLanguage.Options, 3, 2},
	DimIllness:      {survey.BackgroundIllness.Options, 5, 2},
	DimDeprivation:  {survey.DeprivationGroups, 7, 2},
}

// packBackground keeps a child's four background values in one number,
// the row store's bg column.
func packBackground(b survey.Background) uint16 {
	if !b.Asked() {
		return 0
	}
	return packOne(DimLiving, b.Living) | packOne(DimHomeLanguage, b.Language) | packOne(DimIllness, b.Illness) | packOne(DimDeprivation, b.Deprivation)
}

func packOne(d Dim, v string) uint16 {
	f := backgroundFields[d]
	if i := slices.Index(f.levels, v); i >= 0 {
		return uint16(i+1) << f.shift
	}
	return 0
}

// at returns the level of packed background bg, -1 for none.
func (f backgroundField) at(bg uint16) int {
	return int(bg>>f.shift&(1<<f.bits-1)) - 1
}

// backgroundLevels is the dimension of a background breakdown: every
// level listed, as for the other fixed breakdowns; a child in none of
// them is in no level and no margin.
func (c *computation) backgroundLevels(d Dim) dimLevels {
	f := backgroundFields[d]
	return dimLevels{row: func(r int) int { return f.at(c.t.bg.at(r)) }, levels: levelsOf(f.levels)}
}

// backgroundFilter compiles the filters on background values: a mask of
// the bits they read and the value those bits must have.
func backgroundFilter(f Filter) (mask, want uint16, err error) {
	for d, vals := range f.backgroundValues() {
		if len(vals) == 0 {
			continue
		}
		bf := backgroundFields[d]
		i := slices.Index(bf.levels, vals[0])
		if i < 0 {
			return 0, 0, fault.Field(string(d), "error.filter_invalid", "no "+string(d)+" "+clipParam(vals[0]))
		}
		mask |= (1<<bf.bits - 1) << bf.shift
		want |= uint16(i+1) << bf.shift
	}
	return mask, want, nil
}

// backgroundValues are the filter's background filters by breakdown.
func (f Filter) backgroundValues() map[Dim][]string {
	return map[Dim][]string{DimLiving: f.Living, DimHomeLanguage: f.HomeLanguage, DimIllness: f.Illness, DimDeprivation: f.Deprivation}
}

// backgroundUse is what a query does with background variables and
// places, for the gate.
func backgroundUse(by []Dim, f Filter, municipality bool) release.Use {
	var u release.Use
	for _, d := range BackgroundDims {
		if slices.Contains(by, d) || len(f.backgroundValues()[d]) > 0 {
			u.Background = append(u.Background, string(d))
		}
	}
	switch {
	case slices.Contains(by, DimOrganisation) || len(f.Organisations) > 0:
		u.Place = "organisation"
	case slices.Contains(by, DimRegion) || municipality:
		u.Place = "region"
	case len(f.Sessions) > 0:
		u.Place = "session"
	}
	return u
}

// BackgroundParams are the query parameters of the background filters.
var BackgroundParams = []string{string(DimLiving), string(DimHomeLanguage), string(DimIllness), string(DimDeprivation)}

// NoBackground refuses a request that breaks down or filters by a
// background variable, for outputs that never carry them: the microdata
// (where a rare living situation beside age band, gender and province
// would single a child out) and the figures about sessions rather than
// children.
func (r Request) NoBackground() error {
	u := backgroundUse(r.By, r.Filter, false)
	if len(u.Background) == 0 {
		return nil
	}
	return fault.Field(u.Background[0], "error.background_not_here", "the background variables are not available here")
}
