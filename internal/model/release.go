package model

import (
	"math"
	"net/url"
	"slices"
	"strings"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// maxTerms is the most coefficients a model may have: enough for a
// breakdown by municipality within a province, few enough that a fit
// stays quick at a million children (its cost grows with the square of
// the coefficients per session, and their cube once). A variable only so
// that a test can lower it.
var maxTerms = 60

// Params are the query parameters a model reads besides the analyst's
// request (indicator.ParseRequest).
var Params = []string{"survey", "indicator", "ref"}

// Release fits the model an analyst's query asks for, under the release
// gate: it notes the release first, then parses the query (survey,
// indicator, by, weights, period and the filters, with ParseRequest), and
// refuses with the reasons (*Refused) where a level or crossing of the
// predictors, or the model as a whole, rests on too few children.
func Release(ix *indicator.Index, cat *survey.Catalog, q url.Values, p release.Policy, others ...string) (*Model, error) {
	p.Note(release.Model)
	req, err := indicator.ParseRequest(q, cat, append(slices.Clip(others), Params...)...)
	if err != nil {
		return nil, err
	}
	surveyID, indicatorID := q.Get("survey"), q.Get("indicator")
	if s, i, ok := strings.Cut(indicatorID, "/"); ok && surveyID == "" {
		surveyID, indicatorID = s, i // "wellbeing/life_satisfied", as the page's list sends it
	}
	if indicatorID == "" {
		return nil, fault.Field("indicator", "error.model_no_indicator", "choose an indicator")
	}
	refs, err := cat.Indicators(surveyID, indicatorID)
	if err != nil {
		return nil, err
	}
	if len(refs) != 1 {
		return nil, fault.Field("survey", "error.model_no_indicator", "name the indicator's survey too")
	}
	if refs[0].Survey.ForProfessionals() {
		return nil, fault.Field("survey", "error.model_kind", "professionals' answers are not modelled")
	}
	if len(req.By) == 0 {
		return nil, fault.Field("by", "error.model_no_predictor", "choose one or two breakdowns as predictors")
	}
	wantRef := map[indicator.Dim]string{}
	for _, r := range indicator.QueryList(q, "ref") {
		d, level, ok := strings.Cut(r, ":")
		if !ok || !slices.Contains(req.By, indicator.Dim(d)) || wantRef[indicator.Dim(d)] != "" {
			return nil, fault.Field("ref", "error.model_ref", "ref takes breakdown:level, once for each breakdown of by")
		}
		wantRef[indicator.Dim(d)] = level
	}
	in, err := ix.ModelInput(req.Query(refs[0], p))
	if err != nil {
		return nil, err
	}
	return fit(in, req, wantRef, p, false)
}

// fit fits a model to the input under the policy. exact fits the true
// counts without rounding, as R would: the protection switched off, for
// the attack tests only.
func fit(in *indicator.ModelInput, req indicator.Request, wantRef map[indicator.Dim]string, p release.Policy, exact bool) (*Model, error) {
	fam, famName := Gaussian, "gaussian"
	switch in.Indicator.Kind {
	case survey.Share:
		fam, famName = Binomial, "quasibinomial"
	case survey.Mean, survey.Index:
	default:
		return nil, fault.Field("indicator", "error.model_kind", "only shares, means and indices are modelled")
	}
	m := &Model{Survey: in.Survey, Indicator: in.Indicator, Family: famName, Weights: req.Weights, Weighting: in.Weighting,
		Filter: req.Filter, Period: req.Period, Strata: 1, K: p.K(), Decimals: decimals(fam, in.Scale)}
	count := func(t release.Tally) int {
		if exact {
			return t.N
		}
		return t.Perturbed()
	}
	nv, nd := len(in.Values), len(in.By)
	// The levels: each breakdown's one-way table, hidden as a table is.
	kept := make([][]int, nd) // by predictor: level -> position in the model, -1 left out
	var reasons []Reason
	// refused adds the minimum base and the background base for the n
	// children the model rests on (the perturbed count; none for the
	// exact fit) to the reasons found so far, and refuses with all of
	// them, if any.
	refused := func(n int) *Refused {
		if !exact && p.CheckBase(n) != nil {
			reasons = append(reasons, Reason{Message: "error.base_too_small", Number: p.MinBase()})
		}
		if !exact && in.Background && p.CheckBackgroundBase(n) != nil {
			reasons = append(reasons, Reason{Message: "error.background_base_too_small", Number: p.BackgroundBase()})
		}
		if len(reasons) == 0 {
			return nil
		}
		return &Refused{Reasons: reasons}
	}
	selected := 0 // the children of the selection, perturbed
	for d := range nd {
		byCat := make([][]release.Tally, len(in.Levels[d]))
		for l := range byCat {
			byCat[l] = make([]release.Tally, nv)
		}
		total := make([]release.Tally, nv)
		for _, g := range in.Groups {
			byCat[g.Levels[d]][g.Cat].Merge(g.Tally)
			total[g.Cat].Merge(g.Tally)
		}
		grid := indicator.Grid{Total: &indicator.Cell{}}
		for _, tl := range total {
			grid.Total.N += count(tl)
		}
		grid.ColTotals = []*indicator.Cell{grid.Total}
		for _, cats := range byCat {
			c := &indicator.Cell{}
			for _, tl := range cats {
				c.N += count(tl)
			}
			grid.Cells = append(grid.Cells, []*indicator.Cell{c})
		}
		indicator.Suppress(&grid, p)
		if d == 0 {
			selected = grid.Total.N
		}
		pred := Predictor{By: in.By[d]}
		kept[d] = make([]int, len(in.Levels[d]))
		for l, row := range grid.Cells {
			kept[d][l] = -1
			if row[0].Suppressed || row[0].N == 0 {
				pred.LeftOut = append(pred.LeftOut, in.Levels[d][l].Key)
				continue
			}
			kept[d][l] = len(pred.Levels)
			pred.Levels = append(pred.Levels, LevelN{Key: in.Levels[d][l].Key, N: row[0].N})
		}
		if len(pred.Levels) < 2 {
			reasons = append(reasons, Reason{Message: "model.refused_levels", By: []indicator.Dim{in.By[d]}, Number: p.K()})
		} else {
			pred.Reference = pred.Levels[0].Key
			if want, ok := wantRef[in.By[d]]; ok {
				if !slices.ContainsFunc(pred.Levels, func(l LevelN) bool { return l.Key == want }) {
					return nil, fault.Field("ref", "error.model_ref", "the reference is not a level in the model")
				}
				pred.Reference = want
			}
		}
		m.Predictors = append(m.Predictors, pred)
	}
	if len(reasons) > 0 {
		// No model to rest on: the base is the selection's.
		return nil, refused(selected)
	}
	sizes, refs := make([]int, nd), make([]int, nd)
	for d, pr := range m.Predictors {
		sizes[d] = len(pr.Levels)
		refs[d] = slices.IndexFunc(pr.Levels, func(l LevelN) bool { return l.Key == pr.Reference })
	}
	terms := 1
	for _, n := range sizes {
		terms += n - 1
	}
	if terms > maxTerms {
		return nil, &Refused{Reasons: []Reason{{Message: "model.refused_terms", Number: maxTerms}}}
	}
	// Every crossing of the levels in the model, and the model as a
	// whole, from perturbed counts.
	cells := 1
	for _, s := range sizes {
		cells *= s
	}
	type slot struct{ cell, class, cat int32 }
	byCell := make([][]release.Tally, cells)
	for c := range byCell {
		byCell[c] = make([]release.Tally, nv)
	}
	bySlot := map[slot]*release.Tally{}
	var slots []slot
	var trueObs []Obs
	for _, g := range in.Groups {
		cell, ok := crossingOf(g, kept, sizes)
		if !ok {
			continue
		}
		byCell[cell][g.Cat].Merge(g.Tally)
		s := slot{int32(cell), g.Class, g.Cat}
		if bySlot[s] == nil {
			bySlot[s] = &release.Tally{}
			slots = append(slots, s)
		}
		bySlot[s].Merge(g.Tally)
		trueObs = append(trueObs, Obs{PSU: int(g.Session), Cell: cell, W: weightOf(in, g.Class), Y: in.Values[g.Cat], M: float64(g.Tally.N)})
	}
	for cell, cats := range byCell {
		n := 0
		for _, tl := range cats {
			n += count(tl)
		}
		m.N += n
		if nd > 1 && n < p.K() && !exact {
			lv := crossing(cell, sizes)
			reasons = append(reasons, Reason{Message: "model.refused_crossing", By: in.By,
				Levels: []string{m.Predictors[0].Levels[lv[0]].Key, m.Predictors[1].Levels[lv[1]].Key}, Number: p.K()})
		}
	}
	// The children in the model (levels left out are not), never more
	// than the selection's.
	if r := refused(m.N); r != nil {
		return nil, r
	}
	X, termDim, termLevel := designMatrix(sizes, refs)
	// The design from the true sums: the clustered variance and that of
	// a simple random sample of the same children, whose ratio is each
	// coefficient's design effect.
	clustered, err := FitGLM(fam, X, trueObs, false)
	if err != nil {
		return nil, refusalOf(err)
	}
	simple, err := FitGLM(fam, X, trueObs, true)
	if err != nil {
		return nil, refusalOf(err)
	}
	m.Sessions = clustered.PSUs
	m.DesignDF = m.Sessions - m.Strata
	m.DF = m.Sessions - len(X[0])
	if m.DF < 1 {
		return nil, &Refused{Reasons: []Reason{{Message: "model.refused_sessions", Number: len(X[0]) + 1}}}
	}
	// The published coefficients from the perturbed counts by crossing,
	// weighting class and value; their variance the design effect times
	// the simple random sample's, plus the cell key noise's.
	published := clustered
	if !exact {
		var obs []Obs
		for _, s := range slots {
			n := float64(bySlot[s].Perturbed())
			obs = append(obs, Obs{Cell: int(s.cell), W: weightOf(in, s.class), Y: in.Values[s.cat], M: n, Noise: release.NoiseVariance(int(n))})
		}
		if published, err = FitGLM(fam, X, obs, true); err != nil {
			return nil, refusalOf(err)
		}
	}
	tq := indicator.TQuantile(0.975, float64(m.DF))
	for j := range X[0] {
		term := Term{Deff: math.NaN(), OddsRatio: math.NaN(), ORLower: math.NaN(), ORUpper: math.NaN()}
		if d := termDim[j]; d >= 0 {
			term.By, term.Level = m.Predictors[d].By, m.Predictors[d].Levels[termLevel[j]].Key
		}
		if s := simple.Cov[j][j]; s > 0 {
			term.Deff = math.Round(clustered.Cov[j][j]/s*100) / 100
		}
		est, variance := published.Coef[j], published.Cov[j][j]
		if !exact {
			used := 1.0
			if !math.IsNaN(term.Deff) {
				used = math.Max(1, term.Deff)
			}
			variance = used*variance + published.Noise[j][j]
		}
		se := math.Sqrt(variance)
		if !exact {
			est, se = roundTo(est, m.Decimals), roundTo(se, m.Decimals)
		}
		term.Estimate, term.SE = est, se
		term.T = est / se
		term.P = indicator.TTwoSided(term.T, float64(m.DF))
		term.Lower, term.Upper = est-tq*se, est+tq*se
		if !exact {
			term.T, term.P = roundTo(term.T, 2), roundTo(term.P, 4)
			term.Lower, term.Upper = roundTo(term.Lower, m.Decimals), roundTo(term.Upper, m.Decimals)
		}
		if fam == Binomial {
			term.OddsRatio, term.ORLower, term.ORUpper = roundTo(math.Exp(est), 3), roundTo(math.Exp(term.Lower), 3), roundTo(math.Exp(term.Upper), 3)
		}
		m.Terms = append(m.Terms, term)
	}
	return m, nil
}

// crossingOf is the crossing of a group's levels in the model; false when
// a level was left out.
func crossingOf(g indicator.ModelGroup, kept [][]int, sizes []int) (int, bool) {
	cell := 0
	for d := range kept {
		pos := kept[d][g.Levels[d]]
		if pos < 0 {
			return 0, false
		}
		cell = cell*sizes[d] + pos
	}
	return cell, true
}

func weightOf(in *indicator.ModelInput, class int32) float64 {
	if in.Weights == nil {
		return 1
	}
	return in.Weights[class]
}

// refusalOf turns a fit that cannot be made into the analyst's reason.
func refusalOf(err error) error {
	switch err {
	case ErrSingular:
		return &Refused{Reasons: []Reason{{Message: "model.refused_collinear"}}}
	case ErrSeparated:
		return &Refused{Reasons: []Reason{{Message: "model.refused_separated"}}}
	case ErrTooFew:
		return &Refused{Reasons: []Reason{{Message: "model.refused_sessions", Number: 2}}}
	}
	return err
}
