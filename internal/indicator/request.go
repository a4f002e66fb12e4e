package indicator

import (
	"net/url"
	"slices"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Request is what an analyst asked for, checked: the filters, up to two
// breakdowns, a period and the weights. Pages, the API, every export
// (microdata too) and the command line read it with ParseRequest, so a
// query means the same wherever it is typed.
type Request struct {
	Filter  Filter
	By      []Dim
	Period  string // "", month, quarter or year
	Weights string // "" or WeightsPopulation
	Raw     url.Values
}

// RequestParams are the parameters ParseRequest reads besides the filters.
var RequestParams = []string{"by", "period", "weights"}

// ParseRequest reads a query string: the filters (FilterFromQuery), "by",
// "period" and "weights". A region is named by its NIS code or old slug
// and comes out as its NIS code; an unknown one is refused, as is any
// parameter that is neither read here nor in others (the caller's own).
func ParseRequest(q url.Values, cat *survey.Catalog, others ...string) (Request, error) {
	r := Request{Raw: q}
	var err error
	if r.Filter, err = FilterFromQuery(q, append(slices.Clip(others), RequestParams...)...); err != nil {
		return r, err
	}
	for i, code := range r.Filter.Regions {
		reg, ok := cat.Region(code)
		if !ok {
			return r, fault.Field("region", "error.filter_invalid", "no region "+clipParam(code))
		}
		r.Filter.Regions[i] = reg.Code
	}
	if r.By, err = ParseBy(q); err != nil {
		return r, err
	}
	if r.Period, err = ParsePeriod(q); err != nil {
		return r, err
	}
	switch w := q["weights"]; {
	case len(w) > 1:
		return r, fault.Field("weights", "error.filter_one_value", "weights takes one value")
	case len(w) == 0 || w[0] == "":
	case w[0] == WeightsPopulation:
		r.Weights = w[0]
	default:
		return r, fault.Field("weights", "error.weights_invalid", "weights must be population or left out")
	}
	return r, nil
}

// ParseBy reads up to two breakdowns from "by=age_band,gender".
func ParseBy(q url.Values) ([]Dim, error) {
	var out []Dim
	for _, b := range QueryList(q, "by") {
		d := Dim(b)
		if !slices.Contains(Dims, d) {
			return nil, fault.Field("by", "error.breakdown_invalid", "unknown breakdown "+clipParam(b))
		}
		out = append(out, d)
	}
	if len(out) > 2 {
		return nil, fault.Field("by", "error.breakdown_invalid", "at most two breakdowns")
	}
	return out, nil
}

// ParsePeriod reads "period": month, quarter, year, or nothing.
func ParsePeriod(q url.Values) (string, error) {
	p := q.Get("period")
	if p != "" && !slices.Contains(Periods, p) {
		return "", fault.Field("period", "error.breakdown_invalid", "period must be month, quarter or year")
	}
	return p, nil
}

// Narrowed reports whether the request selects, breaks down or weights
// children, which only children's surveys can answer.
func (r Request) Narrowed() bool {
	return !r.Filter.IsZero() || len(r.By) > 0 || r.Weights != ""
}

// Query asks the request of one indicator under a disclosure policy.
func (r Request) Query(ref survey.IndicatorRef, p release.Policy) Query {
	return Query{Survey: ref.Survey.ID, Indicator: ref.Indicator.ID, By: r.By, Period: r.Period, Filter: r.Filter, Policy: p, Weights: r.Weights}
}

// clipParam keeps an attacker's value from filling logs and error bodies.
func clipParam(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	return s
}
