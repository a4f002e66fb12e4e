package api

import (
	"github.com/kinderstem/kinderstem/internal/indicator"
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
	// P is the difference's two-sided p-value, PHolm the same adjusted by
	// Holm's method over every pair of this breakdown.
	P      *float64 `json:"p"`
	PHolm  *float64 `json:"p_holm"`
	Reason string   `json:"reason,omitempty"` // suppressed, no_interval, no_value
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
			x.P, x.PHolm = num(d.P), num(d.PHolm)
		}
		out[i] = x
	}
	return out
}

// apiOverall is the Wald test that every tested level of a one-way
// breakdown has the same value (indicator.Overall).
type apiOverall struct {
	F      float64 `json:"f"`
	DF1    int     `json:"df1"`
	DF2    int     `json:"df2"`
	P      float64 `json:"p"`
	Levels int     `json:"levels"`
}

// apiTrend is the linear trend per period of a breakdown by period
// (indicator.Trend).
type apiTrend struct {
	Slope   float64 `json:"slope"`
	SE      float64 `json:"se"`
	Lower   float64 `json:"lower"`
	Upper   float64 `json:"upper"`
	DF      int     `json:"df"`
	P       float64 `json:"p"`
	Periods int     `json:"periods"`
}

func apiOverallOf(o *indicator.Overall) *apiOverall {
	if o == nil {
		return nil
	}
	return &apiOverall{F: o.F, DF1: o.DF1, DF2: o.DF2, P: o.P, Levels: o.Levels}
}

func apiTrendOf(t *indicator.Trend) *apiTrend {
	if t == nil {
		return nil
	}
	return &apiTrend{Slope: t.Slope, SE: t.SE, Lower: t.Lower, Upper: t.Upper, DF: t.DF, P: t.P, Periods: t.Periods}
}
