package indicator

import (
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// ItemSummary is what a group said to one question: for each answer, the
// share of the children who gave a valid answer. Like every published
// number it is hidden, whole, when fewer than k children answered.
type ItemSummary struct {
	Item     *survey.Item
	N        int // valid answers: the base of the shares
	DontKnow int
	Skipped  int
	Answers  []Bucket // one per choice; a multi item's shares can add up to more than 1
	Top      Bucket   // the share in the upper answers of an ordered scale, or "yes"
	HasTop   bool
	Hidden   bool
}

// Items summarises every closed question of a survey over a selection, for
// the group feedback pages.
func (ix *Index) Items(surveyID string, f Filter, p release.Policy) ([]ItemSummary, error) {
	p.Note(release.GroupItems)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	t := ix.tables[surveyID]
	if t == nil {
		return nil, fault.Field("survey", "error.indicator_unknown", "no survey "+surveyID)
	}
	cf, err := ix.compileFilter(t, f)
	if err != nil {
		return nil, err
	}
	var out []ItemSummary
	for _, it := range t.s.Items() {
		c, ok := t.colOf[it.ID]
		if !ok {
			continue
		}
		s := summarise(t, it, c, cf)
		if s.N+s.DontKnow+s.Skipped == 0 {
			continue // not asked in this selection
		}
		// The selection is one cell: hidden by the same function, and the
		// same rule, as every other published number.
		cell := &Cell{N: s.N}
		Suppress(&Grid{Total: cell, ColTotals: []*Cell{cell}}, p)
		if cell.Suppressed {
			s = ItemSummary{Item: it, Hidden: true}
		}
		out = append(out, s)
	}
	return out, nil
}

// summarise counts one item's answers over the selection and publishes
// the perturbed counts: each answer's, "don't know", skipped, and the
// base. Shares are made from perturbed counts only.
func summarise(t *table, it *survey.Item, first int, cf *compiledFilter) ItemSummary {
	s := ItemSummary{Item: it}
	choices := it.StoredChoices()
	counts := make([]tally, len(choices))
	var valid, dontKnow, skipped tally
	col := t.cols[first]
	for row := 0; row < t.rows; row++ {
		if !cf.keep(t, row) {
			continue
		}
		code := col.codes.at(row)
		key := t.key.at(row)
		switch status(code) {
		case rowNotShown:
			continue
		case rowDontKnow:
			dontKnow.add(key)
			continue
		case rowSkipped:
			skipped.add(key)
			continue
		}
		valid.add(key)
		if it.Kind == survey.KindMulti {
			for i := range choices {
				if t.cols[first+i].codes.at(row) == 1 {
					counts[i].add(key)
				}
			}
			continue
		}
		for i, ch := range choices {
			if int(code) == ch.Code {
				counts[i].add(key)
			}
		}
	}
	s.DontKnow, s.Skipped = dontKnow.perturbed(), skipped.perturbed()
	published := make([]int, len(choices))
	for i := range choices {
		published[i] = counts[i].perturbed()
		s.N += published[i]
	}
	if it.Kind == survey.KindMulti {
		s.N = valid.perturbed() // a child may choose several
	}
	top := topCodes(it)
	topCount := 0
	for i, ch := range choices {
		s.Answers = append(s.Answers, share(ch.Code, ch.Label, published[i], s.N))
		if top[ch.Code] {
			topCount += published[i]
		}
	}
	if len(top) > 0 {
		s.HasTop = true
		s.Top = share(0, "", topCount, s.N)
	}
	return s
}

func share(code int, label string, n, base int) Bucket {
	b := Bucket{Code: code, Label: label}
	b.N = n
	if base > 0 {
		b.Value = float64(n) / float64(base)
		b.Lower, b.Upper = Wilson(n, base)
	}
	return b
}

// topCodes are the answers that say "yes, mostly"; the rule is the
// survey's (survey.Item.TopCodes).
func topCodes(it *survey.Item) map[int]bool { return it.TopCodes() }
