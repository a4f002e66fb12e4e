package indicator_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Four sessions answer a yes/no question: A 4 of 5 yes, B 1 of 5, C 3 of 4,
// D 2 of 6. By hand: n = 20, p = 10/20 = 0.5; the residuals y_c - p*m_c are
// 1.5, -1.5, 1, -1, their squares sum to 6.5, so
//
//	V_clustered = C/(C-1) * 6.5 / n^2 = 4/3 * 6.5 / 400 = 13/600 = 0.0216667
//	V_simple    = s^2/n = (20 * 0.25 / 19) / 20 = 1/76 = 0.0131579
//	deff        = (13/600) / (1/76) = 988/600 = 1.646667, published 1.65
//	a mean's 95% interval 0.5 -/+ t(3) * sqrt(13/600) = 0.5 -/+ 3.1824 * 0.147196
//	             = [0.03156, 0.96844] with the exact deff;
//	published with 1.65: 0.5 -/+ 3.1824 * sqrt(1.65/76) = [0.03109, 0.96891].
//
// (A share's interval is Korn and Graubard's, checked against R in
// TestShareIntervalsAgainstR, these sessions included.)
func TestClusteredShareByHand(t *testing.T) {
	t.Parallel()
	yes := func(hits, n int) []float64 {
		v := make([]float64, n)
		for i := 0; i < hits; i++ {
			v[i] = 1
		}
		return v
	}
	deff, cl, simple := indicator.DesignOf([][]float64{yes(4, 5), yes(1, 5), yes(3, 4), yes(2, 6)})
	if math.Abs(cl-13.0/600) > 1e-12 || math.Abs(simple-1.0/76) > 1e-12 || deff != 1.65 {
		t.Fatalf("clustered %v simple %v deff %v; want 13/600, 1/76, 1.65", cl, simple, deff)
	}
	_, lo, hi := indicator.ClusteredInterval(20, 10, 10, deff, 4)
	if math.Abs(lo-0.03109) > 5e-5 || math.Abs(hi-0.96891) > 5e-5 {
		t.Fatalf("interval [%.5f, %.5f], want [0.03109, 0.96891]", lo, hi)
	}
}

// Sessions that answer alike widen the interval, through the index: 10
// sessions of 20 children, where each session answers alike (5 all
// "satisfied", 5 all not). By hand: p = 0.5, every residual is +-10, so
// V_clustered = 10/9 * 10 * 100 / 200^2 = 1/36, V_simple =
// (200*0.25/199)/200 = 1/796, deff = 796/36 = 22.11 (= 1 + (m-1)*rho with
// m = 20 and rho = 1, times 199/200 and 10/9), n_effective = 200/22.11 =
// 9; the standard error sqrt(22.11/796) = 0.16666 where a simple random
// sample's is 0.035, and the Korn-Graubard interval on 9 df is R's
// [0.13571, 0.86429] (TestShareIntervalsAgainstR) where the simple one
// says 0.5 -/+ 0.07.
func TestClusteredShareOfAlikeSessions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for s := 0; s < 10; s++ {
		sess := f.session(t, "wellbeing", "10-13", "school", "gent")
		code := 2
		if s%2 == 0 {
			code = 9
		}
		for i := 0; i < 20; i++ {
			f.submit(t, sess, []string{"girl", "boy"}[i%2], map[string]int{"life_satisfaction": code})
		}
	}
	ix, err := indicator.Load(context.Background(), f.st, f.cat)
	if err != nil {
		t.Fatal(err)
	}
	q := indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied"}
	exact, err := ix.ComputeExact(q)
	if err != nil {
		t.Fatal(err)
	}
	c := exact.Grid.Total
	if c.N != 200 || c.Clusters != 10 || c.Deff != 22.11 || c.NEffective != 9 {
		t.Fatalf("total = %+v, want n 200, 10 sessions, deff 22.11, n_effective 9", c)
	}
	if math.Abs(c.Lower-0.13571) > 5e-5 || math.Abs(c.Upper-0.86429) > 5e-5 || math.Abs(c.SE-math.Sqrt(22.11/796)) > 1e-12 {
		t.Fatalf("interval [%v, %v] se %v, want [0.13571, 0.86429] and sqrt(22.11/796)", c.Lower, c.Upper, c.SE)
	}
	// Published: the same design effect on the perturbed counts.
	res, err := ix.Compute(q)
	if err != nil {
		t.Fatal(err)
	}
	p := res.Grid.Total
	n, hits := float64(p.N), float64(p.Counts[1])
	share := hits / n
	// The design on the perturbed counts, and the noise of the two counts.
	v := 22.11*share*(1-share)/(n-1) + (share*share+(1-share)*(1-share))/(n*n)
	lo, hi := indicator.KornGraubard(share, p.N, v, 9)
	if p.Deff != 22.11 || math.Abs(p.Lower-lo) > 1e-12 || math.Abs(p.Upper-hi) > 1e-12 || p.NEffective != math.Round(n/22.11) {
		t.Fatalf("published total = %+v, want deff 22.11 on the perturbed counts: [%v, %v]", p, lo, hi)
	}
	// Each gender has 10 children in every session: the same design.
	byGender, err := ix.ComputeExact(indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied", By: []indicator.Dim{indicator.DimGender}})
	if err != nil {
		t.Fatal(err)
	}
	if g := byGender.Grid.Cells[0][0]; g.N != 100 || g.Clusters != 10 || math.Abs(g.Deff-10.0/9*0.25*99/100/(0.25)*10) > 0.01 {
		t.Fatalf("girls = %+v, want deff 10/9 * 10 * 99/100 = 11", g)
	}
}

// With one child per session the clustered interval is the simple one:
// the t-interval of MeanInterval (Wald with the sample variance, n-1 in
// the denominator) on n-1 degrees of freedom for means, and for shares
// Korn-Graubard on n* = n-1 (R's svyciprop(method = "beta") on a simple
// random sample), because deff = 1 exactly. Checked for random answers, for a share, a
// mean and an index, in every cell and margin of a breakdown.
func TestClusteredEqualsSimpleWithOneChildPerSession(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rng := rand.New(rand.NewPCG(16, 1))
	for i := 0; i < 60; i++ {
		sess := f.session(t, "wellbeing", []string{"10-13", "14-17"}[rng.IntN(2)], "school", "gent")
		answers := map[string]int{"life_satisfaction": rng.IntN(11)}
		for _, item := range []string{"felt_happy", "felt_calm", "felt_worried", "felt_sad", "felt_lonely"} {
			answers[item] = 1 + rng.IntN(3)
		}
		f.submit(t, sess, []string{"girl", "boy"}[rng.IntN(2)], answers)
	}
	ix, err := indicator.Load(context.Background(), f.st, f.cat)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, ind := range []string{"life_satisfied", "life_satisfaction_mean", "wellbeing_index"} {
		res, err := ix.ComputeExact(indicator.Query{Survey: "wellbeing", Indicator: ind, By: []indicator.Dim{indicator.DimAgeBand, indicator.DimGender}, Policy: release.MustPolicy(5, 0)})
		if err != nil {
			t.Fatal(err)
		}
		cells := []*indicator.Cell{res.Grid.Total}
		for _, row := range res.Grid.Cells {
			cells = append(cells, row...)
		}
		cells = append(cells, res.Grid.RowTotals...)
		cells = append(cells, res.Grid.ColTotals...)
		for _, c := range cells {
			if c.Suppressed || c.N < 2 {
				continue
			}
			var sum, sumSq float64
			for cat, n := range c.Counts {
				v := categoryValue(res, cat)
				sum += float64(n) * v
				sumSq += float64(n) * v * v
			}
			_, lo, hi := indicator.MeanInterval(c.N, sum, sumSq)
			lo, hi = math.Max(lo, res.Scale[0]), math.Min(hi, res.Scale[1])
			if ind == "life_satisfied" { // R's beta interval of a simple random sample
				p := sum / float64(c.N)
				lo, hi = indicator.KornGraubard(p, c.N, p*(1-p)/float64(c.N-1), c.N-1)
			}
			if c.Clusters != c.N || math.Abs(c.Lower-lo) > 1e-9 || math.Abs(c.Upper-hi) > 1e-9 {
				t.Fatalf("%s: clustered [%v, %v] (deff %v, %d sessions), simple [%v, %v] (n %d)", ind, c.Lower, c.Upper, c.Deff, c.Clusters, lo, hi, c.N)
			}
			checked++
		}
	}
	if checked < 9 {
		t.Fatalf("only %d cells checked", checked)
	}
}

// categoryValue is the value of a Counts category: 0 and 1 for a share,
// the code from the scale's lowest for a mean, steps of 5 for an index.
func categoryValue(res *indicator.Result, cat int) float64 {
	switch res.Indicator.Kind {
	case survey.Mean:
		return res.Scale[0] + float64(cat)
	case survey.Index:
		return 5 * float64(cat)
	}
	return float64(cat)
}
