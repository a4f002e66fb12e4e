package indicator

import (
	"math"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// Reliability flags, the way statistical offices flag an estimate that is
// shown but should be read with care:
//
//   - A share follows the NCHS data presentation standards for proportions
//     (Parker et al. 2017, Vital and Health Statistics 2(175)): unreliable
//     when its effective n is under 30, when its 95% interval is 30
//     percentage points wide or wider, or when the interval is wider than 5
//     points and wider than 130% of the share itself; to be read with
//     caution when the design has fewer than 8 degrees of freedom, and
//     when the share is 0 or 1 (nobody or everybody: the interval rests on
//     no variance at all).
//   - A mean or an index follows the coefficient of variation bands of
//     Statistics Canada: CV = standard error / mean, with the scale's
//     lowest value as its zero; over 16.5% to be read with caution, over
//     33.3% unreliable. Fewer than 8 degrees of freedom: caution, as for
//     shares.
//   - A shown number without an interval (one session, or a
//     professionals' cell of one response) is unreliable.
//
// A hidden cell has no flag: it has no number to flag. The effective n is
// the published one, n / max(deff, 1), or n where no design effect could
// be estimated.

// Reliability levels.
const (
	Reliable   = "ok"
	Caution    = "caution"
	Unreliable = "unreliable"
)

// Reasons a number is flagged.
const (
	ReasonNEffective = "n_effective"    // a share's effective n under 30
	ReasonWidth      = "width"          // a share's interval 0.30 wide or wider
	ReasonRelative   = "relative_width" // wider than 0.05 and than 130% of the share
	ReasonExtreme    = "extreme"        // a share of 0 or 1
	ReasonCV         = "cv"             // a mean's CV over 16.5% (caution) or 33.3%
	ReasonDF         = "df"             // fewer than 8 degrees of freedom
	ReasonNoInterval = "no_interval"    // shown without an interval
)

// The thresholds.
const (
	FlagMinNEffective = 30
	FlagMaxWidth      = 0.30
	FlagMinRelWidth   = 0.05
	FlagMaxRelWidth   = 1.30
	FlagCVCaution     = 0.165
	FlagCVUnreliable  = 0.333
	FlagMinDF         = 8
)

// Reliability is a shown number's flag and why.
type Reliability struct {
	Level   string   // Reliable, Caution or Unreliable; "" for a hidden cell
	Reasons []string // in the order above; none when reliable
	CV      float64  // a mean's coefficient of variation; NaN for a share
}

// Flag returns the reliability of a shown cell of an indicator of kind on
// scale, whose interval has df degrees of freedom.
func Flag(c *Cell, kind survey.IndicatorKind, scale [2]float64, df int) Reliability {
	r := Reliability{CV: math.NaN()}
	if c.Suppressed || math.IsNaN(c.Value) {
		return r
	}
	r.Level = Reliable
	bad := func(reason string) {
		r.Level = Unreliable
		r.Reasons = append(r.Reasons, reason)
	}
	careful := func(reason string) {
		if r.Level == Reliable {
			r.Level = Caution
		}
		r.Reasons = append(r.Reasons, reason)
	}
	if math.IsNaN(c.Lower) || math.IsNaN(c.Upper) {
		bad(ReasonNoInterval)
		return r
	}
	if kind == survey.Share {
		neff := c.NEffective
		if math.IsNaN(neff) {
			neff = float64(c.N)
		}
		width := c.Upper - c.Lower
		if neff < FlagMinNEffective {
			bad(ReasonNEffective)
		}
		if width >= FlagMaxWidth {
			bad(ReasonWidth)
		} else if width > FlagMinRelWidth && width > FlagMaxRelWidth*c.Value {
			bad(ReasonRelative)
		}
		if c.Value == 0 || c.Value == 1 {
			careful(ReasonExtreme)
		}
	} else {
		above := c.Value - scale[0]
		r.CV = math.Inf(1)
		if above > 0 && !math.IsNaN(c.SE) {
			r.CV = c.SE / above
		}
		switch {
		case math.IsNaN(c.SE):
		case r.CV > FlagCVUnreliable:
			bad(ReasonCV)
		case r.CV > FlagCVCaution:
			careful(ReasonCV)
		}
	}
	if df < FlagMinDF {
		careful(ReasonDF)
	}
	return r
}

// flagGrid flags every shown cell of a result on sessions - 1 degrees of
// freedom.
func flagGrid(res *Result) {
	for _, c := range res.Grid.all() {
		c.Reliability = Flag(c, res.Indicator.Kind, res.Scale, c.Clusters-1)
	}
}
