package indicator_test

import (
	"context"
	"math"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
)

// The test of a difference by hand: V = V_a + V_b - 2 rho sqrt(V_a V_b),
// t with the smaller group's sessions - 1 degrees of freedom (t(9) =
// 2.262157, t(4) = 2.776445).
func TestDifferenceIntervalByHand(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name           string
		a, va          float64
		ca             int
		b, vb          float64
		cb             int
		rho            float64
		lo, hi         float64
		significant    bool
		wantEstimateOf float64
	}{
		// 0.2 -/+ 2.262157 * sqrt(0.0041) = 0.2 -/+ 0.144849
		{"independent", 0.6, 0.0025, 10, 0.4, 0.0016, 12, 0, 0.055151, 0.344849, true, 0.2},
		// V = 0.0041 - 2*0.5*sqrt(0.0025*0.0016) = 0.0021; 0.2 -/+ 0.103665
		{"shared sessions, rho 0.5", 0.6, 0.0025, 10, 0.4, 0.0016, 12, 0.5, 0.096335, 0.303665, true, 0.2},
		// V = 0.0041 + 0.002 = 0.0061; 0.2 -/+ 0.176680
		{"rho -0.5", 0.6, 0.0025, 10, 0.4, 0.0016, 12, -0.5, 0.023320, 0.376680, true, 0.2},
		// 0.05 -/+ 2.776445 * sqrt(0.005) = 0.05 -/+ 0.196323
		{"within its interval", 0.55, 0.0025, 5, 0.5, 0.0025, 7, 0, -0.146323, 0.246323, false, 0.05},
		// b - a: the same interval mirrored
		{"negative", 0.4, 0.0016, 12, 0.6, 0.0025, 10, 0, -0.344849, -0.055151, true, -0.2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			est, lo, hi, sig := indicator.DifferenceInterval(tc.a, tc.va, tc.ca, tc.b, tc.vb, tc.cb, tc.rho)
			if math.Abs(est-tc.wantEstimateOf) > 1e-12 || math.Abs(lo-tc.lo) > 5e-6 || math.Abs(hi-tc.hi) > 5e-6 || sig != tc.significant {
				t.Fatalf("got %v [%.6f, %.6f] significant %v; want %v [%.6f, %.6f] %v", est, lo, hi, sig, tc.wantEstimateOf, tc.lo, tc.hi, tc.significant)
			}
		})
	}
}

// Two settings in different sessions: school (4 sessions: 4 of 5, 1 of 5,
// 3 of 4, 2 of 6 satisfied; p = 0.5, deff 1.65 as in
// TestClusteredShareByHand, V = 1.65/76 = 0.0217105) and youth work (3
// sessions: 5 of 5, 4 of 5, 5 of 5; p = 14/15, V_clustered = 3/2 *
// (1/9+4/9+1/9)/225 = 0.0044444 = V_simple, deff 1, V = 0.0044444). No
// shared session, so rho = 0 and V_diff = 0.0261550; 0.5 - 0.93333 =
// -0.43333 -/+ t(2) * 0.161725 = -/+ 4.302653 * 0.161725 = -/+ 0.695849:
// [-1.129182, 0.262516], within its interval although it is 43 points.
// The settings without children are hidden: their pairs are not tested.
func TestDifferenceOfSettingsByHand(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	groups := []struct {
		setting   string
		hits, all int
	}{{"school", 4, 5}, {"school", 1, 5}, {"school", 3, 4}, {"school", 2, 6}, {"youth_work", 5, 5}, {"youth_work", 4, 5}, {"youth_work", 5, 5}}
	for _, g := range groups {
		sess := f.session(t, "wellbeing", "10-13", g.setting, "gent")
		for i := 0; i < g.all; i++ {
			code := 3
			if i < g.hits {
				code = 9
			}
			f.submit(t, sess, "girl", map[string]int{"life_satisfaction": code})
		}
	}
	ix, err := indicator.Load(context.Background(), f.st, f.cat)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.ComputeExact(indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied", By: []indicator.Dim{indicator.DimSetting}, Policy: release.MustPolicy(5, 5)})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Rows); len(res.Differences) != n*(n-1)/2 {
		t.Fatalf("%d differences for %d settings", len(res.Differences), n)
	}
	tested := 0
	for _, d := range res.Differences {
		a, b := res.Rows[d.A].Key, res.Rows[d.B].Key
		if a == "school" && b == "youth_work" {
			tested++
			if d.Rho != 0 || math.Abs(d.Estimate+0.433333) > 5e-6 || math.Abs(d.Lower+1.129182) > 5e-5 || math.Abs(d.Upper-0.262516) > 5e-5 || d.Significant || d.Reason != "" {
				t.Fatalf("school - youth work: %+v; want -0.43333 [-1.129182, 0.262516], not significant", d)
			}
			continue
		}
		if d.Reason != indicator.NoTestSuppressed || !math.IsNaN(d.Estimate) || d.Significant {
			t.Fatalf("%s - %s: %+v, want untested (suppressed)", a, b, d)
		}
	}
	if tested != 1 {
		t.Fatal("school - youth work not compared")
	}
}

// Girls and boys of the same four sessions (2 of each per session):
// satisfied girls 2, 0, 2, 0 and boys 2, 0, 1, 1 (p = 0.5 each). Residuals
// y_c - 0.5 m_c: girls 1, -1, 1, -1; boys 1, -1, 0, 0. Their cross sum is
// 2, the squares 4 and 2: rho = 2/sqrt(8) = 0.71 (same 4 sessions, so the
// C/(C-1) factors cancel). Girls: V_clustered = 4/3 * 4/64, V_simple =
// (8*0.25/7)/8 = 1/28, deff 2.33, V = 2.33/28 = 0.0832143; boys: deff 1.17,
// V = 0.0417857. V_diff = 0.125 - 2*0.71*sqrt(0.0832143*0.0417857) =
// 0.0412661; 0 -/+ t(3) * 0.203141 = -/+ 0.646480.
func TestDifferenceOfSharedSessionsByHand(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, s := range [][2]int{{2, 2}, {0, 0}, {2, 1}, {0, 1}} {
		sess := f.session(t, "wellbeing", "10-13", "school", "gent")
		for g, hits := range s {
			for i := 0; i < 2; i++ {
				code := 3
				if i < hits {
					code = 9
				}
				f.submit(t, sess, []string{"girl", "boy"}[g], map[string]int{"life_satisfaction": code})
			}
		}
	}
	ix, err := indicator.Load(context.Background(), f.st, f.cat)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.ComputeExact(indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied", By: []indicator.Dim{indicator.DimGender}, Policy: release.MustPolicy(5, 5)})
	if err != nil {
		t.Fatal(err)
	}
	d := res.Differences[0]
	if res.Rows[d.A].Key != "girl" || res.Rows[d.B].Key != "boy" {
		t.Fatalf("first pair %s - %s", res.Rows[d.A].Key, res.Rows[d.B].Key)
	}
	if d.Rho != 0.71 || math.Abs(d.Estimate) > 1e-12 || math.Abs(d.Upper-0.646480) > 5e-5 || math.Abs(d.Lower+0.646480) > 5e-5 || d.Significant {
		t.Fatalf("girls - boys: %+v; want rho 0.71, 0 -/+ 0.646480", d)
	}
}
