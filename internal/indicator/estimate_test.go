package indicator_test

import (
	"context"
	"math"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
)

// sessionsOfShares loads sessions of children answering the 0-10 ladder,
// yes[s] of size[s] satisfied (9) and the rest not (3), all girls of
// 10-13 at school in Gent.
func sessionsOfShares(t *testing.T, size, yes []int) *indicator.Index {
	t.Helper()
	f := newFixture(t)
	for s := range size {
		sess := f.session(t, "wellbeing", "10-13", "school", "gent")
		for i := 0; i < size[s]; i++ {
			code := 3
			if i < yes[s] {
				code = 9
			}
			f.submit(t, sess, "girl", map[string]int{"life_satisfaction": code})
		}
	}
	ix, err := indicator.Load(context.Background(), f.st, f.cat)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// Share intervals on small and extreme cells against R 4.2.2 with survey
// 4.1 (Debian bookworm, r-cran-survey): sessions as clusters, the
// Korn-Graubard interval of svyciprop(method = "beta"), each session's
// children as rows of y (1 satisfied) and s (the session):
//
//	ci <- function(y, s) {
//	  des <- svydesign(ids = ~s, weights = ~rep(1, length(y)),
//	    data = data.frame(y = y, s = s))
//	  svyciprop(~y, des, method = "beta")    # and method = "logit"
//	}
//	yes <- function(h, n) c(rep(1, h), rep(0, n - h))
//	ci(c(yes(4,5), yes(1,5), yes(3,4), yes(2,6)), rep(1:4, c(5,5,4,6)))
//	ci(unlist(lapply(0:9, function(s) rep(s %% 2 == 0, 20))), rep(1:10, each = 20))
//	sizes <- c(5, 6, 4, 7, 5, 6); no <- c(1, 0, 0, 1, 0, 0)
//	ci(unlist(mapply(function(n, k) yes(n - k, n), sizes, no)), rep(1:6, sizes))
//	ci(c(yes(1, 8), yes(0, 8), yes(0, 8)), rep(1:3, each = 8))
//
// Its output (p, se, beta, and logit for comparison):
//
//	by hand    n 20  p 0.5           se 0.1471960144  beta [0.0941586100, 0.9058413900]  logit [0.1331056834, 0.8668943166]  df 3
//	alike      n 200 p 0.5           se 0.1666666667  beta [0.1357100629, 0.8642899371]  logit [0.1812198352, 0.8187801648]  df 9
//	near one   n 33  p 0.9393939394  se 0.0368501280  beta [0.7727846981, 0.9950184645]  logit [0.7459294292, 0.9879272846]  df 5
//	near zero  n 24  p 0.0416666667  se 0.0416666667  beta [0.0000000068, 0.5493134144]  logit [0.0004877504, 0.7948203817]  df 2
//
// Where everyone answered alike, svyciprop has no variance to make an
// effective n from and gives NaN; Korn and Graubard's interval with n* = n
// is, for 4 sessions of 5 all "no" (and all "yes"):
//
//	n <- 20; neff <- n * (qt(0.025, n - 1) / qt(0.025, 3))^2   # 8.6507998688
//	qbeta(0.975, 1, neff)   # 0.3471583147: [0, 0.34716]
//	qbeta(0.025, neff, 1)   # 0.6528416853: [0.65284, 1]
//
// The index publishes the design effect rounded to two decimals, so its
// bounds differ from R's by what that rounding makes (at most 1e-3 here);
// KornGraubard fed R's own standard error agrees to 1e-8. "Near one" has a
// design effect under 1 (0.76: the two "no" sit in different sessions),
// which the index never lets narrow an interval: its interval is that of
// deff 1, p(1-p)/(n-1), and holds R's.
func TestShareIntervalsAgainstR(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name         string
		size, yes    []int
		p, se        float64
		lower, upper float64
		floor        bool // deff under 1: the simple interval, which holds R's
	}{
		{"by hand", []int{5, 5, 4, 6}, []int{4, 1, 3, 2}, 0.5, 0.1471960144, 0.0941586100, 0.9058413900, false},
		{"alike", []int{20, 20, 20, 20, 20, 20, 20, 20, 20, 20}, []int{20, 0, 20, 0, 20, 0, 20, 0, 20, 0}, 0.5, 0.1666666667, 0.1357100629, 0.8642899371, false},
		{"near one", []int{5, 6, 4, 7, 5, 6}, []int{4, 6, 4, 6, 5, 6}, 31.0 / 33, 0.0368501280, 0.7727846981, 0.9950184645, true},
		{"near zero", []int{8, 8, 8}, []int{1, 0, 0}, 1.0 / 24, 0.0416666667, 0.0000000068, 0.5493134144, false},
		{"all no", []int{5, 5, 5, 5}, []int{0, 0, 0, 0}, 0, math.NaN(), 0, 0.3471583147, false},
		{"all yes", []int{5, 5, 5, 5}, []int{5, 5, 5, 5}, 1, math.NaN(), 0.6528416853, 1, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ix := sessionsOfShares(t, c.size, c.yes)
			res, err := ix.ComputeExact(indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied", Policy: release.MustPolicy(5, 0)})
			if err != nil {
				t.Fatal(err)
			}
			cell := res.Grid.Total
			n := 0
			for _, m := range c.size {
				n += m
			}
			if c.floor {
				lo, hi := indicator.KornGraubard(c.p, n, c.p*(1-c.p)/float64(n-1), len(c.size)-1)
				if cell.Deff >= 1 || math.Abs(cell.Lower-lo) > 1e-12 || math.Abs(cell.Upper-hi) > 1e-12 || lo > c.lower || hi < c.upper {
					t.Fatalf("deff %v [%.10f, %.10f]; want the simple [%.10f, %.10f] around R's [%.10f, %.10f]", cell.Deff, cell.Lower, cell.Upper, lo, hi, c.lower, c.upper)
				}
			} else if math.Abs(cell.Value-c.p) > 1e-9 || math.Abs(cell.Lower-c.lower) > 1e-3 || math.Abs(cell.Upper-c.upper) > 1e-3 {
				t.Fatalf("p %.10f [%.10f, %.10f]; R %.10f [%.10f, %.10f]", cell.Value, cell.Lower, cell.Upper, c.p, c.lower, c.upper)
			}
			if math.IsNaN(c.se) {
				return
			}
			lo, hi := indicator.KornGraubard(c.p, n, c.se*c.se, len(c.size)-1)
			if math.Abs(lo-c.lower) > 1e-8 || math.Abs(hi-c.upper) > 1e-8 {
				t.Fatalf("with R's se: [%.10f, %.10f]; R [%.10f, %.10f]", lo, hi, c.lower, c.upper)
			}
		})
	}
}

// Sessions that agree more than chance would make them (a design effect
// under 1) never narrow the interval below that of a simple random sample
// of the same children: four sessions of 5 with 2 satisfied in each give
// a clustered variance of 0, where R's beta interval has nothing to go
// on; the index gives the interval of deff 1, p(1-p)/(n-1) = 0.24/19.
func TestShareIntervalNeverNarrowerThanSimple(t *testing.T) {
	t.Parallel()
	ix := sessionsOfShares(t, []int{5, 5, 5, 5}, []int{2, 2, 2, 2})
	res, err := ix.ComputeExact(indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied", Policy: release.MustPolicy(5, 0)})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Grid.Total
	lo, hi := indicator.KornGraubard(0.4, 20, 0.24/19, 3)
	if c.Deff != 0 || math.Abs(c.Lower-lo) > 1e-12 || math.Abs(c.Upper-hi) > 1e-12 || math.Abs(c.SE-math.Sqrt(0.24/19)) > 1e-12 {
		t.Fatalf("deff %v [%v, %v] se %v; want deff 0 and the simple interval [%v, %v]", c.Deff, c.Lower, c.Upper, c.SE, lo, hi)
	}
}
