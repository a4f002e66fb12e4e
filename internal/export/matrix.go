package export

import (
	"fmt"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// MatrixTable is a closed round's results as one tidy table: a row per
// statement × group cell, then a row per pool level, then a row per answer
// of each single-answer question (its share). A hidden cell keeps its
// names and suppressed = true, and no numbers at all.
func MatrixTable(s *survey.Survey, m *indicator.Matrix, text func(id string) string) Table {
	return matrixTable(s, m, nil, text)
}

// MatrixTableBy is MatrixTable broken down by a single-answer question:
// two more columns, by and level, and the cells and pools of every level
// after the overall ones ("all").
func MatrixTableBy(s *survey.Survey, bd *indicator.Breakdown, text func(id string) string) Table {
	return matrixTable(s, bd.Total, bd, text)
}

func matrixTable(s *survey.Survey, m *indicator.Matrix, bd *indicator.Breakdown, text func(id string) string) Table {
	first, last := 0, 0
	for _, b := range m.Blocks {
		sc := b.Items[0].Item.ScaleDef()
		first, last = sc.First(), sc.Last()
		break
	}
	cols := []Column{
		{Name: "kind", Type: "string", Description: "cell (a statement for a group), pool (an indicator's value for a section or group) or share (one answer to a single-answer question)",
			Categories: []Category{{Value: "cell", Label: "statement × group"}, {Value: "pool", Label: "pool indicator"}, {Value: "share", Label: "share of an answer"}}},
		{Name: "section", Type: "string", Description: "the block (basic service) id; empty for a pool by row"},
		{Name: "statement", Type: "string", Description: "the matrix item id (cells), the indicator id (pools) or the question id (shares)"},
		{Name: "row", Type: "string", Description: "the group id; empty for a pool by section; the answer's code for a share"},
	}
	if bd != nil {
		cols = append(cols,
			Column{Name: "by", Type: "string", Description: "the question the results are broken down by"},
			Column{Name: "level", Type: "string", Description: "the answer to that question (its code), none for no answer, all for everyone"})
	}
	cols = append(cols,
		Column{Name: "title", Type: "string", Description: "the statement, indicator or question, in the export's language"},
		Column{Name: "mean", Type: "number", Description: fmt.Sprintf("mean score on the scale's own codes, %d to %d; for a share row the share of those who answered the question, 0 to 1", first, last)},
		Column{Name: "lower", Type: "number", Description: "95% interval, lower bound: t-interval for a mean, Korn and Graubard's for a share, both on n - 1 degrees of freedom with the round's finite population correction 1 - responses/invited (none for an open link)"},
		Column{Name: "upper", Type: "number", Description: "95% interval, upper bound"},
		Column{Name: "n", Type: "integer", Description: "respondents who gave a score (the base of the mean), or who answered the question (the base of a share)"},
		Column{Name: "dont_know", Type: "integer", Description: "said \"don't know\""},
		Column{Name: "skipped", Type: "integer", Description: "left the row or question empty"},
		Column{Name: "suppressed", Type: "boolean", Description: "hidden: fewer than k, or hidden so that a hidden level cannot be derived; then no numbers are given"},
		Column{Name: "se", Type: "number", Description: "standard error of mean, with the finite population correction"},
		Column{Name: "reliability", Type: "string", Description: "ok, caution or unreliable: a share as the NCHS standards flag it (effective n under 30, a wide interval, 0 or 1), a mean by its coefficient of variation (over 16.5% caution, over 33.3% unreliable), fewer than 8 degrees of freedom caution, no interval unreliable; empty when suppressed"},
	)
	for code := first; code <= last && len(m.Blocks) > 0; code++ {
		cols = append(cols, Column{Name: fmt.Sprintf("count_%d", code), Type: "integer", Description: fmt.Sprintf("respondents who scored %d (cells only)", code)})
	}
	points := last - first + 1
	if len(m.Blocks) == 0 {
		points = 0
	}
	type part struct {
		m     *indicator.Matrix
		level string
	}
	parts := []part{{m, "all"}}
	if bd != nil {
		for _, lv := range bd.Levels {
			code := "none"
			if lv.Code != indicator.NoAnswerLevel {
				code = fmt.Sprint(lv.Code)
			}
			parts = append(parts, part{lv.Matrix, code})
		}
	}
	head := func(kind, section, statement, row, level, title string) []any {
		out := []any{kind, section, statement, row}
		if bd != nil {
			out = append(out, bd.By.ID, level)
		}
		return append(out, title)
	}
	rows := func(yield func([]any) error) error {
		for _, pt := range parts {
			for _, b := range pt.m.Blocks {
				for _, mi := range b.Items {
					for _, c := range mi.Cells {
						row := append(head("cell", b.Section.ID, mi.Item.ID, c.Row, pt.level, text(mi.Item.Text)), numbers(&c.Cell)...)
						for i := range points {
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
		}
		for p, pool := range m.Pools {
			for _, pt := range parts {
				for _, lv := range pt.m.Pools[p].Levels {
					section, row := lv.ID, ""
					if pool.Indicator.By == survey.PoolByRow {
						section, row = "", lv.ID
					}
					out := append(head("pool", section, pool.Indicator.ID, row, pt.level, text(pool.Indicator.Title)), numbers(&lv.Cell)...)
					if err := yield(append(out, make([]any, points)...)); err != nil {
						return err
					}
				}
			}
		}
		for _, cr := range m.Choices {
			for i, ch := range cr.Item.Choices(survey.ProfessionalBand) {
				out := head("share", cr.Item.Section, cr.Item.ID, fmt.Sprint(ch.Code), "all", text(cr.Item.Text)+": "+text(ch.Label))
				switch b := cr.Answers; {
				case cr.Suppressed:
					out = append(out, numbers(&cr.Cell)...)
				case b[i].Suppressed: // an answer of fewer than k: its share goes
					out = append(out, nil, nil, nil, cr.N, cr.DontKnow, cr.Skipped, true, nil, nil)
				default:
					out = append(out, b[i].Value, b[i].Lower, b[i].Upper, cr.N, cr.DontKnow, cr.Skipped, false, num(b[i].SE), text(b[i].Reliability.Level))
				}
				if err := yield(append(out, make([]any, points)...)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return Table{Name: s.ID + "-results", Title: text(s.Title), Description: "Mean and n per statement and group, pooled indicators and the shares of single-answer questions, of one closed invitation round", Columns: cols, Rows: rows}
}

func numbers(c *indicator.Cell) []any {
	if c.Suppressed {
		return []any{nil, nil, nil, nil, nil, nil, true, nil, nil}
	}
	return []any{c.Value, c.Lower, c.Upper, c.N, c.DontKnow, c.Skipped, false, num(c.SE), text(c.Reliability.Level)}
}
