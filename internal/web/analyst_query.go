package web

import (
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// byFrom reads up to two breakdowns from "by=age_band,gender".
func byFrom(q url.Values) ([]indicator.Dim, error) {
	var out []indicator.Dim
	for _, b := range indicator.QueryList(q, "by") {
		d := indicator.Dim(b)
		if !slices.Contains(indicator.Dims, d) {
			return nil, fault.Field("by", "error.breakdown_invalid", "unknown breakdown "+clip(b))
		}
		out = append(out, d)
	}
	if len(out) > 2 {
		return nil, fault.Field("by", "error.breakdown_invalid", "at most two breakdowns")
	}
	return out, nil
}

// analystQuery is what an analyst asked for, checked.
type analystQuery struct {
	Filter  indicator.Filter
	By      []indicator.Dim
	Period  string
	Raw     url.Values
	MinBase int
	Weights string // "" or indicator.WeightsPopulation
}

// analystParams are the query parameters analyst pages, the API and the
// exports read besides the filters; any other is refused.
var analystParams = []string{"by", "period", "survey", "indicator", "bom", "semicolon", "texts", "lang",
	"limit", "cursor", "suppressed", // the API's paging
	"area", "at", // a registration indicator's page
	"weights", // weights=population
}

// narrowed reports whether the query selects, breaks down or weights
// children, which only children's surveys can answer.
func (aq *analystQuery) narrowed() bool {
	return !aq.Filter.IsZero() || len(aq.By) > 0 || aq.Weights != ""
}

func (a *App) analystQuery(c *gin.Context) (*analystQuery, error) {
	q := c.Request.URL.Query()
	f, err := indicator.FilterFromQuery(q, analystParams...)
	if err != nil {
		return nil, err
	}
	by, err := byFrom(q)
	if err != nil {
		return nil, err
	}
	period := q.Get("period")
	if period != "" && !slices.Contains(indicator.Periods, period) {
		return nil, fault.Field("period", "error.breakdown_invalid", "period must be month, quarter or year")
	}
	weights, err := weightsFrom(q)
	if err != nil {
		return nil, err
	}
	return &analystQuery{Filter: f, By: by, Period: period, Raw: q, MinBase: a.Config.MinBase, Weights: weights}, nil
}

// weightsFrom reads weights=population; left out or empty, every child
// counts once.
func weightsFrom(q url.Values) (string, error) {
	switch w := q["weights"]; {
	case len(w) > 1:
		return "", fault.Field("weights", "error.filter_one_value", "weights takes one value")
	case len(w) == 0 || w[0] == "":
		return "", nil
	case w[0] == indicator.WeightsPopulation:
		return w[0], nil
	}
	return "", fault.Field("weights", "error.weights_invalid", "weights must be population or left out")
}

// indicatorRef is one indicator of one survey.
// queries asks the same of each indicator: this page's breakdowns,
// period and filters.
func (aq *analystQuery) queries(refs []indicatorRef, k int) []indicator.Query {
	qs := make([]indicator.Query, len(refs))
	for i, ref := range refs {
		qs[i] = indicator.Query{Survey: ref.Survey.ID, Indicator: ref.Indicator.ID, By: aq.By, Period: aq.Period, Filter: aq.Filter, K: k, MinBase: aq.MinBase, Weights: aq.Weights}
	}
	return qs
}

type indicatorRef struct {
	Survey    *survey.Survey
	Indicator *survey.Indicator
}

// indicatorsIn lists the indicators asked for: one, a survey's, or all.
func (a *App) indicatorsIn(surveyID, indicatorID string) ([]indicatorRef, error) {
	var out []indicatorRef
	for _, s := range a.Catalog.Surveys() {
		if surveyID != "" && s.ID != surveyID {
			continue
		}
		for _, ind := range s.Indicators {
			if indicatorID == "" || ind.ID == indicatorID {
				out = append(out, indicatorRef{Survey: s, Indicator: ind})
			}
		}
	}
	if len(out) == 0 && (surveyID != "" || indicatorID != "") {
		return nil, fault.New(fault.NotFound, "error.indicator_unknown", "no such survey or indicator")
	}
	return out, nil
}

// levelLabel turns a breakdown level into words for pages and exports.
func (a *App) levelLabel(t func(string, ...any) string, d indicator.Dim, key string, orgs map[string]string) string {
	return export.LevelLabel(a.Catalog, t, d, key, orgs)
}

func (a *App) organisationNames(c *gin.Context) map[string]string {
	out, err := export.OrganisationNames(c.Request.Context(), a.Store)
	if err != nil {
		return map[string]string{}
	}
	return out
}
