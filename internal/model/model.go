package model

import (
	"fmt"
	"math"
	"strings"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Model is a fitted model as it may be shown.
type Model struct {
	Survey    *survey.Survey
	Indicator *survey.Indicator
	Family    string // "gaussian" (linear, a mean or an index) or "quasibinomial" (logistic, a share)
	Weights   string // "" or indicator.WeightsPopulation
	Weighting *indicator.Weighting
	Filter    indicator.Filter
	Period    string
	// N is the children in the model (perturbed), Sessions its clusters;
	// there are no strata, so the design's degrees of freedom are
	// Sessions − 1, and the t of every coefficient has DF = Sessions −
	// coefficients, as R's summary(svyglm(...)) uses.
	N, Sessions, Strata, DesignDF, DF int
	K                                 int
	Decimals                          int // coefficients and standard errors are rounded to this many decimals
	Predictors                        []Predictor
	Terms                             []Term
}

// Logistic reports whether the model is a logistic regression.
func (m *Model) Logistic() bool { return m.Family == "quasibinomial" }

// Predictor is one breakdown in the model.
type Predictor struct {
	By        indicator.Dim
	Reference string   // the level every other is compared with: the first, or the one ref= names
	Levels    []LevelN // in the model, in the breakdown's order
	// LeftOut are the levels hidden as a table of this breakdown hides
	// them (fewer than k children, or hidden so another cannot be
	// derived) or with no children: their children are not in the model.
	LeftOut []string
}

// LevelN is a level and its children in the model (perturbed).
type LevelN struct {
	Key string
	N   int
}

// Term is one coefficient: the intercept (By "") or a level against its
// predictor's reference.
type Term struct {
	By           indicator.Dim
	Level        string
	Estimate, SE float64 // rounded to Model.Decimals
	Lower, Upper float64 // 95%: Estimate ± t(DF) SE
	T, P         float64
	// Deff is the design effect of the coefficient (clustering and
	// weights against a simple random sample of the same children),
	// rounded to two decimals; NaN where it cannot be estimated.
	Deff float64
	// OddsRatio is exp(Estimate) with its interval, for a logistic
	// model; NaN otherwise.
	OddsRatio, ORLower, ORUpper float64
}

// Reason is one reason a model was refused: a message id, the
// breakdowns and levels it concerns, and the number it names.
type Reason struct {
	Message string
	By      []indicator.Dim
	Levels  []string
	Number  int
}

// Refused is a model the gate does not let out, with every reason.
type Refused struct{ Reasons []Reason }

func (r *Refused) Error() string {
	return "model refused: " + r.Reasons[0].Message
}

// Unwrap makes a refusal an invalid request (422), with its own message.
func (r *Refused) Unwrap() error {
	return fault.Field("by", "error.model_refused", r.Reasons[0].Message)
}

// decimals is how finely coefficients and standard errors are shown: three
// decimals of a log-odds, and a thousandth of a mean's scale rounded to a
// power of ten (two decimals on 0–10, one on 0–100). Finer digits would
// carry the cell key noise and the true design's last digits, not
// information.
func decimals(fam Family, scale [2]float64) int {
	if fam == Binomial {
		return 3
	}
	return max(1, 3-int(math.Ceil(math.Log10(math.Max(scale[1]-scale[0], 1)))))
}

func roundTo(v float64, d int) float64 {
	f := math.Pow(10, float64(d))
	return math.Round(v*f) / f
}

// RCall is the same model in R's survey package, on the microdata export
// (its psu and weight columns; y is the indicator's value per child, 1 or
// 0 for a share), with the levels in the model's order so the reference
// is the first.
func (m *Model) RCall() string {
	var terms []string
	for _, p := range m.Predictors {
		terms = append(terms, string(p.By))
	}
	design := "svydesign(ids = ~psu, data = d)"
	if m.Weights != "" {
		design = "svydesign(ids = ~psu, weights = ~weight, data = d)"
	}
	return fmt.Sprintf("svyglm(y ~ %s, design = %s, family = %s())", strings.Join(terms, " + "), design, m.Family)
}
