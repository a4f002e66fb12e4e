// Package model fits design-based regressions of an indicator on
// breakdowns, the equivalent of R's survey::svyglm: a linear model
// (family = gaussian()) for a mean or an index, a logistic one (family =
// quasibinomial()) for a share, with sessions as clusters, the analyst's
// weights, and the linearisation ("sandwich") variance. glm.go is the
// estimator, checked against R; release.go fits what the release gate
// lets out.
package model

import (
	"errors"
	"math"
)

// Family is the model's link and variance: identity and constant for a
// mean, logit and binomial for a share.
type Family int

// The two families.
const (
	Gaussian Family = iota // svyglm(..., family = gaussian())
	Binomial               // svyglm(..., family = quasibinomial())
)

// Obs is M identical observations: in one cluster (PSU), in one row of the
// design matrix, with one weight and one value. Grouped this way, a fit
// over a million children is a fit over their sessions' cells.
type Obs struct {
	PSU  int     // the cluster; scores of one PSU add up before the variance
	Cell int     // the row of the design matrix
	W, Y float64 // weight and value of each observation
	M    float64 // how many
	// Noise is the variance of M when M is a perturbed count (cell key
	// noise); 0 for true counts.
	Noise float64
}

// Fit is a fitted model.
type Fit struct {
	Coef []float64
	// Cov is the linearisation variance of Coef with the PSUs as clusters
	// (R's vcov(svyglm(...))); Noise the variance the noise of perturbed
	// counts adds (zero without it).
	Cov, Noise [][]float64
	PSUs       int
	N          float64
}

// Errors of a fit that cannot be made.
var (
	ErrSingular  = errors.New("model: the predictors are collinear or a level has no observations")
	ErrSeparated = errors.New("model: a level's children all gave the same answer; its odds ratio is infinite")
	ErrTooFew    = errors.New("model: fewer than two clusters")
)

// FitGLM fits the model y ~ X (X given per design matrix row) to grouped
// observations. With selfPSU every observation is its own cluster (R's
// svydesign(ids = ~1)), otherwise Obs.PSU names it. The variance is R
// survey's: V = A⁻¹ B A⁻¹, A = Σ w x x' (times μ(1−μ) for a share), B =
// C/(C−1) Σ_c (u_c − ū)(u_c − ū)', u_c the cluster's sum of scores
// w x (y − μ).
func FitGLM(fam Family, X [][]float64, obs []Obs, selfPSU bool) (*Fit, error) {
	if len(X) == 0 {
		return nil, ErrSingular
	}
	p := len(X[0])
	// Every sum but the clusters' is a sum over design matrix rows: each
	// observation adds a number to its row, and a row's x x′ is taken once.
	nz := make([][]int, len(X)) // the columns where a row is not 0
	for r, x := range X {
		for j, v := range x {
			if v != 0 {
				nz[r] = append(nz[r], j)
			}
		}
	}
	beta := make([]float64, p)
	var ainv [][]float64
	mu := make([]float64, len(X))
	rowA, rowS := make([]float64, len(X)), make([]float64, len(X))
	for iter := 0; ; iter++ {
		setMeans(fam, X, beta, mu)
		clear(rowA)
		clear(rowS)
		for _, o := range obs {
			m := mu[o.Cell]
			v := o.M * o.W
			rowS[o.Cell] += v * (o.Y - m)
			if fam == Binomial {
				v *= m * (1 - m)
			}
			rowA[o.Cell] += v
		}
		a := square(p)
		score := make([]float64, p)
		for r, x := range X {
			addOuter(a, x, x, rowA[r])
			for j := range score {
				score[j] += rowS[r] * x[j]
			}
		}
		var err error
		if ainv, err = invert(a); err != nil {
			if iter > 0 {
				return nil, ErrSeparated // the fitted probabilities ran to 0 or 1
			}
			return nil, err
		}
		step := mulVec(ainv, score)
		change := 0.0
		for j := range beta {
			beta[j] += step[j]
			change = math.Max(change, math.Abs(step[j]))
		}
		if fam == Gaussian || change < 1e-12 {
			break
		}
		if iter == 100 || maxAbs(beta) > 30 {
			return nil, ErrSeparated
		}
	}
	setMeans(fam, X, beta, mu)
	f := &Fit{Coef: beta}
	// The scores w x (y − μ): by row for each child its own cluster and
	// for the noise, by cluster otherwise.
	meat, noise := square(p), square(p)
	rowB, rowN, rowU, total := make([]float64, len(X)), make([]float64, len(X)), make([]float64, len(X)), make([]float64, p)
	sums := map[int][]float64{}
	var order []int
	for _, o := range obs {
		u := o.W * (o.Y - mu[o.Cell])
		rowB[o.Cell] += o.M * u * u
		rowN[o.Cell] += o.Noise * u * u
		rowU[o.Cell] += o.M * u
		f.N += o.M
		if selfPSU {
			continue
		}
		s := sums[o.PSU]
		if s == nil {
			s = make([]float64, p)
			sums[o.PSU] = s
			order = append(order, o.PSU)
		}
		for _, j := range nz[o.Cell] {
			s[j] += o.M * u * X[o.Cell][j]
		}
	}
	for r, x := range X {
		addOuter(noise, x, x, rowN[r])
		if selfPSU {
			addOuter(meat, x, x, rowB[r])
			for j := range total {
				total[j] += x[j] * rowU[r]
			}
		}
	}
	if selfPSU {
		f.PSUs = int(math.Round(f.N))
		if f.N < 2 {
			return nil, ErrTooFew
		}
		addOuter(meat, total, total, -1/f.N)
		scaleMat(meat, f.N/(f.N-1))
	} else {
		c := float64(len(order))
		f.PSUs = len(order)
		if f.PSUs < 2 {
			return nil, ErrTooFew
		}
		mean := make([]float64, p)
		for _, id := range order {
			for j, v := range sums[id] {
				mean[j] += v / c
			}
		}
		d := make([]float64, p)
		for _, id := range order {
			for j, v := range sums[id] {
				d[j] = v - mean[j]
			}
			addOuter(meat, d, d, 1)
		}
		scaleMat(meat, c/(c-1))
	}
	f.Cov = sandwich(ainv, meat)
	f.Noise = sandwich(ainv, noise)
	return f, nil
}

// setMeans sets each design matrix row's fitted mean (a probability for
// a share).
func setMeans(fam Family, X [][]float64, beta, mu []float64) {
	for r, x := range X {
		mu[r] = dot(x, beta)
		if fam == Binomial {
			mu[r] = 1 / (1 + math.Exp(-mu[r]))
		}
	}
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

func square(p int) [][]float64 {
	m := make([][]float64, p)
	for i := range m {
		m[i] = make([]float64, p)
	}
	return m
}

func addOuter(m [][]float64, a, b []float64, f float64) {
	if f == 0 {
		return
	}
	for i := range a {
		for j := range b {
			m[i][j] += f * a[i] * b[j]
		}
	}
}

func scaleMat(m [][]float64, f float64) {
	for i := range m {
		for j := range m[i] {
			m[i][j] *= f
		}
	}
}

func mulVec(m [][]float64, v []float64) []float64 {
	out := make([]float64, len(m))
	for i := range m {
		out[i] = dot(m[i], v)
	}
	return out
}

// sandwich is A⁻¹ B A⁻¹ (A⁻¹ symmetric).
func sandwich(ainv, b [][]float64) [][]float64 {
	p := len(ainv)
	tmp, out := square(p), square(p)
	for i := 0; i < p; i++ {
		for j := 0; j < p; j++ {
			for k := 0; k < p; k++ {
				tmp[i][j] += ainv[i][k] * b[k][j]
			}
		}
	}
	for i := 0; i < p; i++ {
		for j := 0; j < p; j++ {
			for k := 0; k < p; k++ {
				out[i][j] += tmp[i][k] * ainv[k][j]
			}
		}
	}
	return out
}

// invert inverts a symmetric positive definite matrix by Gauss–Jordan
// elimination with partial pivoting; a pivot below 1e-10 of the largest
// diagonal element means the predictors are collinear.
func invert(a [][]float64) ([][]float64, error) {
	p := len(a)
	m := square(p)
	inv := square(p)
	scale := 0.0
	for i := range a {
		copy(m[i], a[i])
		inv[i][i] = 1
		scale = math.Max(scale, math.Abs(a[i][i]))
	}
	if scale == 0 {
		return nil, ErrSingular
	}
	for col := 0; col < p; col++ {
		piv := col
		for r := col + 1; r < p; r++ {
			if math.Abs(m[r][col]) > math.Abs(m[piv][col]) {
				piv = r
			}
		}
		if math.Abs(m[piv][col]) < 1e-10*scale {
			return nil, ErrSingular
		}
		m[col], m[piv] = m[piv], m[col]
		inv[col], inv[piv] = inv[piv], inv[col]
		d := m[col][col]
		for j := 0; j < p; j++ {
			m[col][j] /= d
			inv[col][j] /= d
		}
		for r := 0; r < p; r++ {
			if r == col || m[r][col] == 0 {
				continue
			}
			f := m[r][col]
			for j := 0; j < p; j++ {
				m[r][j] -= f * m[col][j]
				inv[r][j] -= f * inv[col][j]
			}
		}
	}
	return inv, nil
}
