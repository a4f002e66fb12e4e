package staff

import (
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// byOption is a question a round's results can be broken down by.
type byOption struct {
	ID   string
	Text string // message id
}

// levelCell is one level of a breakdown under a cell of the overall table.
type levelCell struct {
	Label    string // message id; empty for "no answer"
	NoAnswer bool
	indicator.Cell
	Dist []int
}

// byOptions lists every question the survey can be broken down by.
func byOptions(s *survey.Survey) []byOption {
	var out []byOption
	for _, it := range s.Items() {
		if _, err := indicator.BreakdownItem(s, it.ID); err == nil {
			out = append(out, byOption{ID: it.ID, Text: it.Text})
		}
	}
	return out
}

// ByQuery is the query string that keeps the breakdown on the export links.
func (v *roundResultsView) ByQuery() string {
	if v.Breakdown == nil {
		return ""
	}
	return "?by=" + v.Breakdown.By.ID
}

// LevelCells are the levels of the breakdown for the matrix cell of block
// b, statement i, row c; none without a breakdown.
func (v *roundResultsView) LevelCells(b, i, c int) []levelCell {
	if v.Breakdown == nil {
		return nil
	}
	var out []levelCell
	for _, lv := range v.Breakdown.Levels {
		mc := lv.Blocks[b].Items[i].Cells[c]
		out = append(out, levelCell{Label: lv.Label, NoAnswer: lv.Code == indicator.NoAnswerLevel, Cell: mc.Cell, Dist: mc.Dist})
	}
	return out
}

// LevelPools are the levels of the breakdown for level j of pool p.
func (v *roundResultsView) LevelPools(p, j int) []levelCell {
	if v.Breakdown == nil {
		return nil
	}
	var out []levelCell
	for _, lv := range v.Breakdown.Levels {
		out = append(out, levelCell{Label: lv.Label, NoAnswer: lv.Code == indicator.NoAnswerLevel, Cell: lv.Pools[p].Levels[j].Cell})
	}
	return out
}
