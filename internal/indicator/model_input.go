package indicator

import (
	"cmp"
	"slices"

	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// ModelInput is what a design-based model of one indicator on up to two
// breakdowns is fitted to: the true counts of the selection's children
// with a valid answer, by session, level of each breakdown, weighting
// class and value category, each with its cell key. Nothing in it may be
// shown: internal/model fits it under the release gate, from perturbed
// counts.
type ModelInput struct {
	Survey    *survey.Survey
	Indicator *survey.Indicator
	Values    []float64 // a valid answer's value, by category
	Scale     [2]float64
	By        []Dim
	Levels    [][]Level // by breakdown
	Groups    []ModelGroup
	// Weights is the weight of each class (weights=population); nil
	// when every child counts once, and then every Class is 0.
	Weights   []float64
	Weighting *Weighting
	// Background: the model uses a background variable, so it must rest
	// on the gate's higher base (release.CheckBackgroundBase).
	Background bool
}

// ModelGroup is the children of one session in one level of each
// breakdown, one weighting class and one value category.
type ModelGroup struct {
	Session int32    // the session's number in the index, in id order
	Levels  [2]int32 // by breakdown
	Class   int32
	Cat     int32
	Tally   release.Tally
}

// ModelInput gathers a query's children for a model, in the order of
// their sessions' ids. It checks the query as Compute does: unknown
// surveys, indicators, breakdowns and filter values are fault.Invalid.
func (ix *Index) ModelInput(q Query) (*ModelInput, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	c, ind, err := ix.prepare(q)
	if err != nil {
		return nil, err
	}
	c.rows = true
	t, f, scorer := c.t, c.f, c.score
	in := &ModelInput{Survey: c.t.s, Indicator: ind, Values: scorer.values, Scale: scorer.scale, By: q.By, Background: c.background}
	dims := make([]dimLevels, len(q.By))
	for i, d := range q.By {
		if dims[i], err = c.dimension(d, false); err != nil {
			return nil, err
		}
		in.Levels = append(in.Levels, dims[i].levels)
	}
	var ws *weightSet
	if q.Weights != "" {
		ws = c.weightsOf()
		in.Weights, in.Weighting = ws.w, &ws.info
	}
	groups := map[ModelGroup]*release.Tally{}
	order, start := t.bySession(len(ix.dims))
	for _, s := range ix.sessionOrder.byID(ix.sessionIDs) {
		for _, r := range order[start[s]:start[s+1]] {
			row := int(r)
			if !f.keep(t, row) {
				continue
			}
			st, cat := scorer.row(row)
			if st != rowValid {
				continue
			}
			g := ModelGroup{Session: int32(s), Cat: int32(cat)}
			inLevels := true
			for i, d := range dims {
				l := d.row(row)
				inLevels = inLevels && l >= 0
				g.Levels[i] = int32(l)
			}
			if !inLevels {
				continue
			}
			if ws != nil {
				g.Class = int32(ws.class(t, ix.dims, row))
			}
			tl := groups[g]
			if tl == nil {
				tl = &release.Tally{}
				groups[g] = tl
			}
			tl.Add(1, t.key.at(row))
		}
	}
	pos := make(map[int32]int, len(ix.sessionIDs))
	for i, s := range ix.sessionOrder.byID(ix.sessionIDs) {
		pos[int32(s)] = i
	}
	for g, tl := range groups {
		g.Tally = *tl
		in.Groups = append(in.Groups, g)
	}
	slices.SortFunc(in.Groups, func(a, b ModelGroup) int {
		return cmp.Or(cmp.Compare(pos[a.Session], pos[b.Session]), cmp.Compare(a.Levels[0], b.Levels[0]),
			cmp.Compare(a.Levels[1], b.Levels[1]), cmp.Compare(a.Class, b.Class), cmp.Compare(a.Cat, b.Cat))
	})
	return in, nil
}
