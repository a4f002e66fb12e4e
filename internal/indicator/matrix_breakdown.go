package indicator

import (
	"fmt"
	"strconv"

	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// NoAnswerLevel is the code of a breakdown's level for respondents who
// gave no answer to the question broken down by. They are a level like
// any other: left out, the overall minus the shown levels would be them.
const NoAnswerLevel = -1

// BreakdownLevel is one answer to the question a round's results are
// broken down by, with the results of those who gave it.
type BreakdownLevel struct {
	Code  int    // the answer's code, or NoAnswerLevel
	Label string // message id of the answer; empty for NoAnswerLevel
	*Matrix
}

// Breakdown is a round's matrix cells and pools, overall and per answer
// to one single-answer question (a profile question such as the kind of
// organisation). The overall results are exactly those without a
// breakdown; the levels are hidden so that no level, and no fewer than k
// answers, can be had by subtracting shown levels from the overall.
type Breakdown struct {
	By     *survey.Item
	Total  *Matrix
	Levels []*BreakdownLevel
}

// BreakdownItem is the question a professionals' survey may be broken
// down by: a single-answer question (choice or yes/no) of the survey.
func BreakdownItem(s *survey.Survey, id string) (*survey.Item, error) {
	for _, it := range s.Items() {
		if it.ID == id && (it.Kind == survey.KindChoice || it.Kind == survey.KindYesNo) {
			return it, nil
		}
	}
	return nil, fmt.Errorf("%q is not a single-answer question of %s", id, s.ID)
}

// MatrixBreakdown tallies the responses overall and per answer to by,
// then hides: the overall and every level cell of fewer than k, and, per
// statement, per pool and per share indicator, whole levels by
// HiddenLevels.
func MatrixBreakdown(s *survey.Survey, by *survey.Item, each func(func(codes map[string]int) error) error, p release.Policy) (*Breakdown, error) {
	var all []map[string]int
	err := each(func(codes map[string]int) error {
		cp := make(map[string]int, len(codes))
		for id, c := range codes {
			cp[id] = c
		}
		all = append(all, cp)
		return nil
	})
	if err != nil {
		return nil, err
	}
	replay := func(keep func(map[string]int) bool) func(func(map[string]int) error) error {
		return func(f func(map[string]int) error) error {
			for _, codes := range all {
				if keep(codes) {
					if err := f(codes); err != nil {
						return err
					}
				}
			}
			return nil
		}
	}
	bd := &Breakdown{By: by}
	if bd.Total, err = tallyMatrix(s, replay(func(map[string]int) bool { return true })); err != nil {
		return nil, err
	}
	levels := []*BreakdownLevel{}
	for _, ch := range by.Choices(survey.ProfessionalBand) {
		levels = append(levels, &BreakdownLevel{Code: ch.Code, Label: ch.Label})
	}
	levels = append(levels, &BreakdownLevel{Code: NoAnswerLevel})
	for _, lv := range levels {
		code := lv.Code
		lv.Matrix, err = tallyMatrix(s, replay(func(codes map[string]int) bool {
			c, ok := codes[by.ID]
			if code == NoAnswerLevel {
				return !ok || c < 0
			}
			return ok && c == code
		}))
		if err != nil {
			return nil, err
		}
	}
	bd.Levels = levels
	bd.protect(p)
	return bd, nil
}

// protect marks the levels HiddenLevels hides, then hides under k.
func (bd *Breakdown) protect(p release.Policy) {
	empty := make([]bool, len(bd.Levels))
	for l, lv := range bd.Levels {
		empty[l] = lv.Responses == 0
	}
	for b, blk := range bd.Total.Blocks {
		for i, mi := range blk.Items {
			bd.hideLevels(len(mi.Cells), empty, p, func(l, c int) *Cell {
				return &bd.Levels[l].Blocks[b].Items[i].Cells[c].Cell
			})
		}
	}
	for x, pool := range bd.Total.Pools {
		bd.hideLevels(len(pool.Levels), empty, p, func(l, c int) *Cell {
			return &bd.Levels[l].Pools[x].Levels[c].Cell
		})
	}
	for x := range bd.Total.Pools {
		bd.hideLevels(1, empty, p, func(l, _ int) *Cell { return &bd.Levels[l].Pools[x].Total })
	}
	for x := range bd.Total.Shares {
		bd.hideLevels(1, empty, p, func(l, _ int) *Cell { return &bd.Levels[l].Shares[x].Cell })
	}
	bd.Total.hideUnder(p)
	for _, lv := range bd.Levels {
		lv.hideUnder(p)
	}
}

// hideLevels applies HiddenLevels to one statement's (or pool's) cells.
func (bd *Breakdown) hideLevels(cells int, empty []bool, p release.Policy, at func(level, cell int) *Cell) {
	n := make([][]int, cells)
	for c := range n {
		n[c] = make([]int, len(bd.Levels))
		for l := range bd.Levels {
			n[c][l] = at(l, c).N
		}
	}
	for l, hidden := range HiddenLevels(n, empty, p) {
		if hidden {
			for c := range cells {
				at(l, c).Suppressed = true
			}
		}
	}
}

// HiddenLevels is the disclosure rule of a breakdown whose overall cells
// are published: n[c][l] is the base of level l in cell c of one
// statement (or of one pool), empty[l] says level l has no respondent at
// all; the levels share out the respondents, so a cell's overall base is
// the sum of its row. A cell whose overall is under k is hidden whole and
// has nothing to subtract from: it takes no part. A level is hidden in
// every cell of the statement when it is under k in any other cell. Then, while the hidden levels of some cell hold
// scores of fewer than two levels, or fewer than k scores together, the
// smallest shown level of that cell is hidden as well (in every cell),
// until every non-empty level is hidden. So the overall minus the shown
// levels never gives one level, nor fewer than k answers. Empty levels
// take nothing away from a subtraction: they are hidden and not counted.
func HiddenLevels(n [][]int, empty []bool, p release.Policy) []bool {
	k := p.K()
	hidden := make([]bool, len(empty))
	copy(hidden, empty)
	var rows [][]int
	for _, row := range n {
		total := 0
		for _, v := range row {
			total += v
		}
		if total >= k {
			rows = append(rows, row)
		}
	}
	for _, row := range rows {
		for l, v := range row {
			if v < k {
				hidden[l] = true
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, row := range rows {
			any, scored, sum, smallest := false, 0, 0, -1
			for l, v := range row {
				switch {
				case empty[l]:
				case hidden[l]:
					any = true
					sum += v
					if v > 0 {
						scored++
					}
				case smallest < 0 || v < row[smallest]:
					smallest = l
				}
			}
			if any && (scored < 2 || sum < k) && smallest >= 0 {
				hidden[smallest] = true
				changed = true
			}
		}
	}
	return hidden
}

// Key names a breakdown level in exports and the API: its answer's code,
// "none" for those who gave no answer, and "all" for the overall (a nil
// level).
func (lv *BreakdownLevel) Key() string {
	switch {
	case lv == nil:
		return "all"
	case lv.Code == NoAnswerLevel:
		return "none"
	}
	return strconv.Itoa(lv.Code)
}
