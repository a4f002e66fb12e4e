package web

import (
	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// professionalResults computes the indicators of the professionals'
// surveys (one survey when surveyID names one; indicatorID narrows them
// down) over every closed round of each survey's current version that the
// caller may see: an admin or API token every organisation's, an analyst
// their own. Results of a round exist only once it has closed.
//
// Their answers have no age, gender, setting, period or weight: a query
// that filters, breaks down or weights children gets none of them when it
// lists every survey, and a clear refusal when it names one, rather than
// unfiltered figures beside filtered ones.
func (a *App) professionalResults(c *gin.Context, surveyID, indicatorID string) ([]*indicator.Result, error) {
	aq, err := a.analystQuery(c)
	if err != nil {
		return nil, err
	}
	if aq.narrowed() {
		if surveyID == "" {
			return nil, nil
		}
		return nil, fault.Field("survey", "error.professional_filters", "filters, breakdowns and weights are for children's surveys")
	}
	org := int64(0)
	if v := viewer(c); v != nil && !v.Is("admin") {
		org = v.OrganisationID
	}
	all, err := a.Store.Rounds(c.Request.Context(), org)
	if err != nil {
		return nil, err
	}
	ctx := c.Request.Context()
	now := a.Store.Now()
	var out []*indicator.Result
	for _, s := range a.Catalog.Professional() {
		if surveyID != "" && s.ID != surveyID {
			continue
		}
		var rounds []int64
		for _, r := range all {
			if r.SurveyID == s.ID && r.SurveyVersion == s.Version && !r.IsOpen(now) {
				rounds = append(rounds, r.ID)
			}
		}
		m, err := indicator.MatrixResults(s, func(f func(map[string]int) error) error {
			if len(rounds) == 0 {
				return nil
			}
			return a.Store.EachResponse(ctx, rounds, f)
		}, a.Config.K)
		if err != nil {
			return nil, err
		}
		for _, res := range indicator.ProfessionalResults(s, m, a.Config.K) {
			if indicatorID == "" || res.Indicator.ID == indicatorID {
				out = append(out, res)
			}
		}
	}
	return out, nil
}

// isProfessional reports whether surveyID names a professionals' survey.
func (a *App) isProfessional(surveyID string) (*survey.Survey, bool) {
	s, ok := a.Catalog.Survey(surveyID)
	return s, ok && s.ForProfessionals()
}
