package api

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/model"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// Models is GET /api/v1/models: a design-based regression of one
// indicator on one or two breakdowns (model.Release), the equivalent of
// R's svyglm, with the design it was fitted under; or, with status 422,
// every reason the release gate refused it.
func (h *Handler) Models(c *gin.Context) {
	ix := h.Index()
	if ix == nil {
		c.Header("Retry-After", "5")
		h.Fail(c, httpkit.ErrCounting)
		return
	}
	m, err := model.Release(ix, h.Catalog, c.Request.URL.Query(), h.Release(c), httpkit.AnalystParams...)
	c.Header("Cache-Control", "no-store")
	l := h.Localizer(c)
	var refused *model.Refused
	if errors.As(err, &refused) {
		var body apiRefusal
		body.Error.Code = "model_refused"
		body.Error.Message = l.T("error.model_refused")
		for _, r := range refused.Reasons {
			body.Reasons = append(body.Reasons, apiReason{Code: strings.TrimPrefix(strings.TrimPrefix(r.Message, "error."), "model."),
				Message: ReasonText(l, r), By: r.By, Levels: r.Levels})
		}
		c.AbortWithStatusJSON(http.StatusUnprocessableEntity, body)
		return
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	c.JSON(http.StatusOK, apiModelOf(m, l))
}

// ReasonText is a refusal's reason in the reader's language.
func ReasonText(l *locale.Localizer, r model.Reason) string {
	var by []string
	for _, d := range r.By {
		by = append(by, l.T("dim."+string(d)))
	}
	return l.T(r.Message, "K", r.Number, "By", strings.Join(by, " × "), "Levels", strings.Join(r.Levels, " × "))
}

type apiRefusal struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	Reasons []apiReason `json:"reasons"`
}

type apiReason struct {
	Code    string          `json:"code"`
	Message string          `json:"message"`
	By      []indicator.Dim `json:"by,omitempty"`
	Levels  []string        `json:"levels,omitempty"`
}

type apiModel struct {
	Survey       string           `json:"survey"`
	Indicator    string           `json:"indicator"`
	Title        string           `json:"title"`
	Model        string           `json:"model"`  // linear or logistic
	Family       string           `json:"family"` // R's family: gaussian or quasibinomial
	Link         string           `json:"link"`   // identity or logit
	Filters      indicator.Filter `json:"filters"`
	N            int              `json:"n"`
	K            int              `json:"k"`
	Decimals     int              `json:"decimals"`
	Design       apiDesign        `json:"design"`
	Predictors   []apiPredictor   `json:"predictors"`
	Coefficients []apiTerm        `json:"coefficients"`
}

type apiDesign struct {
	Clusters string `json:"clusters"` // "session"
	Sessions int    `json:"sessions"`
	Strata   int    `json:"strata"`
	Weights  string `json:"weights"` // "population" or "none"
	Variance string `json:"variance"`
	// DesignDF is sessions − strata; DF, the t's degrees of freedom,
	// sessions − coefficients, as R's summary(svyglm(...)).
	DesignDF int      `json:"design_df"`
	DF       int      `json:"df"`
	Raked    []string `json:"raked_provinces,omitempty"`
	R        string   `json:"r"` // the same model in R
}

type apiPredictor struct {
	By        indicator.Dim `json:"by"`
	Reference string        `json:"reference"`
	Levels    []apiLevelN   `json:"levels"`
	LeftOut   []string      `json:"left_out,omitempty"`
}

type apiLevelN struct {
	Level string `json:"level"`
	N     int    `json:"n"`
}

type apiTerm struct {
	Term      string        `json:"term"` // "(intercept)" or breakdown=level
	By        indicator.Dim `json:"by,omitempty"`
	Level     string        `json:"level,omitempty"`
	Estimate  *float64      `json:"estimate"`
	SE        *float64      `json:"se"`
	Lower     *float64      `json:"lower"`
	Upper     *float64      `json:"upper"`
	T         *float64      `json:"t"`
	P         *float64      `json:"p"`
	Deff      *float64      `json:"deff"`
	OddsRatio *float64      `json:"odds_ratio,omitempty"`
	ORLower   *float64      `json:"odds_ratio_lower,omitempty"`
	ORUpper   *float64      `json:"odds_ratio_upper,omitempty"`
}

func apiModelOf(m *model.Model, l *locale.Localizer) apiModel {
	out := apiModel{Survey: m.Survey.ID, Indicator: m.Indicator.ID, Title: l.T(m.Indicator.Title), Model: "linear", Family: m.Family, Link: "identity",
		Filters: m.Filter, N: m.N, K: m.K, Decimals: m.Decimals,
		Design: apiDesign{Clusters: "session", Sessions: m.Sessions, Strata: m.Strata, Weights: "none", Variance: "linearisation (sandwich)",
			DesignDF: m.DesignDF, DF: m.DF, R: m.RCall()}}
	if m.Logistic() {
		out.Model, out.Link = "logistic", "logit"
	}
	if m.Weights != "" {
		out.Design.Weights = m.Weights
		if m.Weighting != nil {
			out.Design.Raked = m.Weighting.Raked
		}
	}
	for _, p := range m.Predictors {
		ap := apiPredictor{By: p.By, Reference: p.Reference, LeftOut: p.LeftOut}
		for _, lv := range p.Levels {
			ap.Levels = append(ap.Levels, apiLevelN{Level: lv.Key, N: lv.N})
		}
		out.Predictors = append(out.Predictors, ap)
	}
	for _, t := range m.Terms {
		at := apiTerm{Term: "(intercept)", By: t.By, Level: t.Level, Estimate: num(t.Estimate), SE: num(t.SE), Lower: num(t.Lower), Upper: num(t.Upper),
			T: num(t.T), P: num(t.P), Deff: num(t.Deff)}
		if t.By != "" {
			at.Term = string(t.By) + "=" + t.Level
		}
		if m.Logistic() {
			at.OddsRatio, at.ORLower, at.ORUpper = num(t.OddsRatio), num(t.ORLower), num(t.ORUpper)
		}
		out.Coefficients = append(out.Coefficients, at)
	}
	return out
}
