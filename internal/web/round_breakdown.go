package web

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
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

// breakdownOf reads ?by= and returns the question it names, or nil when
// there is none. An unknown question is the analyst's mistake, told in
// their language.
func breakdownOf(c *gin.Context, s *survey.Survey) (*survey.Item, error) {
	id := c.Query("by")
	if id == "" {
		return nil, nil
	}
	it, err := indicator.BreakdownItem(s, id)
	if err != nil {
		return nil, fault.New(fault.Invalid, "error.round_by", err.Error())
	}
	return it, nil
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

// levelCode is a level as the API and exports name it: the answer's code,
// "none" for no answer, "all" for the overall.
func levelCode(lv *indicator.BreakdownLevel) string {
	if lv == nil {
		return "all"
	}
	if lv.Code == indicator.NoAnswerLevel {
		return "none"
	}
	return strconv.Itoa(lv.Code)
}
