package model

import (
	"encoding/csv"
	"math"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
)

// TestSVYGLMAgainstR fits testdata/svyglm.csv (made by testdata/make.R: 24
// sessions, 286 children, a session-level setting and a child-level
// gender, weights by gender and age band) as R's survey package does and
// compares coefficients, standard errors and p-values with R 4.2.2,
// survey 4.1.1, to a relative 1e-6 (p-values: 1e-6 absolute or
// relative). The small fits use sessions 1 to 9 only: 106 children, the
// crossing care × boy holds 5. testdata/fit.R:
//
//	library(survey)
//	d <- read.csv("svyglm.csv")
//	d$setting <- factor(d$setting, levels = c("school", "youth_work", "care"))
//	d$gender <- factor(d$gender, levels = c("girl", "boy"))
//	un <- svydesign(ids = ~session, data = d)
//	wt <- svydesign(ids = ~session, weights = ~w, data = d)
//	sm <- svydesign(ids = ~session, data = subset(d, session <= 9))
//	srs <- svydesign(ids = ~1, weights = ~w, data = d)
//	svyglm(score ~ setting + gender, un, family = gaussian())            # linear
//	svyglm(score ~ setting + gender, wt, family = gaussian())            # linear_weighted
//	svyglm(share ~ setting + gender, un, family = quasibinomial())       # logistic
//	svyglm(share ~ setting + gender, wt, family = quasibinomial())       # logistic_weighted
//	svyglm(share ~ setting + gender, sm, family = quasibinomial())       # logistic_small
//	svyglm(score ~ setting + gender, sm, family = gaussian())            # linear_small
//	svyglm(share ~ setting + gender, srs, family = quasibinomial())      # logistic_weighted_srs
//
// and its output (summary(m)$coefficients: estimate, se, p; df is
// m$df.residual, the t's degrees of freedom), testdata/fit.out:
//
//	linear df20
//	(Intercept) 6.220406243 0.3410572504 6.228762602e-14
//	settingyouth_work 0.9331751885 0.3248651568 0.009413855435
//	settingcare -1.880503106 0.5567223691 0.002990452488
//	genderboy 0.8342324699 0.2355064907 0.002044633205
//	linear_weighted df20
//	(Intercept) 6.282669509 0.373774544 2.897591907e-13
//	settingyouth_work 0.846747131 0.3641836349 0.03070722571
//	settingcare -2.010429032 0.5638396165 0.001937003129
//	genderboy 0.8618072762 0.243108003 0.002032034445
//	logistic df20
//	(Intercept) 0.03082670737 0.2847883413 0.9148805206
//	settingyouth_work 0.2280017684 0.3535247415 0.5262965364
//	settingcare -1.11530105 0.5131876733 0.0419460954
//	genderboy 0.6634668347 0.2076692017 0.004549622519
//	logistic_weighted df20
//	(Intercept) 0.0428324149 0.2940841088 0.8856581218
//	settingyouth_work 0.2859938517 0.3554946495 0.4305707203
//	settingcare -1.007463192 0.5320468996 0.07284175374
//	genderboy 0.5800877038 0.2133556901 0.0132198926
//	logistic_small df5
//	(Intercept) -0.02958507926 0.4507512486 0.950211884
//	settingyouth_work -0.1123633977 0.505689533 0.8329502798
//	settingcare -0.4727679886 0.8640210805 0.6077866206
//	genderboy 0.991186556 0.3296655521 0.02987048396
//	linear_small df5
//	(Intercept) 6.421193336 0.3297354981 6.589632843e-06
//	settingyouth_work 1.159199025 0.3800689051 0.02842526677
//	settingcare -2.23341441 1.061824552 0.08936980744
//	genderboy 0.7239958665 0.2877227596 0.05341558902
//	logistic_weighted_srs df282
//	(Intercept) 0.0428324149 0.2245878696 0.848885626
//	settingyouth_work 0.2859938517 0.28013606 0.3081718471
//	settingcare -1.007463192 0.382089896 0.008835287229
//	genderboy 0.5800877038 0.2552199418 0.02378502929
func TestSVYGLMAgainstR(t *testing.T) {
	type row struct {
		session, setting, gender int
		w, share, score          float64
	}
	f, err := os.Open("testdata/svyglm.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	settings, genders := []string{"school", "youth_work", "care"}, []string{"girl", "boy"}
	var data []row
	for _, r := range recs[1:] {
		s, _ := strconv.Atoi(r[0])
		w, _ := strconv.ParseFloat(r[4], 64)
		sh, _ := strconv.ParseFloat(r[5], 64)
		sc, _ := strconv.ParseFloat(r[6], 64)
		data = append(data, row{s, slices.Index(settings, r[1]), slices.Index(genders, r[2]), w, sh, sc})
	}
	sizes := []int{3, 2}
	X, _, _ := designMatrix(sizes, []int{0, 0})
	cases := []struct {
		name     string
		fam      Family
		weighted bool
		small    bool
		selfPSU  bool
		df       int
		want     [4][3]float64
	}{
		{"linear", Gaussian, false, false, false, 20, [4][3]float64{
			{6.220406243, 0.3410572504, 6.228762602e-14}, {0.9331751885, 0.3248651568, 0.009413855435},
			{-1.880503106, 0.5567223691, 0.002990452488}, {0.8342324699, 0.2355064907, 0.002044633205}}},
		{"linear_weighted", Gaussian, true, false, false, 20, [4][3]float64{
			{6.282669509, 0.373774544, 2.897591907e-13}, {0.846747131, 0.3641836349, 0.03070722571},
			{-2.010429032, 0.5638396165, 0.001937003129}, {0.8618072762, 0.243108003, 0.002032034445}}},
		{"logistic", Binomial, false, false, false, 20, [4][3]float64{
			{0.03082670737, 0.2847883413, 0.9148805206}, {0.2280017684, 0.3535247415, 0.5262965364},
			{-1.11530105, 0.5131876733, 0.0419460954}, {0.6634668347, 0.2076692017, 0.004549622519}}},
		{"logistic_weighted", Binomial, true, false, false, 20, [4][3]float64{
			{0.0428324149, 0.2940841088, 0.8856581218}, {0.2859938517, 0.3554946495, 0.4305707203},
			{-1.007463192, 0.5320468996, 0.07284175374}, {0.5800877038, 0.2133556901, 0.0132198926}}},
		{"logistic_small", Binomial, false, true, false, 5, [4][3]float64{
			{-0.02958507926, 0.4507512486, 0.950211884}, {-0.1123633977, 0.505689533, 0.8329502798},
			{-0.4727679886, 0.8640210805, 0.6077866206}, {0.991186556, 0.3296655521, 0.02987048396}}},
		{"linear_small", Gaussian, false, true, false, 5, [4][3]float64{
			{6.421193336, 0.3297354981, 6.589632843e-06}, {1.159199025, 0.3800689051, 0.02842526677},
			{-2.23341441, 1.061824552, 0.08936980744}, {0.7239958665, 0.2877227596, 0.05341558902}}},
		{"logistic_weighted_srs", Binomial, true, false, true, 282, [4][3]float64{
			{0.0428324149, 0.2245878696, 0.848885626}, {0.2859938517, 0.28013606, 0.3081718471},
			{-1.007463192, 0.382089896, 0.008835287229}, {0.5800877038, 0.2552199418, 0.02378502929}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var obs []Obs
			for _, r := range data {
				if tc.small && r.session > 9 {
					continue
				}
				o := Obs{PSU: r.session, Cell: cellOf([]int{r.setting, r.gender}, sizes), W: 1, Y: r.score, M: 1}
				if tc.fam == Binomial {
					o.Y = r.share
				}
				if tc.weighted {
					o.W = r.w
				}
				obs = append(obs, o)
			}
			fit, err := FitGLM(tc.fam, X, obs, tc.selfPSU)
			if err != nil {
				t.Fatal(err)
			}
			df := fit.PSUs - len(fit.Coef)
			if tc.selfPSU {
				df = int(fit.N) - len(fit.Coef)
			}
			if df != tc.df {
				t.Errorf("df %d, R %d", df, tc.df)
			}
			for j, w := range tc.want {
				se := math.Sqrt(fit.Cov[j][j])
				p := indicator.TTwoSided(fit.Coef[j]/se, float64(df))
				if !near(fit.Coef[j], w[0], 1e-6) || !near(se, w[1], 1e-6) || !(near(p, w[2], 1e-6) || math.Abs(p-w[2]) < 1e-6) {
					t.Errorf("coefficient %d: %.10g (se %.10g, p %.10g), R %.10g (%.10g, %.10g)", j, fit.Coef[j], se, p, w[0], w[1], w[2])
				}
			}
		})
	}
}

// near reports whether a and b agree to a relative tol.
func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(math.Abs(b), 1e-300)
}

// Grouping identical children changes nothing: the fit of the grouped
// rows (by design matrix row, weight and value, each child its own
// cluster) equals the fit of the rows, coefficients and variance alike;
// and two predictors that say the same are refused as collinear.
func TestGroupedEqualsRows(t *testing.T) {
	X, _, _ := designMatrix([]int{3, 2}, []int{0, 0})
	var rows, grouped []Obs
	at := map[[3]float64]int{}
	for i := range 200 {
		o := Obs{PSU: i, Cell: i % 6, W: []float64{1, 1.5, 0.7}[i%3], Y: float64(i * 7 / 5 % 2), M: 1}
		rows = append(rows, o)
		key := [3]float64{float64(o.Cell), o.W, o.Y}
		if j, ok := at[key]; ok {
			grouped[j].M++
			continue
		}
		at[key] = len(grouped)
		grouped = append(grouped, o)
	}
	for _, fam := range []Family{Gaussian, Binomial} {
		a, err := FitGLM(fam, X, rows, true)
		if err != nil {
			t.Fatal(err)
		}
		b, err := FitGLM(fam, X, grouped, true)
		if err != nil {
			t.Fatal(err)
		}
		for j := range a.Coef {
			if !near(b.Coef[j], a.Coef[j], 1e-9) || !near(b.Cov[j][j], a.Cov[j][j], 1e-9) {
				t.Errorf("family %d, coefficient %d: grouped %v (%v), rows %v (%v)", fam, j, b.Coef[j], b.Cov[j][j], a.Coef[j], a.Cov[j][j])
			}
		}
	}
	same := [][]float64{{1, 0, 0}, {1, 1, 1}}
	if _, err := FitGLM(Gaussian, same, []Obs{{PSU: 1, Cell: 0, W: 1, Y: 1, M: 5}, {PSU: 2, Cell: 1, W: 1, Y: 2, M: 5}}, false); err != ErrSingular {
		t.Errorf("collinear predictors: %v", err)
	}
}
