package indicator_test

import (
	"math"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
)

// The distributions against R 4.2.2 (Debian bookworm), printed with
// options(digits = 17):
//
//	qbeta(0.025, 3.5, 10); qbeta(0.975, 0.5, 0.5); qbeta(0.025, 50.2, 3.1)
//	qbeta(0.975, 1200.5, 800.25); qbeta(0.025, 40000, 60000)
//	qbeta(0.025, 0.01, 5); qbeta(0.975, 9.5, 0.2)
//	pbeta(0.3, 2, 5); pbeta(0.5, 500, 500); pbeta(0.01, 0.1, 0.1)
//	qt(0.975, 1); qt(0.975, 2.5); qt(0.975, 7); qt(0.975, 33); qt(0.975, 1000)
//	qt(0.995, 4); qt(0.6, 3)
//	pt(2.1, 3); pt(-0.4, 12); pt(8.5, 40); pt(1.96, 1e5)
//	pf(1.560465, 2, 9, lower.tail = FALSE); pf(4.2, 5, 30, lower.tail = FALSE)
//	pf(0.3, 1, 2, lower.tail = FALSE); pf(12, 11, 400, lower.tail = FALSE)
func TestDistributionsAgainstR(t *testing.T) {
	t.Parallel()
	near := func(name string, got, want, rel float64) {
		t.Helper()
		if math.Abs(got-want) > rel*math.Max(math.Abs(want), 1e-300) {
			t.Errorf("%s = %.17g, R %.17g", name, got, want)
		}
	}
	for _, c := range []struct{ p, a, b, want float64 }{
		{0.025, 3.5, 10, 0.07266325929912823},
		{0.975, 0.5, 0.5, 0.99845866686656404},
		{0.025, 50.2, 3.1, 0.86579035480970823},
		{0.975, 1200.5, 800.25, 0.62138858830969634},
		{0.025, 40000, 60000, 0.39696555317149462},
		{0.025, 0.01, 5, 7.803601735629692e-162},
		{0.975, 9.5, 0.2, 0.99999999930005834},
	} {
		near("qbeta", indicator.BetaQuantile(c.p, c.a, c.b), c.want, 1e-9)
	}
	for _, c := range []struct{ x, a, b, want float64 }{
		{0.3, 2, 5, 0.57982500000000015},
		{0.5, 500, 500, 0.49999999999999994},
		{0.01, 0.1, 0.1, 0.32030825037562627},
	} {
		near("pbeta", indicator.RegIncBeta(c.x, c.a, c.b), c.want, 1e-12)
	}
	for _, c := range []struct{ p, df, want float64 }{
		{0.975, 1, 12.706204736174694}, {0.975, 2.5, 3.5746548420036919}, {0.975, 7, 2.3646242515927844},
		{0.975, 33, 2.0345152974493383}, {0.975, 1000, 1.9623390808264076}, {0.995, 4, 4.6040948713499921},
		{0.6, 3, 0.27667066233268983},
	} {
		near("qt", indicator.TQuantile(c.p, c.df), c.want, 1e-10)
	}
	for _, c := range []struct{ t, df, want float64 }{
		{2.1, 3, 0.9367173987251578}, {-0.4, 12, 0.3480926526963336}, {8.5, 40, 0.99999999991590749}, {1.96, 1e5, 0.97500071840284919},
	} {
		near("pt", indicator.TCDF(c.t, c.df), c.want, 1e-11)
	}
	for _, c := range []struct{ f, d1, d2, want float64 }{
		{1.560465, 2, 9, 0.26192656555351584}, {4.2, 5, 30, 0.0051810038653043594}, {0.3, 1, 2, 0.63884244074269247},
		{12, 11, 400, 1.5779374062815137e-19},
	} {
		near("pf", indicator.FUpper(c.f, c.d1, c.d2), c.want, 1e-9)
	}
	// The table of TQuantile975 agrees with the general quantile.
	for df := 1; df <= 400; df++ {
		near("TQuantile975", indicator.TQuantile975(df), indicator.TQuantile(0.975, float64(df)), 1e-10)
	}
}

// The edges: no NaN where an answer exists, NaN where none does.
func TestDistributionEdges(t *testing.T) {
	t.Parallel()
	if q := indicator.BetaQuantile(0.025, 0, 11); q != 0 {
		t.Errorf("qbeta(0.025, 0, 11) = %v, want 0", q)
	}
	if q := indicator.BetaQuantile(0.975, 11, 0); q != 1 {
		t.Errorf("qbeta(0.975, 11, 0) = %v, want 1", q)
	}
	for _, v := range []float64{indicator.TQuantile(0.975, 0), indicator.TCDF(math.NaN(), 3), indicator.FUpper(1, 0, 3)} {
		if !math.IsNaN(v) {
			t.Errorf("got %v, want NaN", v)
		}
	}
}

func BenchmarkBetaQuantileLarge(b *testing.B) {
	for range b.N {
		indicator.BetaQuantile(0.025, 40000, 60000)
	}
}
