package indicator

import "math"

// Differences between the levels of a one-way breakdown: is a difference
// larger than its interval allows? The same variance method as the cells'
// intervals (design.go), in the same perturbed world:
//
//	diff  = v_a - v_b (the published values, weighted when asked)
//	V     = V_a + V_b - 2 * rho * sqrt(V_a * V_b)
//	95%   = diff -/+ t(min(C_a, C_b) - 1) * sqrt(V)
//
// V_a and V_b are the published cells' variances (their intervals'). Two
// groups from different sessions (settings, periods, regions) are
// independent: rho = 0 and V = V_a + V_b. Groups that share sessions
// (girls and boys of one class, two age bands in one youth club) are
// correlated through them; rho is the correlation of the two linearised
// means over the shared sessions, estimated from the true per-session
// sums as the design effect is (with the sessions of both groups as
// clusters) and rounded to two decimals, so no true count is published.
// The degrees of freedom of the smaller group are the conservative choice
// (no Welch-Satterthwaite).
//
// A difference is tested only between two shown cells with an interval:
// never on a suppressed cell ("suppressed"), a cell without interval
// (fewer than two sessions, "no_interval") or a weighted cell whose
// perturbed counts left no value ("no_value").
//
// Which pairs: a breakdown by period compares each period with the one
// before it; another one-way breakdown of at most MaxDifferenceLevels
// levels compares every pair; more levels, or two breakdowns, get none.

// MaxDifferenceLevels is the most levels a breakdown may have for every
// pair of them to be compared (12 levels: 66 pairs).
const MaxDifferenceLevels = 12

// Difference compares two levels (rows) A and B of a one-way breakdown.
type Difference struct {
	A, B         int // row indices into Result.Rows
	Estimate     float64
	Lower, Upper float64
	Rho          float64 // correlation through shared sessions, rounded
	Significant  bool    // the 95% interval leaves out 0
	// P is the two-sided p-value of the difference (t on the same degrees
	// of freedom as the interval); PHolm is P adjusted by Holm's method
	// over every pair tested in the same breakdown (estimate_compare.go).
	// NaN when not tested.
	P, PHolm float64
	// Reason says why there is no test: "suppressed", "no_interval" or
	// "no_value"; empty when tested.
	Reason string
}

// Reasons a difference is not tested.
const (
	NoTestSuppressed = "suppressed"
	NoTestInterval   = "no_interval"
	NoTestValue      = "no_value"
)

// DifferenceInterval is the test of v_a - v_b with published variances
// va, vb, sessions ca, cb and correlation rho.
func DifferenceInterval(a, va float64, ca int, b, vb float64, cb int, rho float64) (est, lower, upper float64, significant bool) {
	est, lower, upper, _ = differenceTest(a, va, ca, b, vb, cb, rho)
	return est, lower, upper, lower > 0 || upper < 0
}

// differenceTest is DifferenceInterval with the two-sided p-value of the
// t statistic on the interval's degrees of freedom.
func differenceTest(a, va float64, ca int, b, vb float64, cb int, rho float64) (est, lower, upper, p float64) {
	est = a - b
	v := math.Max(0, va+vb-2*rho*math.Sqrt(va*vb))
	df := min(ca, cb) - 1
	half := TQuantile975(df) * math.Sqrt(v)
	lower, upper = est-half, est+half
	p = 1
	if v > 0 {
		p = TTwoSided(est/math.Sqrt(v), float64(df))
	} else if est != 0 {
		p = 0
	}
	return est, lower, upper, p
}

// differencePairs lists the pairs of rows a one-way breakdown compares.
func differencePairs(by []Dim, rows int) [][2]int {
	var out [][2]int
	switch {
	case len(by) != 1:
	case by[0] == DimPeriod:
		for r := 1; r < rows; r++ {
			out = append(out, [2]int{r - 1, r})
		}
	case rows <= MaxDifferenceLevels:
		for a := 0; a < rows; a++ {
			for b := a + 1; b < rows; b++ {
				out = append(out, [2]int{a, b})
			}
		}
	}
	return out
}

// pairSums are the sums over the sessions two cells share: W_a W_b,
// Y_a W_b, W_a Y_b, Y_a Y_b (weighted sums per session).
type pairSums struct{ ww, yw, wy, yy float64 }

// rho is the correlation of two cells' linearised means over their
// sessions, rounded to two decimals: 0 when they share none. Each
// variance carries its C/(C-1), the covariance that of the sessions of
// both.
func (p *pairSums) rho(a, b *designSums, shared int) float64 {
	if shared == 0 || a.sw <= 0 || b.sw <= 0 || a.clusters < 2 || b.clusters < 2 {
		return 0
	}
	factor := func(c int) float64 { return float64(c) / float64(c-1) }
	scale := factor(a.clusters+b.clusters-shared) / math.Sqrt(factor(a.clusters)*factor(b.clusters))
	ma, mb := a.sy/a.sw, b.sy/b.sw
	cross := p.yy - mb*p.yw - ma*p.wy + ma*mb*p.ww
	resA := math.Max(0, a.sy2-2*ma*a.sym+ma*ma*a.sm2)
	resB := math.Max(0, b.sy2-2*mb*b.sym+mb*mb*b.sm2)
	if resA <= 0 || resB <= 0 {
		return 0
	}
	r := math.Max(-1, math.Min(1, scale*cross/math.Sqrt(resA*resB)))
	return math.Round(r*100) / 100
}

// differences tests each pair on the published (suppressed) grid.
func differences(g *Grid, pairs [][2]int, rho []float64) []Difference {
	out := make([]Difference, len(pairs))
	for i, p := range pairs {
		a, b := g.Cells[p[0]][0], g.Cells[p[1]][0]
		d := Difference{A: p[0], B: p[1], Estimate: math.NaN(), Lower: math.NaN(), Upper: math.NaN(), Rho: rho[i], P: math.NaN(), PHolm: math.NaN()}
		switch {
		case a.Suppressed || b.Suppressed:
			d.Reason = NoTestSuppressed
		case math.IsNaN(a.Value) || math.IsNaN(b.Value):
			d.Reason = NoTestValue
		case math.IsNaN(a.variance) || math.IsNaN(b.variance) || a.Clusters < 2 || b.Clusters < 2:
			d.Reason = NoTestInterval
		default:
			d.Estimate, d.Lower, d.Upper, d.P = differenceTest(a.Value, a.variance, a.Clusters, b.Value, b.variance, b.Clusters, rho[i])
			d.Significant = d.Lower > 0 || d.Upper < 0
		}
		out[i] = d
	}
	holmDifferences(out)
	return out
}

// pairTally gathers the pair sums of a one-way breakdown's cells, session
// by session.
type pairTally struct {
	rows   int
	pairs  [][2]int
	at     []int32 // a*rows+b -> pair, -1 none
	sums   []pairSums
	shared []int
}

func newPairTally(by []Dim, rows, cols int) *pairTally {
	if cols != 1 {
		return nil
	}
	pairs := differencePairs(by, rows)
	if len(pairs) == 0 {
		return nil
	}
	pt := &pairTally{rows: rows, pairs: pairs, at: make([]int32, rows*rows), sums: make([]pairSums, len(pairs)), shared: make([]int, len(pairs))}
	for i := range pt.at {
		pt.at[i] = -1
	}
	for k, p := range pairs {
		pt.at[p[0]*rows+p[1]] = int32(k)
	}
	return pt
}

// session adds one session's sums of the cells it touched: wy[i] are its
// sums in cell touched[i].
func (pt *pairTally) session(touched []int32, wy []clusterFloat) {
	for i := range touched {
		for j := i + 1; j < len(touched); j++ {
			a, b, x, y := touched[i], touched[j], wy[i], wy[j]
			if a > b {
				a, b, x, y = b, a, y, x
			}
			k := pt.at[int(a)*pt.rows+int(b)]
			if k < 0 {
				continue
			}
			s := &pt.sums[k]
			s.ww += x.w * y.w
			s.yw += x.y * y.w
			s.wy += x.w * y.y
			s.yy += x.y * y.y
			pt.shared[k]++
		}
	}
}

// rhos returns each pair's rounded correlation.
func (pt *pairTally) rhos(cells []designSums) []float64 {
	out := make([]float64, len(pt.pairs))
	for k, p := range pt.pairs {
		out[k] = pt.sums[k].rho(&cells[p[0]], &cells[p[1]], pt.shared[k])
	}
	return out
}
