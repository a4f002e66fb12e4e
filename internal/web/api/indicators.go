package api

import (
	"math"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// Indicators is GET /api/v1/indicators: the same numbers as the pages,
// for staff sessions and API tokens. Hidden cells have null numbers and
// "suppressed": true, exactly like the exports.
func (h *Handler) Indicators(c *gin.Context) {
	surveyID, indicatorID := c.Query("survey"), c.Query("indicator")
	if s, ok := h.Catalog.Survey(surveyID); ok && s.ForProfessionals() {
		h.poolIndicators(c, s)
		return
	}
	ix := h.Index()
	if ix == nil {
		c.Header("Retry-After", "5")
		h.Fail(c, httpkit.ErrCounting)
		return
	}
	req, err := indicator.ParseRequest(c.Request.URL.Query(), h.Catalog, httpkit.AnalystParams...)
	if err != nil {
		h.Fail(c, err)
		return
	}
	if surveyID == "registration" {
		h.registration(c, req)
		return
	}
	refs, err := h.Catalog.Indicators(surveyID, indicatorID)
	if err != nil {
		h.Fail(c, err)
		return
	}
	page, err := pageFrom(req.Raw)
	if err != nil {
		h.Fail(c, err)
		return
	}
	out := apiAnswer{K: h.K(), By: req.By, Filters: req.Filter}
	l := h.Localizer(c)
	qs := make([]indicator.Query, len(refs))
	for i, ref := range refs {
		qs[i] = req.Query(ref, h.Release(c))
	}
	results, err := ix.ComputeAll(qs)
	if indicator.BaseTooSmall(err) && indicatorID == "" {
		// No survey has enough children here: each is listed as left out,
		// and the registration figures still answer.
		results, err = make([]*indicator.Result, len(refs)), nil
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	for i, res := range results {
		if res == nil {
			out.LeftOut = append(out.LeftOut, refs[i].Survey.ID+"/"+refs[i].Indicator.ID)
			continue
		}
		ind := apiIndicatorOf(res, l.T(refs[i].Indicator.Title), l.T(refs[i].Indicator.Definition), l.T)
		ind.apiMeta = h.apiMetaOf(&refs[i].Indicator.Meta, l.T)
		out.Indicators = append(out.Indicators, ind)
	}
	if surveyID == "" && indicatorID == "" {
		// The professionals' surveys' indicators, over their closed rounds.
		pro, err := indicator.ProfessionalPools(c.Request.Context(), h.Store, h.Catalog, req, httpkit.Org(httpkit.ViewerOf(c)), "", "", h.Release(c), h.Store.Now())
		if err != nil {
			h.Fail(c, err)
			return
		}
		for _, res := range pro {
			ind := apiIndicatorOf(res, l.T(res.Indicator.Title), l.T(res.Indicator.Definition), l.T)
			ind.apiMeta = h.apiMetaOf(&res.Indicator.Meta, l.T)
			out.Indicators = append(out.Indicators, ind)
		}
		reg, leftOut, err := h.registrationIndicators(c, req)
		if err != nil {
			h.Fail(c, err)
			return
		}
		out.Indicators = append(out.Indicators, reg...)
		out.LeftOut = append(out.LeftOut, leftOut...)
	}
	out.Indicators, out.TotalCells, out.NextCursor = page.apply(out.Indicators)
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, out)
}

type apiAnswer struct {
	K          int              `json:"k"`
	By         []indicator.Dim  `json:"by"`
	Filters    indicator.Filter `json:"filters"`
	Indicators []apiIndicator   `json:"indicators"`
	// LeftOut names the indicators ("survey/indicator") left out because
	// their survey has fewer children in the selection than the minimum
	// base, and the registration indicators ("registration/id") whose
	// figures cannot follow a filter (a setting, an organisation, an age
	// in years, a sex or band their source does not give).
	LeftOut []string `json:"left_out,omitempty"`
	// TotalCells counts the cells of the whole answer (see apiPage);
	// NextCursor, when set, asks for the next page.
	TotalCells int    `json:"total_cells"`
	NextCursor string `json:"next_cursor,omitempty"`
}

type apiIndicator struct {
	Source        string      `json:"source"` // survey or registration
	Survey        string      `json:"survey"`
	SurveyVersion int         `json:"survey_version"`
	ID            string      `json:"id"`
	Kind          string      `json:"kind"`
	Theme         string      `json:"theme"`
	CRC           []int       `json:"crc"`
	Title         string      `json:"title"`
	Definition    string      `json:"definition"`
	Scale         [2]float64  `json:"scale"`
	Total         apiCell     `json:"total"`
	Cells         []apiCell   `json:"cells"`
	Distribution  []apiBucket `json:"distribution,omitempty"`
	// Weights, with weights=population: values and intervals are
	// weighted; n stays the number of children.
	Weights *apiWeights `json:"weights,omitempty"`
	// Differences between levels of a one-way breakdown
	// (analyst_differences.go).
	Differences []apiDifference `json:"differences,omitempty"`
	// Overall is the test that every level has the same value; Trend the
	// linear trend of a breakdown by period.
	Overall *apiOverall `json:"overall_test,omitempty"`
	Trend   *apiTrend   `json:"trend,omitempty"`
	// Every indicator: basis, observations, goals, references.
	apiMeta
	// Registration indicators only: the unit, the source and its terms,
	// and what the source breaks its figures down by.
	Unit         string   `json:"unit,omitempty"`
	Direction    string   `json:"direction,omitempty"`
	Organisation string   `json:"organisation,omitempty"`
	SourceURL    string   `json:"source_url,omitempty"`
	Reference    string   `json:"reference,omitempty"`
	Publication  string   `json:"publication,omitempty"`
	Table        string   `json:"table,omitempty"`
	Licence      string   `json:"licence,omitempty"`
	Rhythm       string   `json:"rhythm,omitempty"`
	Breakdowns   []string `json:"breakdowns,omitempty"`
	AgeBands     []string `json:"age_bands,omitempty"`
}

// apiCell is one published number; levels name the breakdown values, and
// "all" stands for a margin.
type apiCell struct {
	Levels   map[string]string `json:"levels,omitempty"`
	Value    *float64          `json:"value"`
	Lower    *float64          `json:"lower"`
	Upper    *float64          `json:"upper"`
	N        *int              `json:"n"`
	DontKnow *int              `json:"dont_know"`
	Skipped  *int              `json:"skipped"`
	// The design of sessions as clusters: design effect, n / deff, and
	// the number of sessions (the interval has sessions - 1 df).
	Deff       *float64 `json:"deff"`
	NEffective *float64 `json:"n_effective"`
	Sessions   *int     `json:"sessions"`
	// SE is the standard error the interval rests on (design and cell
	// key noise); Reliability flags a number to read with care, and
	// ReliabilityReasons says why (indicator/estimate_flags.go).
	SE                 *float64 `json:"se,omitempty"`
	Reliability        string   `json:"reliability,omitempty"`
	ReliabilityReasons []string `json:"reliability_reasons,omitempty"`
	Suppressed         bool     `json:"suppressed"`
	// Registration figures only: the counts behind the value, and the
	// publication, table and year the figure was read from.
	Numerator   *float64 `json:"numerator,omitempty"`
	Denominator *float64 `json:"denominator,omitempty"`
	Publication string   `json:"publication,omitempty"`
	Table       string   `json:"table,omitempty"`
	Published   string   `json:"published,omitempty"`
}

// apiWeights says how an indicator's values were weighted.
type apiWeights struct {
	Method  string `json:"method"`  // "population"
	Margins string `json:"margins"` // what the weights match
	// Scheme is "post-stratification", or "raking" where a province had a
	// stratum thinner than indicator.WeightCellMin (those provinces are
	// listed in RakedProvinces).
	Scheme         string   `json:"scheme"`
	RakedProvinces []string `json:"raked_provinces"`
}

func apiWeightsOf(w *indicator.Weighting) *apiWeights {
	if w == nil {
		return nil
	}
	out := &apiWeights{Method: w.Method, Margins: "age_band x sex by province", Scheme: "post-stratification", RakedProvinces: append([]string{}, w.Raked...)}
	if len(w.Raked) > 0 {
		out.Scheme = "post-stratification, raking in raked_provinces"
	}
	return out
}

type apiBucket struct {
	Code       int      `json:"code"`
	Label      string   `json:"label"`
	Share      *float64 `json:"share"`
	Suppressed bool     `json:"suppressed,omitempty"` // given by fewer than k: no share
}

func num(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func apiCellOf(c *indicator.Cell, levels map[string]string) apiCell {
	out := apiCell{Levels: levels, Suppressed: c.Suppressed}
	if c.Suppressed {
		return out
	}
	n, dk, sk := c.N, c.DontKnow, c.Skipped
	out.Value, out.Lower, out.Upper, out.N, out.DontKnow, out.Skipped = num(c.Value), num(c.Lower), num(c.Upper), &n, &dk, &sk
	if c.Clusters > 0 { // survey cells; professionals' rounds and registration figures have no sessions
		sessions := c.Clusters
		out.Deff, out.NEffective, out.Sessions = num(c.Deff), num(c.NEffective), &sessions
	}
	out.SE, out.Reliability = num(c.SE), c.Reliability.Level
	out.ReliabilityReasons = c.Reliability.Reasons
	return out
}

func apiIndicatorOf(res *indicator.Result, title, definition string, t func(string, ...any) string) apiIndicator {
	ind := res.Indicator
	out := apiIndicator{Source: "survey", Survey: res.Survey.ID, SurveyVersion: res.Survey.Version, ID: ind.ID, Kind: string(ind.Kind), Theme: ind.Theme, CRC: ind.CRC,
		Title: title, Definition: definition, Scale: res.Scale, Total: apiCellOf(res.Grid.Total, nil), Cells: []apiCell{}, Weights: apiWeightsOf(res.Weighting),
		Differences: apiDifferencesOf(res), Overall: apiOverallOf(res.Overall), Trend: apiTrendOf(res.Trend)}
	for _, nc := range res.Cells() {
		levels := make(map[string]string, len(nc.Levels))
		for i, key := range nc.Levels {
			levels[string(res.By[i])] = key
		}
		out.Cells = append(out.Cells, apiCellOf(nc.Cell, levels))
	}
	for _, b := range res.Distribution {
		out.Distribution = append(out.Distribution, apiBucket{Code: b.Code, Label: export.DistributionLabel(t, b), Share: num(b.Value)})
	}
	return out
}
