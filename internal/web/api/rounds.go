package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// apiRoundAnswer is a closed round's matrix results as JSON: one cell per
// statement × group with the same fields as every other API cell, plus
// the distribution over the scale's codes; the pools; and the comments,
// shuffled and masked.
type apiRoundAnswer struct {
	Round     int64  `json:"round"`
	Survey    string `json:"survey"`
	Version   int    `json:"survey_version"`
	K         int    `json:"k"`
	By        string `json:"by,omitempty"`
	Responses int    `json:"responses"`
	// Invited is the number of links of a round with one link per
	// invited organisation (none for an open link); FPC is the finite
	// population correction 1 - responses/invited every variance of the
	// round is multiplied by (1 for an open link).
	Invited   int                 `json:"invited,omitempty"`
	FPC       float64             `json:"finite_population_correction"`
	Cells     []apiMatrixCell     `json:"cells"`
	Pools     []apiRoundPool      `json:"pools"`
	Questions []apiRoundQuestion  `json:"questions"`
	Comments  map[string][]string `json:"comments"`
}

// apiRoundQuestion is a profile or awareness question: n, "don't know",
// skipped, and the share of each answer, all absent when hidden.
type apiRoundQuestion struct {
	Item string `json:"item"`
	apiCell
	Answers []apiBucket `json:"answers,omitempty"`
}

type apiMatrixCell struct {
	Section   string `json:"section"`
	Statement string `json:"statement"`
	Row       string `json:"row"`
	apiCell
	Distribution map[string]int `json:"distribution,omitempty"`
}

type apiRoundPool struct {
	Indicator string    `json:"indicator"`
	By        string    `json:"by"`
	Title     string    `json:"title"`
	Theme     string    `json:"theme"`
	CRC       []int     `json:"crc"`
	Cells     []apiCell `json:"cells"`
}

func apiMatrixOf(r *store.Round, v *indicator.RoundResults, k int, t func(id string, args ...any) string) apiRoundAnswer {
	out := apiRoundAnswer{Round: r.ID, Survey: r.SurveyID, Version: r.SurveyVersion, K: k, Responses: v.Matrix.Responses,
		Cells: []apiMatrixCell{}, Pools: []apiRoundPool{}, Questions: []apiRoundQuestion{}, Comments: map[string][]string{},
		FPC: indicator.RoundFPC(r, v.Matrix.Responses)}
	if !r.OpenLink {
		out.Invited = r.Links
	}
	// Without a breakdown one matrix and no levels; with one, the overall
	// ("all") and then each level.
	matrices, levels := []*indicator.Matrix{v.Matrix}, []*indicator.BreakdownLevel{nil}
	byLevel := func(lv *indicator.BreakdownLevel, m map[string]string) map[string]string {
		if v.Breakdown != nil {
			if m == nil {
				m = map[string]string{}
			}
			m[v.Breakdown.By.ID] = lv.Key()
		}
		return m
	}
	if v.Breakdown != nil {
		out.By = v.Breakdown.By.ID
		for _, lv := range v.Breakdown.Levels {
			matrices, levels = append(matrices, lv.Matrix), append(levels, lv)
		}
	}
	for x, m := range matrices {
		for _, b := range m.Blocks {
			for _, mi := range b.Items {
				for _, c := range mi.Cells {
					mc := apiMatrixCell{Section: b.Section.ID, Statement: mi.Item.ID, Row: c.Row, apiCell: apiCellOf(&c.Cell, byLevel(levels[x], nil))}
					if !c.Suppressed {
						mc.Distribution = map[string]int{}
						for i, n := range c.Dist {
							mc.Distribution[strconv.Itoa(mi.Item.ScaleDef().First()+i)] = n
						}
					}
					out.Cells = append(out.Cells, mc)
				}
			}
		}
	}
	for p, pool := range v.Matrix.Pools {
		ind := pool.Indicator
		ap := apiRoundPool{Indicator: ind.ID, By: ind.By, Title: t(ind.Title), Theme: ind.Theme, CRC: ind.CRC, Cells: []apiCell{}}
		for x, m := range matrices {
			for _, lv := range m.Pools[p].Levels {
				ap.Cells = append(ap.Cells, apiCellOf(&lv.Cell, byLevel(levels[x], map[string]string{ind.By: lv.ID})))
			}
		}
		out.Pools = append(out.Pools, ap)
	}
	for _, cr := range v.Matrix.Choices {
		q := apiRoundQuestion{Item: cr.Item.ID, apiCell: apiCellOf(&cr.Cell, nil)}
		for _, b := range cr.Answers {
			q.Answers = append(q.Answers, apiBucket{Code: b.Code, Label: t(b.Label), Share: num(b.Value), Suppressed: b.Suppressed})
		}
		out.Questions = append(out.Questions, q)
	}
	for _, cb := range v.Comments {
		out.Comments[cb.ItemID] = cb.Texts
	}
	return out
}

// poolIndicators answers /api/v1/indicators?survey=ID for a
// professionals' survey: its pool and share indicators over every closed
// round of the survey's current version that the caller may see, a pool
// with one cell per section or group. Such surveys are not in the
// children's index, and their filters (age, gender, setting) do not apply.
func (h *Handler) poolIndicators(c *gin.Context, s *survey.Survey) {
	req, err := indicator.ParseRequest(c.Request.URL.Query(), h.Catalog, httpkit.AnalystParams...)
	var results []*indicator.Result
	if err == nil {
		results, err = indicator.ProfessionalPools(c.Request.Context(), h.Store, h.Catalog, req, httpkit.Org(httpkit.ViewerOf(c)), s.ID, c.Query("indicator"), h.Release(c), h.Store.Now())
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	l := h.Localizer(c)
	out := apiAnswer{K: h.K(), Indicators: []apiIndicator{}}
	for _, res := range results {
		out.Indicators = append(out.Indicators, apiIndicatorOf(res, l.T(res.Indicator.Title), l.T(res.Indicator.Definition), l.T))
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, out)
}

// RoundResults is GET /api/v1/rounds/{id}/results: a closed round's
// results as on its page, hidden cells with no numbers at all.
func (h *Handler) RoundResults(c *gin.Context) {
	r, s, ok := h.StaffRound(c)
	if !ok {
		return
	}
	by, err := indicator.RoundBreakdown(s, c.Query("by"))
	var res *indicator.RoundResults
	if err == nil {
		res, err = indicator.ResultsOfRound(c.Request.Context(), h.Store, r, s, by, h.Release(c), h.Store.Now())
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	c.JSON(http.StatusOK, apiMatrixOf(r, res, h.K(), h.Localizer(c).T))
}
