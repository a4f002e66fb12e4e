package web

import (
	"math"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// apiDifference is one comparison of two levels of a one-way breakdown:
// a minus b with its 95% interval; numbers and significant are null when
// the pair is not tested, and reason says why.
type apiDifference struct {
	A           map[string]string `json:"a"`
	B           map[string]string `json:"b"`
	Estimate    *float64          `json:"estimate"`
	Lower       *float64          `json:"lower"`
	Upper       *float64          `json:"upper"`
	Rho         *float64          `json:"rho"` // correlation through shared sessions
	Significant *bool             `json:"significant"`
	Reason      string            `json:"reason,omitempty"` // suppressed, no_interval, no_value
}

func apiDifferencesOf(res *indicator.Result) []apiDifference {
	if len(res.Differences) == 0 {
		return nil
	}
	dim := string(res.By[0])
	out := make([]apiDifference, len(res.Differences))
	for i, d := range res.Differences {
		x := apiDifference{A: map[string]string{dim: res.Rows[d.A].Key}, B: map[string]string{dim: res.Rows[d.B].Key}, Reason: d.Reason}
		if d.Reason == "" {
			sig, rho := d.Significant, d.Rho
			x.Estimate, x.Lower, x.Upper, x.Rho, x.Significant = num(d.Estimate), num(d.Lower), num(d.Upper), &rho, &sig
		}
		out[i] = x
	}
	return out
}

// diffRow is one comparison on the indicator page.
type diffRow struct {
	Label, Estimate, Interval, Verdict string
	Significant                        bool
}

// differenceRows writes the comparisons in the reader's language: a share's
// difference in percentage points, a mean's on its scale.
func (a *App) differenceRows(t func(string, ...any) string, nf numberFormat, res *indicator.Result, label func(int, string) string) []diffRow {
	format := func(v float64) string {
		switch {
		case res.Indicator.Kind == survey.Share:
			return t("differences.points", "V", nf.p.Sprintf("%+d", int(math.Round(v*100))))
		case res.Scale[1] <= 10:
			return nf.p.Sprintf("%+.1f", v)
		}
		return nf.p.Sprintf("%+d", int(math.Round(v)))
	}
	var out []diffRow
	for _, d := range res.Differences {
		row := diffRow{Label: label(0, res.Rows[d.A].Key) + " − " + label(0, res.Rows[d.B].Key)}
		switch d.Reason {
		case "":
			row.Estimate, row.Interval, row.Significant = format(d.Estimate), format(d.Lower)+" – "+format(d.Upper), d.Significant
			row.Verdict = t("differences.within")
			if d.Significant {
				row.Verdict = t("differences.larger")
			}
		case indicator.NoTestSuppressed:
			row.Verdict = t("differences.untested_hidden")
		default:
			row.Verdict = t("differences.untested_interval")
		}
		out = append(out, row)
	}
	return out
}
