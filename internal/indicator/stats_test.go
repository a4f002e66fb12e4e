package indicator_test

import (
	"math"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// Newcombe (1998), "Two-sided confidence intervals for the single
// proportion: comparison of seven methods", Statistics in Medicine 17,
// Table II, method 3 (Wilson score, no continuity correction).
func TestWilsonAgainstNewcombe(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		x, n         int
		lower, upper float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0.0, 0.1611},
		{1, 29, 0.0061, 0.1718},
	} {
		lo, hi := indicator.Wilson(c.x, c.n)
		if !near(lo, c.lower, 0.00006) || !near(hi, c.upper, 0.00006) {
			t.Errorf("Wilson(%d, %d) = %.4f–%.4f, want %.4f–%.4f", c.x, c.n, lo, hi, c.lower, c.upper)
		}
	}
	if lo, hi := indicator.Wilson(0, 0); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Error("Wilson(0, 0) should be undefined")
	}
}

func TestTQuantile(t *testing.T) {
	t.Parallel()
	// Values from any t table.
	for _, c := range []struct {
		df   int
		want float64
	}{{1, 12.706}, {2, 4.303}, {3, 3.182}, {4, 2.776}, {9, 2.262}, {10, 2.228}, {29, 2.045}, {31, 2.040}, {40, 2.021}, {60, 2.000}, {100, 1.984}, {100000, 1.960}} {
		if got := indicator.TQuantile975(c.df); !near(got, c.want, 0.0006) {
			t.Errorf("t(0.975, %d) = %.4f, want %.3f", c.df, got, c.want)
		}
	}
}

func TestMeanInterval(t *testing.T) {
	t.Parallel()
	// 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample sd 2.138, t(7) = 2.365.
	vals := []float64{2, 4, 4, 4, 5, 5, 7, 9}
	var sum, sq float64
	for _, v := range vals {
		sum += v
		sq += v * v
	}
	m, lo, hi := indicator.MeanInterval(len(vals), sum, sq)
	half := 2.364624 * 2.13809 / math.Sqrt(8)
	if !near(m, 5, 1e-9) || !near(lo, 5-half, 0.002) || !near(hi, 5+half, 0.002) {
		t.Fatalf("mean %v [%v, %v], want 5 [%v, %v]", m, lo, hi, 5-half, 5+half)
	}
}
