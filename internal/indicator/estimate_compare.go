package indicator

import (
	"math"
	"sort"
)

// Many comparisons. A breakdown of 12 levels has 66 pairs; at the 5%
// level about three of them look different by chance alone. So every
// difference carries, beside its own p-value, Holm's adjusted p-value
// over the pairs tested in the same breakdown (R's p.adjust(p, "holm")):
// it keeps the chance of any false "different" at 5% over them all, and
// is never less powerful than Bonferroni's.

// Holm returns Holm's step-down adjustment of the p-values ps (NaN stays
// NaN and takes no part): the i-th smallest of m is multiplied by m-i+1,
// and each adjusted value is at least the one before it, at most 1.
func Holm(ps []float64) []float64 {
	out := make([]float64, len(ps))
	var idx []int
	for i, p := range ps {
		out[i] = math.NaN()
		if !math.IsNaN(p) {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return ps[idx[a]] < ps[idx[b]] })
	m := len(idx)
	running := 0.0
	for rank, i := range idx {
		running = math.Max(running, math.Min(1, float64(m-rank)*ps[i]))
		out[i] = running
	}
	return out
}

// holmDifferences sets PHolm of every tested difference.
func holmDifferences(ds []Difference) {
	ps := make([]float64, len(ds))
	for i, d := range ds {
		ps[i] = d.P
	}
	for i, p := range Holm(ps) {
		ds[i].PHolm = p
	}
}

// Overall is the Wald test that every shown level of a one-way breakdown
// has the same value: the m - 1 differences from the last level, with
// their covariance from the published variances and the correlations
// through shared sessions (ρ, as for the pairs; 0 where not computed),
// W = d' Σ_d⁻¹ d, F = W / (m - 1) on (m - 1, sessions - m) degrees of
// freedom, sessions those of the levels tested: the design-based F of
// R's regTermTest on svyglm(y ~ level).
// Levels that are hidden or have no interval take no part.
type Overall struct {
	F        float64
	DF1, DF2 int
	P        float64
	Levels   int // the levels tested
}

// Trend is the linear trend over the periods of a breakdown by period:
// the least-squares slope of the published values on the period's
// position (0, 1, 2, ...; hidden periods left out), per period, with its
// variance from the published variances and the correlations of
// neighbouring periods, t on sessions - 2 degrees of freedom: R's
// svycontrast on svyby(..., covmat = TRUE) with the contrast
// (x - x̄) / Σ(x - x̄)².
type Trend struct {
	Slope, SE, Lower, Upper, P float64
	DF                         int
	Periods                    int
}

// tested lists the rows of a one-way grid that have a value and a variance.
func tested(g *Grid) []int {
	var out []int
	for r, row := range g.Cells {
		c := row[0]
		if !c.Suppressed && !math.IsNaN(c.Value) && !math.IsNaN(c.variance) && c.Clusters >= 2 {
			out = append(out, r)
		}
	}
	return out
}

// covariance is the published covariance of rows a and b.
func covariance(g *Grid, a, b int, corr map[[2]int]float64) float64 {
	va, vb := g.Cells[a][0].variance, g.Cells[b][0].variance
	if a == b {
		return va
	}
	if a > b {
		a, b = b, a
	}
	return corr[[2]int{a, b}] * math.Sqrt(va*vb)
}

func correlations(pairs [][2]int, rho []float64) map[[2]int]float64 {
	out := map[[2]int]float64{}
	for i, p := range pairs {
		out[p] = rho[i]
	}
	return out
}

// overallTest is the Wald test across the shown levels of a one-way grid
// with sessions in all; nil with fewer than two levels to compare.
func overallTest(g *Grid, sessions int, pairs [][2]int, rho []float64) *Overall {
	rows := tested(g)
	m := len(rows)
	// The sessions of the levels tested: those of hidden levels add no
	// degrees of freedom (the sum counts a session shared by two levels
	// twice, hence the total as a ceiling).
	in := 0
	for _, r := range rows {
		in += g.Cells[r][0].Clusters
	}
	sessions = min(sessions, in)
	if m < 2 || sessions-m < 1 {
		return nil
	}
	corr := correlations(pairs, rho)
	last := rows[m-1]
	k := m - 1
	d := make([]float64, k)
	cov := make([][]float64, k)
	for i := 0; i < k; i++ {
		d[i] = g.Cells[rows[i]][0].Value - g.Cells[last][0].Value
		cov[i] = make([]float64, k)
		for j := 0; j < k; j++ {
			a, b := rows[i], rows[j]
			cov[i][j] = covariance(g, a, b, corr) - covariance(g, a, last, corr) - covariance(g, last, b, corr) + covariance(g, last, last, corr)
		}
	}
	x, ok := solve(cov, d)
	if !ok {
		return nil
	}
	w := 0.0
	for i := range d {
		w += d[i] * x[i]
	}
	f := w / float64(k)
	return &Overall{F: f, DF1: k, DF2: sessions - m, P: FUpper(f, float64(k), float64(sessions-m)), Levels: m}
}

// trendTest is the linear trend over the shown periods of a grid broken
// down by period; nil with fewer than three.
func trendTest(g *Grid, sessions int, pairs [][2]int, rho []float64) *Trend {
	rows := tested(g)
	m := len(rows)
	if m < 3 || sessions-2 < 1 {
		return nil
	}
	corr := correlations(pairs, rho)
	mean := 0.0
	for _, r := range rows {
		mean += float64(r)
	}
	mean /= float64(m)
	ss := 0.0
	for _, r := range rows {
		ss += (float64(r) - mean) * (float64(r) - mean)
	}
	c := make([]float64, m)
	slope := 0.0
	for i, r := range rows {
		c[i] = (float64(r) - mean) / ss
		slope += c[i] * g.Cells[r][0].Value
	}
	v := 0.0
	for i, a := range rows {
		for j, b := range rows {
			v += c[i] * c[j] * covariance(g, a, b, corr)
		}
	}
	df := sessions - 2
	se := math.Sqrt(math.Max(0, v))
	half := TQuantile975(df) * se
	out := &Trend{Slope: slope, SE: se, Lower: slope - half, Upper: slope + half, DF: df, Periods: m, P: 1}
	if se > 0 {
		out.P = TTwoSided(slope/se, float64(df))
	}
	return out
}

// solve solves a x = b for a small symmetric positive definite a by
// Gaussian elimination with partial pivoting; false when a is singular.
func solve(a [][]float64, b []float64) ([]float64, bool) {
	n := len(b)
	m := make([][]float64, n)
	for i := range a {
		m[i] = append(append([]float64{}, a[i]...), b[i])
	}
	for col := 0; col < n; col++ {
		p := col
		for r := col + 1; r < n; r++ {
			if math.Abs(m[r][col]) > math.Abs(m[p][col]) {
				p = r
			}
		}
		if math.Abs(m[p][col]) < 1e-12 {
			return nil, false
		}
		m[col], m[p] = m[p], m[col]
		for r := col + 1; r < n; r++ {
			f := m[r][col] / m[col][col]
			for k := col; k <= n; k++ {
				m[r][k] -= f * m[col][k]
			}
		}
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := m[i][n]
		for k := i + 1; k < n; k++ {
			s -= m[i][k] * x[k]
		}
		x[i] = s / m[i][i]
	}
	return x, true
}
