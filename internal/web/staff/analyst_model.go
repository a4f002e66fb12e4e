package staff

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/model"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// modelPage is the analysts' page of a design-based model: the form, and
// the model's coefficients with a reading of each, or the reasons the
// release gate refused it.
type modelPage struct {
	Raw        url.Values
	Indicators []modelChoice
	Chosen     string // "survey/indicator"
	Dims       []indicator.Dim
	By         [2]string
	CanWeight  bool
	Weighted   bool
	K          int
	Model      *model.Model
	Predictors []modelPredictor
	Terms      []modelTerm
	Error      string   // a message id: bad input
	Reasons    []string // the gate's refusal, in words
	JSON       string
	Hidden     []hiddenParam // the query but its references
}

type modelChoice struct {
	Value, Title, Kind string
}

type modelPredictor struct {
	By        string
	ID        string // the reference select's id
	Options   []refOption
	Reference string
	Levels    string // "school (120), youth work (84)"
	LeftOut   string
}

// refOption is a level a predictor's reference can be: "dim:level".
type refOption struct {
	Value, Label string
	Selected     bool
}

// hiddenParam carries the query into the form that changes the reference.
type hiddenParam struct{ Name, Value string }

type modelTerm struct {
	Name                      string
	Estimate, SE, CI, P, Deff string
	OddsRatio, ORCI           string
	Reading                   string
	Chance                    bool // p ≥ 0.05
}

// ModelPage is GET /models.
func (h *Handler) ModelPage(c *gin.Context) {
	raw := c.Request.URL.Query()
	l := h.Localizer(c)
	v := &modelPage{Raw: raw, Dims: indicator.Dims, K: h.K(), Chosen: raw.Get("indicator"), Weighted: raw.Get("weights") != ""}
	if s := raw.Get("survey"); s != "" && !strings.Contains(v.Chosen, "/") {
		v.Chosen = s + "/" + v.Chosen
	}
	for i, b := range indicator.QueryList(raw, "by") {
		if i < 2 {
			v.By[i] = b
		}
	}
	for _, s := range h.Catalog.Surveys() {
		if s.ForProfessionals() {
			continue
		}
		for _, ind := range s.Indicators {
			if ind.Kind == survey.Share || ind.Kind == survey.Mean || ind.Kind == survey.Index {
				v.Indicators = append(v.Indicators, modelChoice{Value: s.ID + "/" + ind.ID, Title: l.T(ind.Title), Kind: string(ind.Kind)})
			}
		}
	}
	status := http.StatusOK
	ix := h.Index()
	if ix == nil {
		v.Error = "results.counting"
	} else {
		v.CanWeight = ix.HasPopulation()
		m, err := model.Release(ix, h.Catalog, raw, h.Release(c), httpkit.AnalystParams...)
		var refused *model.Refused
		switch {
		case errors.As(err, &refused):
			status = http.StatusUnprocessableEntity
			for _, r := range refused.Reasons {
				v.Reasons = append(v.Reasons, h.reasonText(c, r))
			}
		case err != nil && raw.Get("indicator") == "" && len(indicator.QueryList(raw, "by")) == 0:
			// Nothing asked yet: the form alone.
		case err != nil:
			status, v.Error, _ = h.Problem(c, err)
		default:
			v.Model = m
			v.JSON = "/api/v1/models?" + raw.Encode()
			h.modelView(c, v, m)
		}
	}
	p := h.Page(c, "model.title", v)
	p.Nav = "indicators"
	h.Render(c, status, "model", p)
}

// reasonText is a refusal's reason in words, with the levels named.
func (h *Handler) reasonText(c *gin.Context, r model.Reason) string {
	t := h.Localizer(c).T
	var by, levels []string
	for i, d := range r.By {
		by = append(by, t("dim."+string(d)))
		if i < len(r.Levels) {
			levels = append(levels, h.levelLabel(t, d, r.Levels[i], nil))
		}
	}
	return t(r.Message, "K", r.Number, "By", strings.Join(by, " × "), "Levels", strings.Join(levels, " × "))
}

// modelView puts a model's numbers in words: each coefficient with its
// interval and a plain reading against its reference level.
func (h *Handler) modelView(c *gin.Context, v *modelPage, m *model.Model) {
	t := h.Localizer(c).T
	orgs := map[string]string(nil)
	for _, p := range m.Predictors {
		if p.By == indicator.DimOrganisation {
			orgs = h.organisationNames(c)
		}
	}
	label := func(d indicator.Dim, key string) string { return h.levelLabel(t, d, key, orgs) }
	var refs []string
	for _, p := range m.Predictors {
		mp := modelPredictor{By: t("dim." + string(p.By)), ID: "ref-" + string(p.By), Reference: label(p.By, p.Reference)}
		var levels, left []string
		for _, lv := range p.Levels {
			levels = append(levels, fmt.Sprintf("%s (%d)", label(p.By, lv.Key), lv.N))
			mp.Options = append(mp.Options, refOption{Value: string(p.By) + ":" + lv.Key, Label: label(p.By, lv.Key), Selected: lv.Key == p.Reference})
		}
		for _, key := range p.LeftOut {
			left = append(left, label(p.By, key))
		}
		mp.Levels, mp.LeftOut = strings.Join(levels, ", "), strings.Join(left, ", ")
		v.Predictors = append(v.Predictors, mp)
		refs = append(refs, mp.Reference)
	}
	for name, vals := range v.Raw {
		if name == "ref" {
			continue
		}
		for _, val := range vals {
			v.Hidden = append(v.Hidden, hiddenParam{name, val})
		}
	}
	slices.SortFunc(v.Hidden, func(a, b hiddenParam) int { return strings.Compare(a.Name+"="+a.Value, b.Name+"="+b.Value) })
	f := func(x float64, d int) string {
		if math.IsNaN(x) {
			return "–"
		}
		return fmt.Sprintf("%.*f", d, x)
	}
	for _, term := range m.Terms {
		mt := modelTerm{Estimate: f(term.Estimate, m.Decimals), SE: f(term.SE, m.Decimals),
			CI: f(term.Lower, m.Decimals) + " – " + f(term.Upper, m.Decimals), P: formatP(term.P), Deff: f(term.Deff, 2),
			Chance: !(term.P < 0.05)}
		if m.Logistic() {
			mt.OddsRatio, mt.ORCI = f(term.OddsRatio, 2), f(term.ORLower, 2)+" – "+f(term.ORUpper, 2)
		}
		switch {
		case term.By == "":
			mt.Name = t("model.intercept")
			if m.Logistic() {
				mt.Reading = t("model.read_intercept_share", "Refs", strings.Join(refs, ", "), "V", f(100/(1+math.Exp(-term.Estimate)), 0))
			} else {
				mt.Reading = t("model.read_intercept_mean", "Refs", strings.Join(refs, ", "), "V", mt.Estimate)
			}
		default:
			lv, ref := label(term.By, term.Level), ""
			for _, p := range m.Predictors {
				if p.By == term.By {
					ref = label(p.By, p.Reference)
				}
			}
			mt.Name = t("dim."+string(term.By)) + ": " + lv
			switch {
			case m.Logistic():
				mt.Reading = t("model.read_odds", "Level", lv, "Ref", ref, "V", mt.OddsRatio)
			case term.Estimate >= 0:
				mt.Reading = t("model.read_higher", "Level", lv, "Ref", ref, "V", f(term.Estimate, m.Decimals))
			default:
				mt.Reading = t("model.read_lower", "Level", lv, "Ref", ref, "V", f(-term.Estimate, m.Decimals))
			}
			if len(m.Predictors) > 1 {
				mt.Reading += " " + t("model.read_other_equal")
			}
		}
		v.Terms = append(v.Terms, mt)
	}
}

// formatP shows a p-value to four decimals, and a very small one as such.
func formatP(p float64) string {
	switch {
	case math.IsNaN(p):
		return "–"
	case p < 0.0001:
		return "< 0.0001"
	}
	return fmt.Sprintf("%.4f", p)
}
