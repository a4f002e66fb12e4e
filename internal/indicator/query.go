package indicator

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Dim is a breakdown.
type Dim string

// The breakdowns. Region is the municipality (or province, where a session
// named only that); province groups the regions.
const (
	DimAgeBand      Dim = "age_band"
	DimGender       Dim = "gender"
	DimSetting      Dim = "setting"
	DimProvince     Dim = "province"
	DimRegion       Dim = "region"
	DimPeriod       Dim = "period"
	DimOrganisation Dim = "organisation"
	DimVersion      Dim = "version"
	// DimAge is the age in whole years, for the children who gave it;
	// the others are in no level (and so in no margin) of this breakdown.
	DimAge Dim = "age"
)

// Dims lists every breakdown in the order pages offer them.
var Dims = []Dim{DimAgeBand, DimGender, DimSetting, DimProvince, DimRegion, DimPeriod, DimOrganisation, DimVersion, DimAge}

// Periods a breakdown by period can use.
var Periods = []string{"month", "quarter", "year"}

// Filter narrows the submissions an indicator is computed over. Empty
// fields do not filter.
type Filter struct {
	Versions      []int    `json:"version,omitempty"`
	From          string   `json:"from,omitempty"` // a month, "2026-01", included
	To            string   `json:"to,omitempty"`   // a month, included
	Regions       []string `json:"region,omitempty"`
	Settings      []string `json:"setting,omitempty"`
	Organisations []int64  `json:"organisation,omitempty"`
	Sessions      []int64  `json:"-"`
	AgeBands      []string `json:"age_band,omitempty"`
	// Age is a range of whole years, "10-12", or one age, "11"; only
	// children who gave their age are in it.
	Age     string   `json:"age,omitempty"`
	Genders []string `json:"gender,omitempty"`
}

// Query asks for one indicator, broken down by up to two dimensions.
type Query struct {
	Survey    string
	Indicator string
	By        []Dim
	Period    string // month, quarter (default) or year
	Filter    Filter
	// Policy is the disclosure rule: k, and the fewest children the
	// whole selection may hold (after perturbation), below which the
	// table is refused.
	Policy release.Policy
	// Weights is "" (every child counts once) or WeightsPopulation.
	Weights string
}

// BaseTooSmall reports whether err refused a table for resting on fewer
// children than the minimum base (release.CheckBase).
func BaseTooSmall(err error) bool { return release.BaseTooSmall(err) }

// Level is one value of a breakdown.
type Level struct {
	Key string // "10-13", "girl", "school", "2026-Q1", a region code, an organisation id
}

// Result is an indicator's values, suppressed and ready to publish.
type Result struct {
	Survey    *survey.Survey
	Indicator *survey.Indicator
	By        []Dim
	Rows      []Level // levels of By[0]; one level "all" without breakdown
	Cols      []Level // levels of By[1]; one level "all" unless two-way
	Grid      Grid
	Scale     [2]float64 // the range values lie in: [0 1] for shares
	K         int
	// Distribution of the answers to a single-item indicator over the
	// whole selection, "don't know" and skipped included (unweighted).
	Distribution []Bucket
	// Weighting says how values were weighted; nil when unweighted.
	Weighting *Weighting
	// Differences between levels of a one-way breakdown (difference.go).
	Differences []Difference
	// Overall tests that every level of a one-way breakdown has the same
	// value; Trend is the linear trend of a breakdown by period
	// (estimate_compare.go). Nil when not tested.
	Overall *Overall
	Trend   *Trend
}

// Bucket is one answer's share of all who were asked.
type Bucket struct {
	Code  int    // survey.CodeSkipped and CodeDontKnow included
	Label string // message id
	Cell
}

// Compute runs a query over the index. Unknown surveys, indicators,
// breakdowns or filter values are fault.Invalid with the field named.
func (ix *Index) Compute(q Query) (*Result, error) { return ix.compute(q, false) }

// compute runs a query; exact leaves the counts unperturbed, for Check
// only: such numbers never leave the server.
func (ix *Index) compute(q Query, exact bool) (*Result, error) {
	if !exact {
		q.Policy.Note(release.Table)
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	t := ix.tables[q.Survey]
	if t == nil {
		return nil, fault.Field("survey", "error.indicator_unknown", "no survey "+q.Survey)
	}
	ind, ok := t.s.Indicator(q.Indicator)
	if !ok {
		return nil, fault.Field("indicator", "error.indicator_unknown", "no indicator "+q.Indicator)
	}
	if len(q.By) > 2 {
		return nil, fault.Field("by", "error.breakdown_invalid", "at most two breakdowns")
	}
	if q.Period == "" {
		q.Period = "quarter"
	}
	if !slices.Contains(Periods, q.Period) {
		return nil, fault.Field("period", "error.breakdown_invalid", "period must be month, quarter or year")
	}
	if len(q.By) == 2 && q.By[0] == q.By[1] {
		return nil, fault.Field("by", "error.breakdown_invalid", "the same breakdown twice")
	}
	if err := ix.checkWeights(q.Weights); err != nil {
		return nil, err
	}
	f, err := ix.compileFilter(t, q.Filter)
	if err != nil {
		return nil, err
	}
	scorer, err := newScorer(t, ind)
	if err != nil {
		return nil, err
	}
	scorer.exact = exact
	c := &computation{ix: ix, t: t, q: q, f: f, score: scorer}
	return c.run(ind)
}

// computation is one pass over a table.
type computation struct {
	ix    *Index
	t     *table
	q     Query
	f     *compiledFilter
	score *scorer
	// pairs and rho: the one-way breakdown's pairs to compare and their
	// correlations through shared sessions (difference.go).
	pairs [][2]int
	rho   []float64
}

func (c *computation) run(ind *survey.Indicator) (*Result, error) {
	res := &Result{Survey: c.t.s, Indicator: ind, By: c.q.By, K: c.q.Policy.K(), Scale: c.score.scale}
	keys := make([]func(row int) int, 2)
	levels := make([][]Level, 2)
	for i := 0; i < 2; i++ {
		if i < len(c.q.By) {
			var err error
			keys[i], levels[i], err = c.dimension(c.q.By[i])
			if err != nil {
				return nil, err
			}
			continue
		}
		keys[i] = func(int) int { return 0 }
		levels[i] = []Level{{Key: "all"}}
	}
	res.Rows, res.Cols = levels[0], levels[1]
	ncat := len(c.score.values) + 2
	cols := len(res.Cols)
	tallies := make([]tally, len(res.Rows)*cols*ncat)
	dist := c.score.newDistribution()
	// rowCat is each kept row's cell and category, for the per-session
	// sums of the intervals; -1 for rows left out.
	rowCat := make([]int32, c.t.rows)
	for row := 0; row < c.t.rows; row++ {
		rowCat[row] = -1
		if !c.f.keep(c.t, row) {
			continue
		}
		status, cat := c.score.row(row)
		switch status {
		case rowNotShown:
			continue
		case rowDontKnow:
			cat = ncat - 2
		case rowSkipped:
			cat = ncat - 1
		}
		r, col := keys[0](row), keys[1](row)
		if r < 0 || col < 0 {
			continue
		}
		key := c.t.key.at(row)
		tallies[(r*cols+col)*ncat+cat].add(key)
		dist.add(row, key)
		rowCat[row] = int32((r*cols+col)*ncat + cat)
	}
	res.Grid = c.score.grid(tallies, len(res.Rows), cols)
	c.design(rowCat, &res.Grid, len(res.Rows), cols)
	if c.q.Weights != "" {
		info := c.weightsOf().info
		res.Weighting = &info
	}
	if !c.score.exact {
		if err := c.q.Policy.CheckBase(res.Grid.Total.N + res.Grid.Total.DontKnow + res.Grid.Total.Skipped); err != nil {
			return nil, err
		}
	}
	Suppress(&res.Grid, c.q.Policy)
	flagGrid(res)
	if c.pairs != nil {
		res.Differences = differences(&res.Grid, c.pairs, c.rho)
		res.Overall = overallTest(&res.Grid, res.Grid.Total.Clusters, c.pairs, c.rho)
		if len(res.By) == 1 && res.By[0] == DimPeriod {
			res.Trend = trendTest(&res.Grid, res.Grid.Total.Clusters, c.pairs, c.rho)
		}
	}
	res.Distribution = dist.buckets(res.Grid.Total)
	return res, nil
}

// dimension returns the level of each row for a breakdown, and the levels.
// Fixed domains (bands, genders, settings, provinces, versions) list every
// level, so a hidden cell cannot be told from an absent one.
func (c *computation) dimension(d Dim) (func(int) int, []Level, error) {
	t, ix := c.t, c.ix
	switch d {
	case DimAgeBand:
		return func(r int) int { return int(t.band.at(r)) }, levelsOf(t.bands.names), nil
	case DimGender:
		return func(r int) int { return int(t.gender.at(r)) }, levelsOf(genders), nil
	case DimSetting:
		return func(r int) int { return int(ix.dims[t.session.at(r)].setting) }, levelsOf(ix.settings.names), nil
	case DimProvince:
		return c.remap(func(r int) int { return int(ix.dims[t.session.at(r)].province) }, ix.provinceLevels())
	case DimRegion:
		return c.present(func(r int) int { return int(ix.dims[t.session.at(r)].region) }, ix.regions.names)
	case DimOrganisation:
		return c.present(func(r int) int { return int(ix.dims[t.session.at(r)].org) }, ix.orgs.names)
	case DimVersion:
		var names []string
		for v := 1; v <= c.t.s.Version; v++ {
			names = append(names, strconv.Itoa(v))
		}
		return func(r int) int { return int(t.version.at(r)) - 1 }, levelsOf(names), nil
	case DimPeriod:
		return c.periods()
	case DimAge:
		return c.ages()
	}
	return nil, nil, fault.Field("by", "error.breakdown_invalid", fmt.Sprintf("unknown breakdown %q", d))
}

// ages lists every age in years from the youngest to the oldest given in
// the selection, gaps included, as periods do.
func (c *computation) ages() (func(int) int, []Level, error) {
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
	return func(r int) int {
		if a := c.t.age.at(r); a != 0 {
			return int(a) - int(lo)
		}
		return -1
	}, levels, nil
}

func levelsOf(names []string) []Level {
	out := make([]Level, len(names))
	for i, n := range names {
		out[i] = Level{Key: n}
	}
	return out
}

// remap lists the given dictionary ids as levels, in that order.
func (c *computation) remap(key func(int) int, ids []int) (func(int) int, []Level, error) {
	pos := map[int]int{}
	var levels []Level
	for i, id := range ids {
		pos[id] = i
		levels = append(levels, Level{Key: c.ix.regions.names[id]})
	}
	return func(r int) int {
		if p, ok := pos[key(r)]; ok {
			return p
		}
		return -1
	}, levels, nil
}

// present lists only the levels that occur among the filtered rows: there
// are too many municipalities and organisations to list them all.
func (c *computation) present(key func(int) int, names []string) (func(int) int, []Level, error) {
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
	return func(r int) int { return pos[key(r)] }, levels, nil
}

// periods lists every month, quarter or year from the first to the last
// in the selection, gaps included, so a trend line has no holes to guess.
func (c *computation) periods() (func(int) int, []Level, error) {
	per := map[string]uint16{"month": 1, "quarter": 3, "year": 12}[c.q.Period]
	lo, hi := uint16(65535), uint16(0)
	for row := 0; row < c.t.rows; row++ {
		if c.f.keep(c.t, row) {
			lo, hi = min(lo, c.t.month.at(row)/per), max(hi, c.t.month.at(row)/per)
		}
	}
	if lo > hi {
		return func(int) int { return -1 }, nil, nil
	}
	var levels []Level
	for p := lo; p <= hi; p++ {
		levels = append(levels, Level{Key: periodName(p, c.q.Period)})
	}
	return func(r int) int { return int(c.t.month.at(r)/per - lo) }, levels, nil
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
