package indicator

import (
	"slices"

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
var Dims = []Dim{DimAgeBand, DimGender, DimSetting, DimProvince, DimRegion, DimPeriod, DimOrganisation, DimVersion, DimAge,
	DimLiving, DimHomeLanguage, DimIllness, DimDeprivation}

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
	// The background filters (background.go): one value each, and at
	// most one of them, never with a municipality or an organisation.
	Living       []string `json:"living,omitempty"`
	HomeLanguage []string `json:"home_language,omitempty"`
	Illness      []string `json:"illness,omitempty"`
	Deprivation  []string `json:"deprivation,omitempty"`
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
func (ix *Index) Compute(q Query) (*Result, error) { return ix.compute(q, how{}) }

// how a query is answered: exact leaves the counts unperturbed (Check
// only: such numbers never leave the server); rows reads the rows even
// where the cube could answer (tests compare the two).
type how struct{ exact, rows bool }

// compute runs a query; exact leaves the counts unperturbed, for Check
// only: such numbers never leave the server.
func (ix *Index) compute(q Query, h how) (*Result, error) {
	exact := h.exact
	if !exact {
		q.Policy.Note(release.Table)
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	c, ind, err := ix.prepare(q)
	if err != nil {
		return nil, err
	}
	c.score.exact, c.rows = exact, h.rows
	return c.run(ind)
}

// prepare checks q as every figure needs it checked (the survey, the
// indicator, the breakdowns, the period, the weights, the gate's rules for
// background variables and the filter) and returns its computation;
// ix.mu is held for reading.
func (ix *Index) prepare(q Query) (*computation, *survey.Indicator, error) {
	t := ix.tables[q.Survey]
	if t == nil {
		return nil, nil, fault.Field("survey", "error.indicator_unknown", "no survey "+q.Survey)
	}
	ind, ok := t.s.Indicator(q.Indicator)
	if !ok {
		return nil, nil, fault.Field("indicator", "error.indicator_unknown", "no indicator "+q.Indicator)
	}
	if len(q.By) > 2 {
		return nil, nil, fault.Field("by", "error.breakdown_invalid", "at most two breakdowns")
	}
	if q.Period == "" {
		q.Period = "quarter"
	}
	if !slices.Contains(Periods, q.Period) {
		return nil, nil, fault.Field("period", "error.breakdown_invalid", "period must be month, quarter or year")
	}
	if len(q.By) == 2 && q.By[0] == q.By[1] {
		return nil, nil, fault.Field("by", "error.breakdown_invalid", "the same breakdown twice")
	}
	if err := ix.checkWeights(q.Weights); err != nil {
		return nil, nil, err
	}
	use, err := ix.checkBackground(q)
	if err != nil {
		return nil, nil, err
	}
	f, err := ix.compileFilter(t, q.Filter)
	if err != nil {
		return nil, nil, err
	}
	scorer, err := newScorer(t, ind)
	if err != nil {
		return nil, nil, err
	}
	return &computation{ix: ix, t: t, q: q, f: f, score: scorer, indPos: slices.Index(t.s.Indicators, ind), background: len(use.Background) > 0}, ind, nil
}

// checkBackground applies the gate's rules for background variables to
// q: every figure made from the answers (a table, a model) passes here.
func (ix *Index) checkBackground(q Query) (release.Use, error) {
	municipality := false
	for _, r := range q.Filter.Regions {
		if reg, ok := ix.cat.Region(r); ok && ix.cat.ProvinceOf(reg.Code) != reg.Code {
			municipality = true
		}
	}
	use := backgroundUse(q.By, q.Filter, municipality)
	return use, q.Policy.CheckBackground(use)
}

// computation is one pass over a table.
type computation struct {
	ix     *Index
	t      *table
	q      Query
	f      *compiledFilter
	score  *scorer
	indPos int  // the indicator's position in its survey
	rows   bool // read the rows, not the cube
	// pairs and rho: the one-way breakdown's pairs to compare and their
	// correlations through shared sessions (difference.go).
	pairs [][2]int
	rho   []float64
	// background: the query uses a background variable, so it must rest
	// on the gate's higher base.
	background bool
}

func (c *computation) run(ind *survey.Indicator) (*Result, error) {
	res := &Result{Survey: c.t.s, Indicator: ind, By: c.q.By, K: c.q.Policy.K(), Scale: c.score.scale}
	cubed := c.cubed()
	var dims [2]dimLevels
	for i := range dims {
		dims[i] = dimLevels{row: func(int) int { return 0 }, cell: func(cellKey) int { return 0 }, levels: []Level{{Key: "all"}}}
		if i < len(c.q.By) {
			var err error
			if dims[i], err = c.dimension(c.q.By[i], cubed); err != nil {
				return nil, err
			}
		}
	}
	res.Rows, res.Cols = dims[0].levels, dims[1].levels
	g := c.newGathered(len(res.Rows), len(res.Cols))
	defer g.release()
	if cubed {
		c.fromCube(g, dims)
	} else {
		c.fromRows(g, dims)
	}
	res.Grid = c.score.grid(g.tallies, len(res.Rows), len(res.Cols))
	c.design(g, &res.Grid, len(res.Rows), len(res.Cols))
	if c.q.Weights != "" {
		info := g.ws.info
		res.Weighting = &info
	}
	if !c.score.exact {
		n := res.Grid.Total.N + res.Grid.Total.DontKnow + res.Grid.Total.Skipped
		if err := c.q.Policy.CheckBase(n); err != nil {
			return nil, err
		}
		if c.background {
			if err := c.q.Policy.CheckBackgroundBase(n); err != nil {
				return nil, err
			}
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
	res.Distribution = g.dist.buckets(res.Grid.Total)
	return res, nil
}

// cubed reports whether the query can be answered from the cube and the
// blocks: its filters and breakdowns are all among their dimensions, and
// its numbers will be published (Check counts rows, to check them).
func (c *computation) cubed() bool {
	if c.rows || c.score.exact || !c.t.cube.ok || c.f.rowsOnly || !c.t.cube.inds[c.indPos].counted() {
		return false
	}
	for _, d := range c.q.By {
		if !cubeDims[d] {
			return false
		}
	}
	return true
}

// cubeDims are the breakdowns the cube holds.
var cubeDims = map[Dim]bool{DimAgeBand: true, DimGender: true, DimSetting: true, DimProvince: true, DimPeriod: true, DimVersion: true}
