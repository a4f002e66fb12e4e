package indicator_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/store"
)

// The attack suite: what an analyst who can run any table the API allows
// learns about a small group. Each attack returns its estimate of a hidden
// group's size and of how many in it said they were bullied; the suite runs
// each attack under many record keys and counts how often the estimate is
// exactly right. On a table builder with threshold and complementary
// suppression only, every attack here was right every time.

// scenario: organisation "big" has 60 children in four sessions (two age
// bands, two months), 3 of them of gender "other", all 3 bullied; the
// organisation "small" has one session of 6 children in youth care, 5 of
// them bullied, in a third month.
type scenario struct {
	f          *fixture
	big, small int64
}

func newScenario(t *testing.T) *scenario {
	t.Helper()
	f := newFixture(t)
	sc := &scenario{f: f}
	ctx := context.Background()
	var err error
	if sc.big, err = f.st.CreateOrganisation(ctx, "big", "school"); err != nil {
		t.Fatal(err)
	}
	if sc.small, err = f.st.CreateOrganisation(ctx, "small", "care_provider"); err != nil {
		t.Fatal(err)
	}
	child := 0
	for m, month := range []time.Month{1, 2} {
		for _, band := range []string{"10-13", "14-17"} {
			f.clock.Set(time.Date(2026, month, 10, 10, 0, 0, 0, time.UTC))
			sess := sc.session(t, sc.big, band, "school", "gent")
			for i := 0; i < 15; i++ {
				gender := []string{"girl", "boy"}[child%2]
				code := 1 + child%3 // bullied 1, 2 or 3: a third in the top
				if child%20 == 7 && m+len(band) > 0 {
					gender, code = "other", 5
				}
				child++
				f.submit(t, sess, gender, map[string]int{"bullied": code, "life_satisfaction": child % 11})
			}
		}
	}
	f.clock.Set(time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC))
	sess := sc.session(t, sc.small, "14-17", "youth_care", "antwerpen")
	for i := 0; i < 6; i++ {
		code := 4
		if i == 0 {
			code = 1
		}
		f.submit(t, sess, []string{"girl", "boy"}[i%2], map[string]int{"bullied": code, "life_satisfaction": 3})
	}
	return sc
}

func (sc *scenario) session(t *testing.T, org int64, band, setting, region string) *store.Session {
	t.Helper()
	s, _ := sc.f.cat.Survey("wellbeing")
	sess := &store.Session{OrganisationID: org, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash, AgeBand: band, Lang: "nl",
		Setting: setting, Region: region, ClosesAt: sc.f.clock.Now().Add(time.Hour), ResultsUntil: sc.f.clock.Now().Add(time.Hour)}
	if err := sc.f.st.CreateSession(context.Background(), sess); err != nil {
		t.Fatal(err)
	}
	return sess
}

// estimate is an attacker's guess of a hidden group: size and bullied.
type estimate struct{ n, hits float64 }

func (e estimate) exact(n, hits int) bool {
	return math.Round(e.n) == float64(n) && math.Round(e.hits) == float64(hits)
}

// ask runs a bullying table; a refused query tells the attacker nothing.
func ask(ix *indicator.Index, f indicator.Filter, by ...indicator.Dim) *indicator.Result {
	res, err := ix.Compute(indicator.Query{Survey: "wellbeing", Indicator: "bullying", By: by, Filter: f, Period: "month"})
	if err != nil {
		return nil
	}
	return res
}

// count reads a shown cell as (n, bullied); a hidden one is unknown.
func count(c *indicator.Cell) (n, hits float64, ok bool) {
	if c == nil || c.Suppressed {
		return 0, 0, false
	}
	return float64(c.N), float64(c.N) * c.Value, true
}

// minus is a table's total less its shown rows: what its hidden rows hold.
func minus(res *indicator.Result) (estimate, bool) {
	if res == nil {
		return estimate{}, false
	}
	n, hits, ok := count(res.Grid.Total)
	if !ok {
		return estimate{}, false
	}
	for r := range res.Rows {
		row := res.Grid.Cells[r][0]
		if res.Grid.RowTotals != nil {
			row = res.Grid.RowTotals[r]
		}
		if rn, rh, ok := count(row); ok {
			n, hits = n-rn, hits-rh
		}
	}
	return estimate{n, hits}, true
}

// minusByCells is minus for a two-way table, read as cleverly as the
// cells allow: a row's size is the sum of its cells where all show (a
// set of children other than the row total's, so with noise of its own),
// else its total; the total likewise from the column totals.
func minusByCells(res *indicator.Result) (estimate, bool) {
	if res == nil || res.Grid.RowTotals == nil {
		return minus(res)
	}
	sumOf := func(cells []*indicator.Cell, fallback *indicator.Cell) (float64, float64, bool) {
		var n, h float64
		for _, c := range cells {
			cn, ch, ok := count(c)
			if !ok {
				return count(fallback)
			}
			n, h = n+cn, h+ch
		}
		return n, h, true
	}
	n, hits, ok := sumOf(res.Grid.ColTotals, res.Grid.Total)
	if !ok {
		return estimate{}, false
	}
	for r := range res.Rows {
		if rn, rh, ok := sumOf(res.Grid.Cells[r], res.Grid.RowTotals[r]); ok {
			n, hits = n-rn, hits-rh
		}
	}
	return estimate{n, hits}, true
}

// difference is one table's total less another's.
func difference(a, b *indicator.Result) (estimate, bool) {
	if a == nil || b == nil {
		return estimate{}, false
	}
	an, ah, ok1 := count(a.Grid.Total)
	bn, bh, ok2 := count(b.Grid.Total)
	return estimate{an - bn, ah - bh}, ok1 && ok2
}

type attack struct {
	name       string
	n, hits    int // the truth about the hidden group
	run        func(ix *indicator.Index, sc *scenario) (estimate, bool)
	maxSuccess float64 // the share of record keys under which it may still be exactly right
}

func attacks() []attack {
	org := func(id int64) indicator.Filter { return indicator.Filter{Organisations: []int64{id}} }
	pair := func(name string, all, part indicator.Filter) attack {
		return attack{name: "difference of filters " + name, n: 6, hits: 5, maxSuccess: 0.5,
			run: func(ix *indicator.Index, sc *scenario) (estimate, bool) {
				return difference(ask(ix, all), ask(ix, part))
			}}
	}
	out := []attack{
		{name: "one query: total minus the shown genders", n: 3, hits: 3, maxSuccess: 0.5,
			run: func(ix *indicator.Index, sc *scenario) (estimate, bool) {
				return minus(ask(ix, org(sc.big), indicator.DimGender))
			}},
		{name: "two queries: organisation against a list of the other genders", n: 3, hits: 3, maxSuccess: 0.5,
			run: func(ix *indicator.Index, sc *scenario) (estimate, bool) {
				return difference(ask(ix, org(sc.big)), ask(ix, indicator.Filter{Organisations: []int64{sc.big}, Genders: []string{"girl", "boy", "skip"}}))
			}},
		{name: "breakdown against filter: the total less the one other organisation", n: 6, hits: 5, maxSuccess: 0.5,
			run: func(ix *indicator.Index, sc *scenario) (estimate, bool) {
				return difference(ask(ix, indicator.Filter{}), ask(ix, org(sc.big)))
			}},
		{name: "breakdown against filter: a list of both organisations less the big one", n: 6, hits: 5, maxSuccess: 0.5,
			run: func(ix *indicator.Index, sc *scenario) (estimate, bool) {
				return difference(ask(ix, indicator.Filter{Organisations: []int64{sc.big, sc.small}}), ask(ix, org(sc.big)))
			}},
		averaging(),
	}
	// Differencing pairs over every filter: the whole selection against a
	// filter that keeps all but the small group.
	out = append(out,
		pair("setting", indicator.Filter{}, indicator.Filter{Settings: []string{"school"}}),
		pair("region", indicator.Filter{}, indicator.Filter{Regions: []string{"gent"}}),
		pair("age band", indicator.Filter{AgeBands: []string{"14-17"}}, indicator.Filter{AgeBands: []string{"14-17"}, Organisations: nil, Settings: []string{"school"}}),
		pair("period", indicator.Filter{}, indicator.Filter{To: "2026-02"}),
		pair("version", indicator.Filter{Versions: []int{2}}, indicator.Filter{Versions: []int{2}, To: "2026-02"}),
	)
	// Breakdowns against the total: every dimension the small group stands
	// out on.
	for _, d := range []indicator.Dim{indicator.DimSetting, indicator.DimRegion, indicator.DimOrganisation, indicator.DimPeriod, indicator.DimProvince} {
		out = append(out, attack{name: "one query: total minus the shown " + string(d), n: 6, hits: 5, maxSuccess: 0.5,
			run: func(ix *indicator.Index, sc *scenario) (estimate, bool) {
				return minus(ask(ix, indicator.Filter{}, d))
			}})
	}
	return out
}

// averaging is the attacker who asks every table the rules allow that
// holds the 3 children of gender "other" as total less shown rows, and
// averages the answers: by gender alone, crossed with each other
// breakdown, and over each period.
func averaging() attack {
	return attack{name: "averaging many equivalent queries", n: 3, hits: 3, maxSuccess: 0.5,
		run: func(ix *indicator.Index, sc *scenario) (estimate, bool) {
			var sum estimate
			tries := 0
			add := func(res *indicator.Result) {
				if e, ok := minusByCells(res); ok {
					sum.n, sum.hits = sum.n+e.n, sum.hits+e.hits
					tries++
				}
			}
			f := indicator.Filter{Organisations: []int64{sc.big}}
			add(ask(ix, f, indicator.DimGender))
			for _, d := range indicator.Dims {
				if d != indicator.DimGender {
					add(ask(ix, f, indicator.DimGender, d))
				}
			}
			for _, from := range []string{"2025-12", "2026-01"} {
				for _, to := range []string{"2026-02", "2026-03"} {
					add(ask(ix, indicator.Filter{Organisations: []int64{sc.big}, From: from, To: to}, indicator.DimGender))
				}
			}
			for _, band := range []string{"", "10-13", "14-17"} {
				g := indicator.Filter{Organisations: []int64{sc.big}}
				if band != "" {
					g.AgeBands = []string{band}
				}
				add(ask(ix, g, indicator.DimGender, indicator.DimPeriod))
			}
			if tries == 0 {
				return estimate{}, false
			}
			return estimate{sum.n / float64(tries), sum.hits / float64(tries)}, true
		}}
}

// TestAttacks runs every attack under attackKeys record keys and reports
// how often each recovered the hidden group exactly.
func TestAttacks(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	keys := attackKeys(t, sc.f)
	for _, a := range attacks() {
		right, rightN, answered := 0, 0, 0
		for _, ix := range keys {
			e, ok := a.run(ix, sc)
			if !ok {
				continue
			}
			answered++
			if e.exact(a.n, a.hits) {
				right++
			}
			if math.Round(e.n) == float64(a.n) {
				rightN++
			}
		}
		rate := float64(max(right, rightN)) / float64(len(keys))
		t.Logf("ATTACK %-72s answered %3d/%d; size right %3d, size and answers right %3d", a.name, answered, len(keys), rightN, right)
		if rate >= a.maxSuccess {
			t.Errorf("%s: recovered %d children exactly under %d of %d record keys", a.name, a.n, right, len(keys))
		}
	}
}
