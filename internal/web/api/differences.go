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
