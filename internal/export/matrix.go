package export

import (
	"fmt"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// MatrixTable is a closed round's results as one tidy table: a row per
// statement × group cell, then a row per pool level. A hidden cell keeps
// its names and suppressed = true, and no numbers at all.
func MatrixTable(s *survey.Survey, m *indicator.Matrix, text func(id string) string) Table {
	first, last := 0, 0
	for _, b := range m.Blocks {
		sc := b.Items[0].Item.ScaleDef()
		first, last = sc.First(), sc.Last()
		break
	}
	cols := []Column{
		{Name: "kind", Type: "string", Description: "cell (a statement for a group) or pool (an indicator's value for a section or group)",
			Categories: []Category{{Value: "cell", Label: "statement × group"}, {Value: "pool", Label: "pool indicator"}}},
		{Name: "section", Type: "string", Description: "the block (basic service) id; empty for a pool by row"},
		{Name: "statement", Type: "string", Description: "the matrix item id (cells) or the indicator id (pools)"},
		{Name: "row", Type: "string", Description: "the group id; empty for a pool by section"},
		{Name: "title", Type: "string", Description: "the statement or indicator, in the export's language"},
		{Name: "mean", Type: "number", Description: fmt.Sprintf("mean score on the scale's own codes, %d to %d", first, last)},
		{Name: "lower", Type: "number", Description: "95% t-interval, lower bound"},
		{Name: "upper", Type: "number", Description: "95% t-interval, upper bound"},
		{Name: "n", Type: "integer", Description: "respondents who gave a score (the base of the mean)"},
		{Name: "dont_know", Type: "integer", Description: "said \"don't know\""},
		{Name: "skipped", Type: "integer", Description: "left the row empty"},
		{Name: "suppressed", Type: "boolean", Description: "hidden: fewer than k scores; then no numbers are given"},
	}
	for code := first; code <= last && len(m.Blocks) > 0; code++ {
		cols = append(cols, Column{Name: fmt.Sprintf("count_%d", code), Type: "integer", Description: fmt.Sprintf("respondents who scored %d (cells only)", code)})
	}
	rows := func(yield func([]any) error) error {
		for _, b := range m.Blocks {
			for _, mi := range b.Items {
				for _, c := range mi.Cells {
					row := append([]any{"cell", b.Section.ID, mi.Item.ID, c.Row, text(mi.Item.Text)}, numbers(&c.Cell)...)
					for i := range last - first + 1 {
						if c.Suppressed {
							row = append(row, nil)
						} else {
							row = append(row, c.Dist[i])
						}
					}
					if err := yield(row); err != nil {
						return err
					}
				}
			}
		}
		for _, p := range m.Pools {
			for _, lv := range p.Levels {
				section, row := lv.ID, ""
				if p.Indicator.By == survey.PoolByRow {
					section, row = "", lv.ID
				}
				out := append([]any{"pool", section, p.Indicator.ID, row, text(p.Indicator.Title)}, numbers(&lv.Cell)...)
				for range last - first + 1 {
					out = append(out, nil)
				}
				if err := yield(out); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return Table{Name: s.ID + "-results", Title: text(s.Title), Description: "Mean and n per statement and group, and pooled indicators, of one closed invitation round", Columns: cols, Rows: rows}
}

func numbers(c *indicator.Cell) []any {
	if c.Suppressed {
		return []any{nil, nil, nil, nil, nil, nil, true}
	}
	return []any{c.Value, c.Lower, c.Upper, c.N, c.DontKnow, c.Skipped, false}
}
