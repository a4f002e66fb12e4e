package indicator_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
)

// flagSessions are the sessions of the reliability test, by setting: each
// session's answers to the 0-10 ladder.
var flagSessions = map[string][][]int{
	"school":           {{9, 9, 0, 1, 3, 7, 9, 10, 4, 6}, {5, 8, 10, 7, 3, 9, 8, 10, 4, 5}, {10, 9, 10, 9, 10, 8, 9, 9, 10, 10}, {1, 2, 10, 9, 10, 8, 5, 8, 10, 1}, {10, 9, 8, 8, 10, 2, 10, 10, 9, 9}, {1, 7, 9, 10, 0, 4, 1, 1, 8, 0}, {10, 5, 8, 3, 0, 1, 9, 1, 4, 6}, {3, 2, 10, 9, 9, 0, 10, 9, 8, 8}, {4, 0, 8, 5, 8, 7, 10, 8, 8, 2}, {10, 9, 8, 8, 0, 9, 10, 9, 10, 10}, {9, 9, 8, 8, 9, 8, 9, 9, 10, 8}, {3, 10, 10, 10, 10, 9, 1, 0, 1, 4}},
	"youth_work":       {{9, 5, 4, 6, 4, 9, 7, 3, 9, 6}, {7, 4, 2, 1, 3, 5, 3, 5, 0, 4}, {0, 5, 7, 4, 10, 10, 4, 7, 7, 5}},
	"youth_care":       {{4, 3, 7}, {7, 3, 3}, {2, 5, 1}, {7, 5, 7}, {7, 5, 2}, {6, 1, 0}, {1, 1, 6}, {2, 1, 5}, {2, 5, 4}, {0, 0, 3}},
	"residential_care": {{2, 6, 6, 1, 0, 6, 2, 5}, {0, 2, 7, 3, 5, 2, 3, 2}, {6, 1, 2, 0, 1, 3, 5, 6}, {0, 10, 2, 6, 7, 7, 3, 1}, {2, 3, 0, 1, 3, 4, 1, 2}, {0, 1, 1, 7, 5, 1, 8, 4}, {4, 3, 3, 6, 0, 5, 6, 7}, {4, 0, 0, 6, 2, 0, 2, 8}, {7, 9, 8, 3, 9, 3, 9, 2}},
	"other":            {{0, 0, 1, 0, 2, 0}, {3, 4, 2, 5, 3, 4}, {0, 0, 0, 1, 0, 0}, {1, 0, 0, 2, 1, 0}},
}

// Reliability flags against R 4.2.2 with survey 4.1. Each setting is its
// own design (svydesign on its children, sessions as clusters), as a cell
// of the index is; the shares' intervals are svyciprop(method = "beta"),
// the effective n is n / max(deff, 1) (n where everyone answered alike),
// and the NCHS and Statistics Canada rules of estimate_flags.go are
// applied to R's numbers in R (the sessions were drawn with
// set.seed(6) and are copied above):
//
//	suppressMessages(library(survey)); options(digits = 10)
//	seed <- as.integer(commandArgs(TRUE)[1]); set.seed(seed)
//	groups <- list(school = c(12, 10, 0.55), youth_work = c(3, 10, 0.3), youth_care = c(10, 3, 0), residential_care = c(9, 8, 0.12))
//	d <- NULL; sid <- 0
//	for (g in names(groups)) {
//	  k <- groups[[g]]
//	  for (s in 1:k[1]) {
//	    sid <- sid + 1
//	    p <- min(max(k[3] + rnorm(1, 0, 0.25) * (k[3] > 0), 0), 1)
//	    sat <- rbinom(k[2], 1, p)
//	    code <- ifelse(sat == 1, sample(8:10, k[2], TRUE), sample(0:7, k[2], TRUE))
//	    d <- rbind(d, data.frame(setting = g, session = sid, code = code))
//	  }
//	}
//	extra <- list(c(0, 0, 1, 0, 2, 0), c(3, 4, 2, 5, 3, 4), c(0, 0, 0, 1, 0, 0), c(1, 0, 0, 2, 1, 0))
//	for (x in extra) { sid <- sid + 1; d <- rbind(d, data.frame(setting = "other", session = sid, code = x)) }
//	groups$other <- 0
//	for (g in names(groups)) {
//	  cat(sprintf("\t\t\"%s\": {", g))
//	  ss <- split(d$code[d$setting == g], d$session[d$setting == g])
//	  cat(paste(sapply(ss, function(x) paste0("{", paste(x, collapse = ", "), "}")), collapse = ", "))
//	  cat("},\n")
//	}
//	d$sat <- as.numeric(d$code >= 8)
//	des <- svydesign(ids = ~session, data = d, weights = ~rep(1, nrow(d)))
//	d$all <- "all"
//	for (g in c(names(groups), "all")) {
//	  if (g == "all") { d$setting0 <- d$setting; d$setting <- "all" }
//	  sub <- svydesign(ids = ~session, data = d[d$setting == g, ], weights = ~rep(1, sum(d$setting == g)))
//	  n <- sum(d$setting == g); df <- degf(sub)
//	  m <- svymean(~sat, sub, deff = TRUE); p <- coef(m)
//	  yg <- d$sat[d$setting == g]; de <- if (var(yg) > 0) SE(m)^2 / (var(yg) / n) else NA; neff <- if (is.na(de) || p %in% c(0, 1)) n else n / max(de, 1)
//	  b <- suppressWarnings(svyciprop(~sat, sub, method = "beta"))
//	  ci <- attr(b, "ci")
//	  if (p == 0) ci <- c(0, qbeta(0.975, 1, n * (qt(0.025, n - 1) / qt(0.025, df))^2))
//	  w <- ci[2] - ci[1]; why <- c()
//	  if (neff < 30) why <- c(why, "n_effective")
//	  if (w >= 0.30) why <- c(why, "width") else if (w > 0.05 && w > 1.3 * p) why <- c(why, "relative_width")
//	  lvl <- if (length(why)) "unreliable" else "ok"
//	  if (p %in% c(0, 1)) { why <- c(why, "extreme"); if (lvl == "ok") lvl <- "caution" }
//	  if (df < 8) { why <- c(why, "df"); if (lvl == "ok") lvl <- "caution" }
//	  cat(sprintf("share %s: n %d p %.6f deff %.4f neff %.2f ci [%.6f, %.6f] df %d -> %s %s\n", g, n, p, de, neff, ci[1], ci[2], df, lvl, paste(why, collapse = " ")))
//	  cg <- d$code[d$setting == g]; mm <- svymean(~code, sub); dm <- SE(mm)^2 / (var(cg) / n); cv <- SE(mm) / coef(mm)
//	  lvl <- if (cv > 0.333) "unreliable" else if (cv > 0.165) "caution" else "ok"; why <- if (lvl != "ok") "cv" else c()
//	  if (df < 8) { why <- c(why, "df"); if (lvl == "ok") lvl <- "caution" }
//	  cat(sprintf("mean  %s: mean %.6f se %.6f deff %.4f cv %.4f df %d -> %s %s\n", g, coef(mm), SE(mm), dm, cv, df, lvl, paste(why, collapse = " ")))
//	}
//
// Its output:
//
//	share school: n 120 p 0.633333 deff 2.8987 neff 41.40 ci [0.448909, 0.793013] df 11 -> unreliable width
//	mean  school: mean 6.783333 se 0.476864 deff 2.3389 cv 0.0703 df 11 -> ok
//	share youth_work: n 30 p 0.166667 deff 1.6240 neff 18.47 ci [0.000850, 0.746089] df 2 -> unreliable n_effective width df
//	mean  youth_work: mean 5.166667 se 0.887568 deff 3.2303 cv 0.1718 df 2 -> caution cv df
//	share youth_care: n 30 p 0.000000 deff NA neff 30.00 ci [0.000000, 0.139662] df 9 -> unreliable relative_width extreme
//	mean  youth_care: mean 3.500000 se 0.484959 deff 1.2514 cv 0.1386 df 9 -> ok
//	share residential_care: n 72 p 0.097222 deff 2.3797 neff 30.26 ci [0.013580, 0.297987] df 8 -> unreliable relative_width
//	mean  residential_care: mean 3.625000 se 0.413530 deff 1.6103 cv 0.1141 df 8 -> ok
//	share other: n 24 p 0.000000 deff NA neff 24.00 ci [0.000000, 0.304950] df 3 -> unreliable n_effective width extreme df
//	mean  other: mean 1.208333 se 0.770927 deff 5.8627 cv 0.6380 df 3 -> unreliable cv df
//	share all: n 276 p 0.318841 deff 4.6196 neff 59.75 ci [0.200852, 0.456681] df 37 -> ok
//	mean  all: mean 4.942029 se 0.402008 deff 3.7249 cv 0.0813 df 37 -> ok
func TestReliabilityFlagsAgainstR(t *testing.T) {
	t.Parallel()
	ix := loadFlagSessions(t)
	want := map[string]map[string]struct {
		value, lower, upper, cv float64
		flag                    string
	}{
		"life_satisfied": {
			"school":           {0.633333, 0.448909, 0.793013, math.NaN(), "unreliable width"},
			"youth_work":       {0.166667, 0.000850, 0.746089, math.NaN(), "unreliable n_effective width df"},
			"youth_care":       {0, 0, 0.139662, math.NaN(), "unreliable relative_width extreme"},
			"residential_care": {0.097222, 0.013580, 0.297987, math.NaN(), "unreliable relative_width"},
			"other":            {0, 0, 0.304950, math.NaN(), "unreliable n_effective width extreme df"},
			"all":              {0.318841, 0.200852, 0.456681, math.NaN(), "ok"},
		},
		"life_satisfaction_mean": {
			"school":           {6.783333, math.NaN(), math.NaN(), 0.0703, "ok"},
			"youth_work":       {5.166667, math.NaN(), math.NaN(), 0.1718, "caution cv df"},
			"youth_care":       {3.5, math.NaN(), math.NaN(), 0.1386, "ok"},
			"residential_care": {3.625, math.NaN(), math.NaN(), 0.1141, "ok"},
			"other":            {1.208333, math.NaN(), math.NaN(), 0.6380, "unreliable cv df"},
			"all":              {4.942029, math.NaN(), math.NaN(), 0.0813, "ok"},
		},
	}
	levels := []string{"unreliable", "caution", "ok"}
	for ind, cells := range want {
		res, err := ix.ComputeExact(indicator.Query{Survey: "wellbeing", Indicator: ind, By: []indicator.Dim{indicator.DimSetting}, Policy: release.MustPolicy(5, 0)})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]*indicator.Cell{"all": res.Grid.Total}
		for r, lv := range res.Rows {
			got[lv.Key] = res.Grid.Cells[r][0]
		}
		for setting, w := range cells {
			c := got[setting]
			flag := strings.Join(append([]string{c.Reliability.Level}, c.Reliability.Reasons...), " ")
			if flag != w.flag || !slices.Contains(levels, c.Reliability.Level) {
				t.Errorf("%s %s: flagged %q, R %q (cell %+v)", ind, setting, flag, w.flag, c)
			}
			if math.Abs(c.Value-w.value) > 1e-6 {
				t.Errorf("%s %s: value %v, R %v", ind, setting, c.Value, w.value)
			}
			if !math.IsNaN(w.lower) && (math.Abs(c.Lower-w.lower) > 1e-3 || math.Abs(c.Upper-w.upper) > 1e-3) {
				t.Errorf("%s %s: [%v, %v], R [%v, %v]", ind, setting, c.Lower, c.Upper, w.lower, w.upper)
			}
			if !math.IsNaN(w.cv) && math.Abs(c.Reliability.CV-w.cv) > 5e-4 {
				t.Errorf("%s %s: cv %v, R %v", ind, setting, c.Reliability.CV, w.cv)
			}
		}
	}
}

// A hidden cell carries no flag; a shown cell without an interval (one
// session) is unreliable.
func TestReliabilityOfHiddenAndSingleSession(t *testing.T) {
	t.Parallel()
	ix := sessionsOfShares(t, []int{12}, []int{7})
	res, err := ix.ComputeExact(indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied", By: []indicator.Dim{indicator.DimGender}, Policy: release.MustPolicy(5, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Grid.Total.Reliability; r.Level != indicator.Unreliable || len(r.Reasons) != 1 || r.Reasons[0] != indicator.ReasonNoInterval {
		t.Errorf("one session: %+v, want unreliable, no_interval", r)
	}
	if boys := res.Grid.Cells[1][0]; !boys.Suppressed || boys.Reliability.Level != "" || boys.Reliability.Reasons != nil {
		t.Errorf("hidden boys: %+v, want no flag", boys)
	}
}
