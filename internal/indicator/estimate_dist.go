package indicator

import "math"

// The distributions the estimators need: Student's t, Fisher's F and the
// beta distribution, all through the regularised incomplete beta function
// I_x(a, b) (Abramowitz and Stegun 26.5.8, evaluated as a continued
// fraction with Lentz's method). Each is checked against R in
// estimate_dist_test.go.

// RegIncBeta returns I_x(a, b), the beta(a, b) distribution function at x.
func RegIncBeta(x, a, b float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsNaN(a) || math.IsNaN(b) || a < 0 || b < 0:
		return math.NaN()
	case x <= 0 || b == 0:
		return 0
	case x >= 1 || a == 0:
		return 1
	}
	lbeta := lgamma(a+b) - lgamma(a) - lgamma(b)
	front := math.Exp(lbeta + a*math.Log(x) + b*math.Log1p(-x))
	// The continued fraction converges fast for x below the mean; above
	// it, I_x(a, b) = 1 - I_(1-x)(b, a).
	if x < (a+1)/(a+b+2) {
		return front * betaFraction(x, a, b) / a
	}
	return 1 - front*betaFraction(1-x, b, a)/b
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// betaFraction evaluates the continued fraction of I_x(a, b) (Numerical
// Recipes' betacf). It takes about sqrt(max(a, b)) terms near the mean.
func betaFraction(x, a, b float64) float64 {
	const tiny = 1e-300
	qab, qap, qam := a+b, a+1, a-1
	c, d := 1.0, 1-qab*x/qap
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 100000; m++ {
		mf := float64(m)
		m2 := 2 * mf
		aa := mf * (b - mf) * x / ((qam + m2) * (a + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		aa = -(a + mf) * (qab + mf) * x / ((a + m2) * (qap + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-15 {
			break
		}
	}
	return h
}

// BetaQuantile returns the p-quantile of the beta(a, b) distribution:
// Newton's method on RegIncBeta from a normal approximation, kept inside
// a bracket that bisection narrows when a step leaves it.
func BetaQuantile(p, a, b float64) float64 {
	switch {
	case math.IsNaN(p) || math.IsNaN(a) || math.IsNaN(b) || a < 0 || b < 0:
		return math.NaN()
	case p <= 0 || a == 0:
		return 0
	case p >= 1 || b == 0:
		return 1
	}
	lbeta := lgamma(a+b) - lgamma(a) - lgamma(b)
	mean := a / (a + b)
	sd := math.Sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)))
	x := mean + sd*normalQuantile(p)
	lo, hi := 0.0, 1.0
	if !(x > 0 && x < 1) {
		x = mean
	}
	for range 300 {
		f := RegIncBeta(x, a, b) - p
		if f == 0 {
			return x
		}
		if f < 0 {
			lo = x
		} else {
			hi = x
		}
		density := math.Exp((a-1)*math.Log(x) + (b-1)*math.Log1p(-x) + lbeta)
		next := x - f/density
		if density == 0 || math.IsInf(density, 0) || math.IsNaN(next) || next <= lo || next >= hi {
			switch {
			case lo == 0:
				next = hi / 1024 // a quantile far below hi: step down fast
			case hi/lo > 1024:
				next = math.Sqrt(lo * hi) // bisect on the log scale
			default:
				next = (lo + hi) / 2
			}
		}
		if math.Abs(next-x) <= 1e-15*math.Max(x, 1e-300) || hi-lo <= 1e-16*hi {
			return next
		}
		x = next
	}
	return x
}

// normalQuantile is the p-quantile of the standard normal.
func normalQuantile(p float64) float64 { return math.Sqrt2 * math.Erfinv(2*p-1) }

// TCDF returns P(T <= t) for Student's t with df degrees of freedom.
func TCDF(t, df float64) float64 {
	if math.IsNaN(t) || !(df > 0) {
		return math.NaN()
	}
	tail := RegIncBeta(df/(df+t*t), df/2, 0.5) / 2 // P(T > |t|)
	if t > 0 {
		return 1 - tail
	}
	return tail
}

// TQuantile returns the p-quantile of Student's t with df degrees of
// freedom (any df > 0, not only whole ones).
func TQuantile(p, df float64) float64 {
	switch {
	case math.IsNaN(p) || !(df > 0) || p <= 0 || p >= 1:
		return math.NaN()
	case p == 0.5:
		return 0
	case p < 0.5:
		return -TQuantile(1-p, df)
	}
	// P(T > t) = 1-p = I_x(df/2, 1/2)/2 with x = df/(df+t^2).
	x := BetaQuantile(2*(1-p), df/2, 0.5)
	return math.Sqrt(df * (1 - x) / x)
}

// TTwoSided returns the two-sided p-value of a t statistic on df degrees
// of freedom.
func TTwoSided(t, df float64) float64 {
	if math.IsNaN(t) || !(df > 0) {
		return math.NaN()
	}
	return RegIncBeta(df/(df+t*t), df/2, 0.5)
}

// FUpper returns P(F > f) for Fisher's F with d1 and d2 degrees of freedom.
func FUpper(f, d1, d2 float64) float64 {
	if math.IsNaN(f) || !(d1 > 0) || !(d2 > 0) {
		return math.NaN()
	}
	if f <= 0 {
		return 1
	}
	return RegIncBeta(d2/(d2+d1*f), d2/2, d1/2)
}
