package indicator

import (
	"math"
	"slices"

	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// The disclosure rules of a professionals' matrix, in one place: cells
// under k, the answers of a profile or awareness question, the share
// indicators made from them, and pools over several rounds.

// hideUnder hides every cell, pool level and question of fewer than k
// (and those already marked hidden) with the one rule, and drops the
// numbers a hidden one would carry; then the answers of each shown
// question given by fewer than k (hideAnswers) and the share indicators
// that would give a hidden answer back (hideShares).
func (m *Matrix) hideUnder(p release.Policy) {
	for _, b := range m.Blocks {
		for _, mi := range b.Items {
			for _, c := range mi.Cells {
				hide(&c.Cell, p)
				if c.Suppressed {
					c.Dist = nil
				}
			}
		}
	}
	for _, pool := range m.Pools {
		for _, lv := range pool.Levels {
			hide(&lv.Cell, p)
		}
		hide(&pool.Total, p)
	}
	for _, sh := range m.Shares {
		hide(&sh.Cell, p)
	}
	for _, cr := range m.Choices {
		hide(&cr.Cell, p)
		if cr.Suppressed {
			cr.Answers = nil
			continue
		}
		cr.hideAnswers(p)
	}
	m.hideShares(p)
}

// hide applies the disclosure rule to one published cell, the same way
// every single-cell output does.
func hide(c *Cell, p release.Policy) {
	Suppress(&Grid{Total: c, ColTotals: []*Cell{c}}, p)
}

// hideWhole hides a cell that was shown, numbers and all.
func hideWhole(c *Cell) {
	Suppress(&Grid{Total: c, ColTotals: []*Cell{c}}, release.MustPolicy(math.MaxInt32, 0))
}

// hideAnswers hides the answers of a shown question that fewer than k
// respondents gave, with the breakdown levels' rule (HiddenLevels): the
// question's base minus the shown answers then leaves nothing, or at
// least k respondents of two answers or more. An answer nobody gave
// stays shown as nothing.
func (cr *ChoiceResult) hideAnswers(p release.Policy) {
	empty := make([]bool, len(cr.counts))
	for j, n := range cr.counts {
		empty[j] = n == 0
	}
	for j, hidden := range HiddenLevels([][]int{cr.counts}, empty, p) {
		if hidden && !empty[j] {
			hideWhole(&cr.Answers[j].Cell)
		}
	}
}

// hideShares hides a share indicator whose top answers hold some, but not
// all, of its question's hidden answers: the share minus the shown top
// answers would give those back. Holding all of them, it gives back no
// more than the base minus the shown answers does.
func (m *Matrix) hideShares(p release.Policy) {
	for _, sh := range m.Shares {
		if sh.Suppressed || sh.choice >= len(m.Choices) {
			continue
		}
		cr := m.Choices[sh.choice]
		if cr.Suppressed {
			hideWhole(&sh.Cell)
			continue
		}
		in, out := 0, 0
		for j, ch := range cr.Item.Choices(survey.ProfessionalBand) {
			if !cr.Answers[j].Suppressed {
				continue
			}
			if slices.Contains(sh.Indicator.Top, ch.Code) {
				in++
			} else {
				out++
			}
		}
		if in > 0 && out > 0 {
			hideWhole(&sh.Cell)
		}
	}
}

// PoolOverRounds tallies a survey's responses over several closed rounds
// (each reads one round's responses) and hides, besides what hideUnder
// hides, every pooled cell that some round holding respondents in it
// hides itself. So the pool minus the rounds that show a cell recovers
// nothing a round hides: the pool of a round of 11 and a round of 3 shows
// no cell the round of 3 is in, and polling the pool before and after a
// small round closes shows the difference only where that round's own
// results show it. The rule holds for n, "don't know" and skipped alike,
// as the whole cell goes.
func PoolOverRounds(s *survey.Survey, rounds []func(func(map[string]int) error) error, p release.Policy) (*Matrix, error) {
	all := func(f func(map[string]int) error) error {
		for _, each := range rounds {
			if err := each(f); err != nil {
				return err
			}
		}
		return nil
	}
	m, err := tallyMatrix(s, all)
	if err != nil {
		return nil, err
	}
	var parts []*Matrix
	for _, each := range rounds {
		part, err := tallyMatrix(s, each)
		if err != nil {
			return nil, err
		}
		parts = append(parts, part)
	}
	m.hideUnder(p)
	for _, part := range parts {
		m.hideWhereHidden(part, p)
	}
	return m, nil
}

// hideWhereHidden hides every cell of m that one round (part, not yet
// hidden) has respondents in but would hide.
func (m *Matrix) hideWhereHidden(part *Matrix, p release.Policy) {
	follow := func(pooled *Cell, round Cell) {
		if round.N+round.DontKnow+round.Skipped == 0 {
			return // the round has nobody here: nothing to subtract
		}
		if hide(&round, p); round.Suppressed {
			hideWhole(pooled)
		}
	}
	for b, blk := range m.Blocks {
		for i, mi := range blk.Items {
			for c, cell := range mi.Cells {
				follow(&cell.Cell, part.Blocks[b].Items[i].Cells[c].Cell)
				if cell.Suppressed {
					cell.Dist = nil
				}
			}
		}
	}
	for x, pool := range m.Pools {
		for l, lv := range pool.Levels {
			follow(&lv.Cell, part.Pools[x].Levels[l].Cell)
		}
		follow(&pool.Total, part.Pools[x].Total)
	}
	for x, sh := range m.Shares {
		follow(&sh.Cell, part.Shares[x].Cell)
	}
	for x, cr := range m.Choices {
		if follow(&cr.Cell, part.Choices[x].Cell); cr.Suppressed {
			cr.Answers = nil
		}
	}
}
