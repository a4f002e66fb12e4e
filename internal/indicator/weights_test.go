package indicator_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
)

// population is a table of girls and boys of one age in one area.
func population(area string, age, girls, boys int) []store.PopulationCount {
	return []store.PopulationCount{{Area: area, Sex: "female", Age: age, Count: girls}, {Area: area, Sex: "male", Age: age, Count: boys}}
}

// Post-stratification by hand. Oost-Vlaanderen (40000) has 600 girls and
// 400 boys of 10-13 (N = 1,000). Five sessions in Gent, each of 4 girls, 4
// boys, one "other" and one who did not say: n = 50, 20 girls, 20 boys, 10
// of sex class "other". Satisfied (8-10): girls 4, 4, 2, 0, 0 by session
// (10 of 20), boys 1 in each (5 of 20), "other" 2, 2, 2, 0, 0 (6 of 10).
//
//	weights: other  N/n = 1000/50 = 20
//	         girls  600 * (40/50) / 20 = 24;  boys 400 * (40/50) / 20 = 16
//	         (20*24 + 20*16 + 10*20 = 1000)
//	value:   (24*10 + 16*5 + 20*6) / 1000 = 440/1000 = 0.44 (unweighted 21/50 = 0.42)
//	sessions: W_c = 4*24 + 4*16 + 2*20 = 200 each; Y_c = 24 g_c + 16 + 20 o_c =
//	         152, 152, 104, 16, 16; residuals Y_c - 0.44*200 = 64, 64, 16, -72, -72,
//	         squares 18,816; V = 5/4 * 18816 / 1000^2 = 0.02352
//	SRS:     s_w^2 = 0.44*0.56 * 50/49 = 0.2514286; V_srs = s_w^2/50 = 0.00502857
//	deff     = 0.02352 / 0.00502857 = 4.6773, published 4.68; n_effective 50/4.68 = 11
//	interval Korn-Graubard on V = 4.68 * 0.00502857 with 4 df (estimate.go);
//	         R's svyciprop(~y, svydesign(ids = ~s, weights = ~w), method = "beta")
//	         on these rows gives [0.07787058, 0.86133067] with deff 4.67727
func TestPostStratificationByHand(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	girls := []int{4, 4, 2, 0, 0}
	others := []int{2, 2, 2, 0, 0}
	for s := 0; s < 5; s++ {
		sess := f.session(t, "wellbeing", "10-13", "school", "gent")
		yes := func(hit bool) map[string]int {
			if hit {
				return map[string]int{"life_satisfaction": 9}
			}
			return map[string]int{"life_satisfaction": 3}
		}
		for i := 0; i < 4; i++ {
			f.submit(t, sess, "girl", yes(i < girls[s]))
			f.submit(t, sess, "boy", yes(i < 1))
		}
		f.submit(t, sess, "other", yes(others[s] > 0))
		f.submit(t, sess, "skip", yes(others[s] > 1))
	}
	pop := indicator.NewPopulation(f.cat, population("40000", 10, 600, 400))
	ix, err := indicator.Load(context.Background(), f.st, f.cat, indicator.WithPopulation(pop))
	if err != nil {
		t.Fatal(err)
	}
	q := indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied", Weights: indicator.WeightsPopulation, Policy: release.MustPolicy(5, 5)}
	res, err := ix.ComputeExact(q)
	if err != nil {
		t.Fatal(err)
	}
	c := res.Grid.Total
	if c.N != 50 || math.Abs(c.Value-0.44) > 1e-12 || c.Deff != 4.68 || c.NEffective != 11 || c.Clusters != 5 {
		t.Fatalf("total %+v; want n 50, value 0.44, deff 4.68, n_effective 11, 5 sessions", c)
	}
	if math.Abs(c.Lower-0.07787058) > 2e-4 || math.Abs(c.Upper-0.86133067) > 2e-4 {
		t.Fatalf("interval [%.5f, %.5f], want R's [0.07787, 0.86133] within the rounding of deff", c.Lower, c.Upper)
	}
	if res.Weighting == nil || len(res.Weighting.Raked) != 0 {
		t.Fatalf("weighting %+v, want post-stratification only", res.Weighting)
	}
	// Unweighted, the same children give 21/50.
	q.Weights = ""
	plain, err := ix.ComputeExact(q)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(plain.Grid.Total.Value-0.42) > 1e-12 || plain.Weighting != nil {
		t.Fatalf("unweighted %v (%+v), want 0.42", plain.Grid.Total.Value, plain.Weighting)
	}
}

func TestWeightsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sess := f.session(t, "wellbeing", "10-13", "school", "gent")
	f.submit(t, sess, "girl", map[string]int{"life_satisfaction": 9})
	ix, err := indicator.Load(context.Background(), f.st, f.cat)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ weights, msg string }{
		{indicator.WeightsPopulation, "error.weights_no_population"},
		{"census", "error.weights_invalid"},
	} {
		_, err := ix.Compute(indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied", Weights: tc.weights})
		if err == nil || !containsMsg(err, tc.msg) {
			t.Errorf("weights=%s: %v, want %s", tc.weights, err, tc.msg)
		}
	}
}

func containsMsg(err error, id string) bool {
	var f *fault.Error
	return errors.As(err, &f) && f.Message == id
}

// Raking checked against R's survey package. Oost-Vlaanderen has 490 girls
// and 530 boys of 10-13, 490 girls and 520 boys of 14-17. Six sessions in
// Gent: three of 10-13 with 4 girls and 4 boys each, three of 14-17 with 5
// girls and 1 boy each. Three boys of 14-17 are fewer than WeightCellMin,
// so the province is raked to the margins age band (1020, 1010) and sex
// (980, 1050). life_satisfaction by session (g girl, b boy):
//
//	1 (10-13) g 9 10 8 9  b 10 8 9 9     4 (14-17) g 9 10 8 9 9  b 10
//	2 (10-13) g 4 1 3 5   b 2 3 2 4      5 (14-17) g 5 2 3 2 4   b 1
//	3 (10-13) g 3 8 7 2   b 10 6 9 3     6 (14-17) g 2 10 6 9 3  b 8
//
// The source, R 4.2 with survey 4.1 (Debian bookworm, r-cran-survey), on
// the same rows as raking.csv (session,band,sex,y):
//
//	library(survey)
//	d <- read.csv("raking.csv"); d$sat <- as.numeric(d$y >= 8)
//	des <- svydesign(ids = ~session, weights = ~rep(1, nrow(d)), data = d)
//	raked <- rake(des, list(~band, ~sex),
//	  list(data.frame(band = c("10-13", "14-17"), Freq = c(1020, 1010)),
//	       data.frame(sex = c("girl", "boy"), Freq = c(980, 1050))),
//	  control = list(maxit = 1000, epsilon = 1e-12))
//	d$w <- weights(raked)
//	fixed <- svydesign(ids = ~session, weights = ~w, data = d)
//	svymean(~sat, fixed, deff = "replace"); svymean(~y, fixed, deff = "replace")
//
// Its output: weights 10-13 girl 24.9009954965, boy 60.0990045035, 14-17
// girl 45.4125369361, boy 109.6039819861;
//
//	sat mean 0.503544200507 se 0.183881375981 deff 5.545505747274
//	y   mean 6.128379579282 se 1.190281184986 deff 5.591510199246
//	qt(0.975, 5) = 2.5705818356
//	svyciprop(~sat, fixed, method = "beta"): [0.08458764416, 0.91848146873]
//
// The weights are treated as fixed in the variance (design.go), as the
// second design does; the index publishes deff rounded to 2 decimals, so
// the mean's half width t(5) * sqrt(deff * s_w^2/n) matches R's t * se,
// and the share's Korn-Graubard interval R's beta interval, within the
// rounding of deff. Calibrated (svymean on the raked design itself) the
// standard errors are 0.18351 and 1.19026: the fixed weights' are 0.2%
// and 0.0% wider here.
func TestRakingAgainstR(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sessions := []struct {
		band        string
		girls, boys []int
	}{
		{"10-13", []int{9, 10, 8, 9}, []int{10, 8, 9, 9}},
		{"10-13", []int{4, 1, 3, 5}, []int{2, 3, 2, 4}},
		{"10-13", []int{3, 8, 7, 2}, []int{10, 6, 9, 3}},
		{"14-17", []int{9, 10, 8, 9, 9}, []int{10}},
		{"14-17", []int{5, 2, 3, 2, 4}, []int{1}},
		{"14-17", []int{2, 10, 6, 9, 3}, []int{8}},
	}
	for _, s := range sessions {
		sess := f.session(t, "wellbeing", s.band, "school", "gent")
		for _, v := range s.girls {
			f.submit(t, sess, "girl", map[string]int{"life_satisfaction": v})
		}
		for _, v := range s.boys {
			f.submit(t, sess, "boy", map[string]int{"life_satisfaction": v})
		}
	}
	rows := append(population("40000", 10, 490, 530), population("40000", 14, 490, 520)...)
	ix, err := indicator.Load(context.Background(), f.st, f.cat, indicator.WithPopulation(indicator.NewPopulation(f.cat, rows)))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		ind            string
		mean, se, deff float64
	}{
		{"life_satisfied", 0.503544200507, 0.183881375981, 5.545505747274},
		{"life_satisfaction_mean", 6.128379579282, 1.190281184986, 5.591510199246},
	} {
		res, err := ix.ComputeExact(indicator.Query{Survey: "wellbeing", Indicator: tc.ind, Weights: indicator.WeightsPopulation, Policy: release.MustPolicy(5, 5)})
		if err != nil {
			t.Fatal(err)
		}
		c := res.Grid.Total
		if math.Abs(c.Value-tc.mean) > 1e-9 || c.Deff != math.Round(tc.deff*100)/100 || c.N != 42 || c.Clusters != 6 {
			t.Fatalf("%s: %+v; want mean %v, deff %.2f, n 42, 6 sessions (R)", tc.ind, c, tc.mean, tc.deff)
		}
		if tc.ind == "life_satisfied" {
			if math.Abs(c.Lower-0.08458764416) > 2e-4 || math.Abs(c.Upper-0.91848146873) > 2e-4 || math.Abs(c.SE/tc.se-1) > 0.002 {
				t.Fatalf("%s: interval [%v, %v] se %v; R's beta [0.08459, 0.91848], se %v", tc.ind, c.Lower, c.Upper, c.SE, tc.se)
			}
			continue
		}
		half, rHalf := (c.Upper-c.Lower)/2, 2.5705818356*tc.se
		if math.Abs(c.Upper+c.Lower-2*c.Value) > 1e-9 || math.Abs(half/rHalf-1) > 0.002 {
			t.Fatalf("%s: interval [%v, %v], half %v; R's t*se %v", tc.ind, c.Lower, c.Upper, half, rHalf)
		}
		if res.Weighting == nil || len(res.Weighting.Raked) != 1 || res.Weighting.Raked[0] != "40000" {
			t.Fatalf("weighting %+v, want Oost-Vlaanderen raked", res.Weighting)
		}
	}
}
