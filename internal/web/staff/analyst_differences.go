package staff

import (
	"math"
	"strings"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// diffRow is one comparison on the indicator page.
type diffRow struct {
	Label, Estimate, Interval, Verdict string
	P, PHolm                           string // p-values, unadjusted and Holm's; "" when untested
	Significant                        bool
}

// differenceRows writes the comparisons in the reader's language: a share's
// difference in percentage points, a mean's on its scale.
func (h *Handler) differenceRows(t func(string, ...any) string, nf numberFormat, res *indicator.Result, label func(int, string) string) []diffRow {
	format := differenceFormat(t, nf, res)
	var out []diffRow
	for _, d := range res.Differences {
		row := diffRow{Label: label(0, res.Rows[d.A].Key) + " − " + label(0, res.Rows[d.B].Key)}
		switch d.Reason {
		case "":
			row.Estimate, row.Interval, row.Significant = format(d.Estimate), format(d.Lower)+" – "+format(d.Upper), d.Significant
			row.P, row.PHolm = nf.pValue(d.P), nf.pValue(d.PHolm)
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

// pValue writes a p-value with three decimals, "< 0.001" below that.
func (nf numberFormat) pValue(p float64) string {
	switch {
	case math.IsNaN(p):
		return ""
	case p < 0.001:
		return "< " + nf.p.Sprintf("%.3f", 0.001)
	}
	return nf.p.Sprintf("%.3f", p)
}

// differenceFormat writes a difference (or a trend per period): a share's
// in percentage points, a mean's on its scale.
func differenceFormat(t func(string, ...any) string, nf numberFormat, res *indicator.Result) func(float64) string {
	return func(v float64) string {
		switch {
		case res.Indicator.Kind == survey.Share:
			return t("differences.points", "V", nf.p.Sprintf("%+d", int(math.Round(v*100))))
		case res.Scale[1] <= 10:
			return nf.p.Sprintf("%+.1f", v)
		}
		return nf.p.Sprintf("%+d", int(math.Round(v)))
	}
}

// testSentences says in words what the overall test across a breakdown
// and the trend over periods found; none when there was no test.
func testSentences(t func(string, ...any) string, nf numberFormat, res *indicator.Result) []string {
	var out []string
	if o := res.Overall; o != nil {
		out = append(out, t("tests.overall", "Levels", o.Levels, "F", nf.p.Sprintf("%.2f", o.F), "DF1", o.DF1, "DF2", o.DF2, "P", nf.pRelation(o.P)))
	}
	if tr := res.Trend; tr != nil {
		format := differenceFormat(t, nf, res)
		out = append(out, t("tests.trend", "Slope", format(tr.Slope), "Lower", format(tr.Lower), "Upper", format(tr.Upper), "P", nf.pRelation(tr.P)))
	}
	return out
}

// pRelation writes a p-value for a sentence: "= 0.012", or "< 0.001".
func (nf numberFormat) pRelation(p float64) string {
	v := nf.pValue(p)
	if strings.HasPrefix(v, "<") {
		return v
	}
	return "= " + v
}
