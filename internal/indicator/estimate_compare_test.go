package indicator_test

import (
	"context"
	"math"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
)

// Holm's adjustment against R's p.adjust:
//
//	p.adjust(c(0.01, 0.04, 0.03, NA, 0.005, 0.5, 0.04), "holm")
//	# 0.05 0.12 0.12 NA 0.03 0.50 0.12
func TestHolmAgainstR(t *testing.T) {
	t.Parallel()
	got := indicator.Holm([]float64{0.01, 0.04, 0.03, math.NaN(), 0.005, 0.5, 0.04})
	want := []float64{0.05, 0.12, 0.12, math.NaN(), 0.03, 0.50, 0.12}
	for i := range want {
		if math.IsNaN(want[i]) != math.IsNaN(got[i]) || math.Abs(got[i]-want[i]) > 1e-12 {
			t.Fatalf("holm %v, R %v", got, want)
		}
	}
}

// loadFlagSessions loads the sessions of TestReliabilityFlagsAgainstR.
func loadFlagSessions(t *testing.T) *indicator.Index {
	t.Helper()
	f := newFixture(t)
	for _, setting := range []string{"school", "youth_work", "youth_care", "residential_care", "other"} {
		for _, codes := range flagSessions[setting] {
			sess := f.session(t, "wellbeing", "10-13", setting, "gent")
			for _, code := range codes {
				f.submit(t, sess, "girl", map[string]int{"life_satisfaction": code})
			}
		}
	}
	ix, err := indicator.Load(context.Background(), f.st, f.cat)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// The ten differences between the five settings of the reliability test
// (the mean of the 0-10 ladder), their p-values and Holm's, against R:
// each setting its own design (as a cell is), the difference's variance
// the sum of the two (the settings share no session), t on the smaller
// group's sessions - 1 degrees of freedom, then p.adjust:
//
//	g <- c("school", "youth_work", "youth_care", "residential_care", "other")
//	est <- sapply(g, function(s) { x <- d[d$setting == s, ]
//	  des <- svydesign(ids = ~session, weights = ~rep(1, nrow(x)), data = x)
//	  m <- svymean(~code, des); c(coef(m), SE(m)^2, length(unique(x$session))) })
//	pairs <- combn(5, 2); p <- c()
//	for (k in 1:ncol(pairs)) { a <- pairs[1, k]; b <- pairs[2, k]
//	  t <- (est[1, a] - est[1, b]) / sqrt(est[2, a] + est[2, b])
//	  p <- c(p, 2 * pt(-abs(t), min(est[3, a], est[3, b]) - 1)) }
//	p.adjust(p, "holm")
//
// Its output (p, Holm):
//
//	school - youth_work:             0.24980178  0.96458253
//	school - youth_care:             0.00093719  0.00937193
//	school - residential_care:       0.00104791  0.00943123
//	school - other:                  0.00864894  0.06919152
//	youth_work - youth_care:         0.24114563  0.96458253
//	youth_work - residential_care:   0.25604955  0.96458253
//	youth_work - other:              0.07802557  0.49007054
//	youth_care - residential_care:   0.84939879  0.96458253
//	youth_care - other:              0.08646735  0.49007054
//	residential_care - other:        0.07001008  0.49007054
//
// The index's variances use the design effect rounded to two decimals,
// so the p-values agree to 2% of themselves; "school - other" is
// significant alone (0.009) and not after Holm (0.069).
func TestDifferencesHolmAgainstR(t *testing.T) {
	t.Parallel()
	ix := loadFlagSessions(t)
	res, err := ix.ComputeExact(indicator.Query{Survey: "wellbeing", Indicator: "life_satisfaction_mean", By: []indicator.Dim{indicator.DimSetting}, Policy: release.MustPolicy(5, 0)})
	if err != nil {
		t.Fatal(err)
	}
	want := map[[2]string][2]float64{
		{"school", "youth_work"}: {0.24980178, 0.96458253}, {"school", "youth_care"}: {0.00093719, 0.00937193},
		{"school", "residential_care"}: {0.00104791, 0.00943123}, {"school", "other"}: {0.00864894, 0.06919152},
		{"youth_work", "youth_care"}: {0.24114563, 0.96458253}, {"youth_work", "residential_care"}: {0.25604955, 0.96458253},
		{"youth_work", "other"}: {0.07802557, 0.49007054}, {"youth_care", "residential_care"}: {0.84939879, 0.96458253},
		{"youth_care", "other"}: {0.08646735, 0.49007054}, {"residential_care", "other"}: {0.07001008, 0.49007054},
	}
	seen := 0
	for _, d := range res.Differences {
		w, ok := want[[2]string{res.Rows[d.A].Key, res.Rows[d.B].Key}]
		if !ok {
			continue
		}
		seen++
		if math.Abs(d.P/w[0]-1) > 0.02 || math.Abs(d.PHolm/w[1]-1) > 0.02 {
			t.Errorf("%s - %s: p %.8f holm %.8f, R %.8f %.8f", res.Rows[d.A].Key, res.Rows[d.B].Key, d.P, d.PHolm, w[0], w[1])
		}
	}
	if seen != 10 {
		t.Fatalf("%d of 10 pairs compared", seen)
	}
}

// The overall test across the five settings of the reliability test and
// the linear trend over them (in their order, as if they were five
// periods), against R 4.2.2 with survey 4.1: each setting its own design,
// as a cell is (the sessions of TestDifferencesHolmAgainstR, d built as in
// TestReliabilityFlagsAgainstR), the Wald statistic and the contrast by
// hand on R's estimates:
//
//	g <- c("school", "youth_work", "youth_care", "residential_care", "other")
//	est <- sapply(g, function(s) { x <- d[d$setting == s, ]
//	  m <- svymean(~code, svydesign(ids = ~session, weights = ~rep(1, nrow(x)), data = x)); c(coef(m), SE(m)^2) })
//	C <- length(unique(d$session)); m <- length(g)
//	D <- cbind(diag(m - 1), -1); dd <- D %*% est[1, ]; V <- D %*% diag(est[2, ]) %*% t(D)
//	F <- (t(dd) %*% solve(V, dd)) / (m - 1); pf(F, m - 1, C - m, lower.tail = FALSE)
//	x <- 0:(m - 1); cc <- (x - mean(x)) / sum((x - mean(x))^2)
//	b <- sum(cc * est[1, ]); se <- sqrt(sum(cc^2 * est[2, ])); 2 * pt(-abs(b / se), C - 2)
//
// Its output:
//
//	overall F 12.38129000 df 4 33 p 2.94653419e-06
//	trend slope -1.26916667 se 0.20605086 [-1.68705717, -0.85127616] df 36 p 4.256904354e-07
//
// On one design of all sessions R's regTermTest(svyglm(code ~ setting))
// gives F 14.20 and svycontrast on svyby a standard error of 0.184: there
// each setting's variance carries C/(C-1) of all 38 sessions rather than
// of its own, which the index, computing each cell on its own, does not.
func TestOverallAndTrendAgainstR(t *testing.T) {
	t.Parallel()
	ix := loadFlagSessions(t)
	res, err := ix.ComputeExact(indicator.Query{Survey: "wellbeing", Indicator: "life_satisfaction_mean", By: []indicator.Dim{indicator.DimSetting}, Policy: release.MustPolicy(5, 0)})
	if err != nil {
		t.Fatal(err)
	}
	o := res.Overall
	if o == nil || o.DF1 != 4 || o.DF2 != 33 || o.Levels != 5 || math.Abs(o.F/12.38129-1) > 0.001 || math.Abs(o.P/2.94653419e-06-1) > 0.01 {
		t.Errorf("overall %+v, R F 12.38129 on 4 and 33, p 2.9465e-06", o)
	}
	tr := indicator.TrendOver(res)
	if tr == nil || tr.DF != 36 || math.Abs(tr.Slope+1.26916667) > 1e-6 || math.Abs(tr.SE/0.20605086-1) > 0.001 || math.Abs(tr.P/4.256904354e-07-1) > 0.01 {
		t.Errorf("trend %+v, R slope -1.26916667 se 0.20605086 df 36 p 4.2569e-07", tr)
	}
	if res.Trend != nil {
		t.Errorf("a breakdown by setting has a trend: %+v", res.Trend)
	}
}
