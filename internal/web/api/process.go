package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/process"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// Process is GET /api/v1/process: the same numbers as JSON. A share
// without a base, and a withheld felt-heard share, are null; left_out
// names the groups whose felt-heard share is withheld (fewer than k
// children rated).
func (h *Handler) Process(c *gin.Context) {
	pq, err := process.ParseQuery(c.Request.URL.Query(), h.Catalog, h.Release(c), httpkit.ProcessParams...)
	var groups []process.Group
	if err == nil {
		groups, err = process.Load(c.Request.Context(), h.Store, pq)
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	out := apiProcessAnswer{K: h.K(), By: pq.By, Period: pq.Period, Filters: pq.Filter, Groups: []apiProcessGroup{}}
	for _, g := range groups {
		ag := apiProcessGroup{Levels: map[string]string{}, Sessions: g.Sessions, Prepared: g.Prepared, PreparedShare: num(g.PreparedShare), Closed: g.Closed, Answered: g.Answered,
			AnsweredShare: num(g.AnsweredShare), MedianDays: num(g.MedianDays), Parts: g.Parts, WeWill: g.WeWill,
			WeWillShare: num(g.WeWillShare), Topics: g.Topics, TopicsWeWill: g.TopicsWeWill, TopicsWeWillShare: num(g.TopicsWeWillShare),
			HeardSuppressed: g.HeardHidden}
		if g.Organisation != 0 {
			ag.Levels["organisation"] = strconv.FormatInt(g.Organisation, 10)
		}
		if g.Region != "" {
			ag.Levels["region"] = g.Region
		}
		if g.Period != "" {
			ag.Levels["period"] = g.Period
		}
		if g.HeardHidden {
			out.LeftOut = append(out.LeftOut, g.Key())
		} else {
			ag.Raters, ag.HeardShare = &g.Raters, num(g.HeardShare)
		}
		out.Groups = append(out.Groups, ag)
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, out)
}

type apiProcessAnswer struct {
	K       int               `json:"k"`
	By      string            `json:"by,omitempty"`
	Period  string            `json:"period,omitempty"`
	Filters indicator.Filter  `json:"filters"`
	Groups  []apiProcessGroup `json:"groups"`
	// LeftOut names the groups ("organisation=3,period=2026-Q1") whose
	// felt-heard share is withheld: fewer than k children rated there.
	LeftOut []string `json:"left_out,omitempty"`
}

type apiProcessGroup struct {
	Levels            map[string]string `json:"levels,omitempty"`
	Sessions          int               `json:"sessions"`
	Prepared          int               `json:"prepared"`
	PreparedShare     *float64          `json:"prepared_share"`
	Closed            int               `json:"closed"`
	Answered          int               `json:"answered"`
	AnsweredShare     *float64          `json:"answered_share"`
	MedianDays        *float64          `json:"median_days_to_answer"`
	Parts             int               `json:"answer_parts"`
	WeWill            int               `json:"we_will_parts"`
	WeWillShare       *float64          `json:"we_will_share"`
	Topics            int               `json:"topics"`
	TopicsWeWill      int               `json:"topics_we_will"`
	TopicsWeWillShare *float64          `json:"topics_we_will_share"`
	Raters            *int              `json:"heard_raters"`
	HeardShare        *float64          `json:"heard_share"`
	HeardSuppressed   bool              `json:"heard_suppressed"`
}
