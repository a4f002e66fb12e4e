package indicator

import (
	"math"
	"slices"

	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// MatrixCell is one statement × group cell of a matrix item: the mean on
// the item's own scale (0-5 stays 0-5), its n, "don't know", skipped and
// how many gave each answer. A cell of fewer than k is hidden whole.
type MatrixCell struct {
	Row string
	Cell
	Dist []int // per point of the scale, first to last; nil when hidden
}

// MatrixItem is one statement with a cell per row.
type MatrixItem struct {
	Item  *survey.Item
	Cells []*MatrixCell
}

// MatrixBlock is one section (a service) with its statements.
type MatrixBlock struct {
	Section *survey.Section
	Items   []*MatrixItem
}

// PoolLevel is one value of a pool indicator: a section or a row.
type PoolLevel struct {
	ID    string // section id or row id
	Label string // message id of its name
	Cell
}

// Pool is a pool indicator's values: per level, and over all its cells
// (each respondent's mean over every cell of the pool, then over
// respondents), the indicator's single value for overviews.
type Pool struct {
	Indicator *survey.Indicator
	Levels    []*PoolLevel
	Total     Cell
}

// ChoiceResult is a profile or awareness question: how many gave each
// answer, as shares of those who answered. Hidden whole under k.
type ChoiceResult struct {
	Item *survey.Item
	Cell
	// Answers: one per choice, in the survey's order; nil when hidden, and
	// an answer given by fewer than k is hidden (matrix_hide.go).
	Answers []Bucket
	counts  []int // respondents per choice, before hiding
}

// ShareResult is a share indicator of a professionals' survey: the share
// of those who answered its question that gave one of its top answers,
// with a Wilson interval. Hidden under k.
type ShareResult struct {
	Indicator *survey.Indicator
	Cell
	choice int // its question in Matrix.Choices
}

// Matrix is every result of a professionals' survey: the matrix cells,
// the pools, the single-answer questions and the share indicators.
type Matrix struct {
	Responses int
	Blocks    []*MatrixBlock
	Pools     []*Pool
	Choices   []*ChoiceResult
	Shares    []*ShareResult
}

// MatrixResults tallies responses (coded answers keyed by item or
// "item.row", as each calls them) into the survey's matrix cells and pool
// indicators, and hides every cell of fewer than k with the one rule.
// A pool value is the mean over respondents of each respondent's mean over
// the cells of that section or row they rated: n counts respondents, so k
// protects people, not answers.
func MatrixResults(s *survey.Survey, each func(func(codes map[string]int) error) error, p release.Policy) (*Matrix, error) {
	m, err := tallyMatrix(s, each)
	if err != nil {
		return nil, err
	}
	m.hideUnder(p)
	return m, nil
}

// tallyMatrix counts the responses into cells, pools and questions with
// their means and intervals, and hides nothing yet.
func tallyMatrix(s *survey.Survey, each func(func(codes map[string]int) error) error) (*Matrix, error) {
	m := &Matrix{}
	cells := map[string]*MatrixCell{}
	for _, sec := range s.Sections {
		b := &MatrixBlock{Section: sec}
		for _, it := range sec.Items {
			if it.Kind != survey.KindMatrix {
				continue
			}
			mi := &MatrixItem{Item: it}
			for _, r := range it.Rows {
				c := &MatrixCell{Row: r.ID, Dist: make([]int, it.ScaleDef().Points)}
				cells[survey.CellID(it.ID, r.ID)] = c
				mi.Cells = append(mi.Cells, c)
			}
			b.Items = append(b.Items, mi)
		}
		if len(b.Items) > 0 {
			m.Blocks = append(m.Blocks, b)
		}
	}
	pools := newPools(s)
	var counts [][]int
	for _, it := range s.Items() {
		if it.Kind == survey.KindChoice || it.Kind == survey.KindYesNo {
			m.Choices = append(m.Choices, &ChoiceResult{Item: it})
			counts = append(counts, make([]int, len(it.Choices(survey.ProfessionalBand))))
		}
	}
	err := each(func(codes map[string]int) error {
		m.Responses++
		for i, cr := range m.Choices {
			code, ok := codes[cr.Item.ID]
			switch {
			case !ok:
			case code == survey.CodeDontKnow:
				cr.DontKnow++
			case code < 0:
				cr.Skipped++
			default:
				for j, ch := range cr.Item.Choices(survey.ProfessionalBand) {
					if ch.Code == code {
						cr.N++
						counts[i][j]++
					}
				}
			}
		}
		for _, b := range m.Blocks {
			for _, mi := range b.Items {
				first := mi.Item.ScaleDef().First()
				for i, r := range mi.Item.Rows {
					code, ok := codes[survey.CellID(mi.Item.ID, r.ID)]
					if !ok {
						continue // not asked in this version
					}
					c := mi.Cells[i]
					switch {
					case code == survey.CodeDontKnow:
						c.DontKnow++
					case code < 0:
						c.Skipped++
					case code-first < len(c.Dist):
						c.add(rowValid, float64(code))
						c.Dist[code-first]++
					}
				}
			}
		}
		pools.add(codes)
		return nil
	})
	if err != nil {
		return nil, err
	}
	m.Pools = pools.out
	for i, cr := range m.Choices {
		cr.counts = counts[i]
		for j, ch := range cr.Item.Choices(survey.ProfessionalBand) {
			cr.Answers = append(cr.Answers, share(ch.Code, ch.Label, counts[i][j], cr.N))
		}
		cr.Value, cr.Lower, cr.Upper = math.NaN(), math.NaN(), math.NaN()
	}
	m.Shares = shares(s, m.Choices, counts)
	m.intervals(s, 1)
	return m, nil
}

// shares computes the survey's share indicators from the counts of its
// single-answer questions: top answers over those who answered.
func shares(s *survey.Survey, choices []*ChoiceResult, counts [][]int) []*ShareResult {
	var out []*ShareResult
	for _, ind := range s.Indicators {
		if ind.Kind != survey.Share {
			continue
		}
		r := &ShareResult{Indicator: ind}
		for i, cr := range choices {
			if cr.Item.ID != ind.Items[0] {
				continue
			}
			top := 0
			for j, ch := range cr.Item.Choices(survey.ProfessionalBand) {
				if slices.Contains(ind.Top, ch.Code) {
					top += counts[i][j]
				}
			}
			b := share(0, "", top, cr.N)
			r.choice = i
			r.N, r.DontKnow, r.Skipped = cr.N, cr.DontKnow, cr.Skipped
			r.Value, r.Lower, r.Upper = b.Value, b.Lower, b.Upper
		}
		out = append(out, r)
	}
	return out
}

// pools accumulates each respondent's mean per pool level.
type pools struct {
	s   *survey.Survey
	out []*Pool
	// per pool, per level: the cells ("item.row") pooled there
	members [][][]string
}

func newPools(s *survey.Survey) *pools {
	p := &pools{s: s}
	for _, ind := range s.Indicators {
		if ind.Kind != survey.Pool {
			continue
		}
		pool := &Pool{Indicator: ind}
		var members [][]string
		items := s.PoolItems(ind)
		switch ind.By {
		case survey.PoolBySection:
			for _, sec := range s.Sections {
				var ids []string
				for _, it := range items {
					if it.Section == sec.ID {
						for _, r := range it.Rows {
							ids = append(ids, survey.CellID(it.ID, r.ID))
						}
					}
				}
				if len(ids) > 0 {
					pool.Levels = append(pool.Levels, &PoolLevel{ID: sec.ID, Label: sec.Title})
					members = append(members, ids)
				}
			}
		case survey.PoolByRow:
			at := map[string]int{}
			for _, it := range items {
				for _, r := range it.Rows {
					i, ok := at[r.ID]
					if !ok {
						i = len(pool.Levels)
						at[r.ID] = i
						pool.Levels = append(pool.Levels, &PoolLevel{ID: r.ID, Label: r.Label})
						members = append(members, nil)
					}
					members[i] = append(members[i], survey.CellID(it.ID, r.ID))
				}
			}
		}
		p.out = append(p.out, pool)
		p.members = append(p.members, members)
	}
	return p
}

func (p *pools) add(codes map[string]int) {
	for i, pool := range p.out {
		var all []string
		for j, lv := range pool.Levels {
			all = append(all, p.members[i][j]...)
			addMean(&lv.Cell, codes, p.members[i][j])
		}
		addMean(&pool.Total, codes, all)
	}
}

// addMean counts one respondent's mean over the cells ids in c: a score
// when they rated any, else "don't know" when they said so, else skipped
// when they were asked.
func addMean(c *Cell, codes map[string]int, ids []string) {
	sum, n, dk, asked := 0.0, 0, 0, 0
	for _, id := range ids {
		code, ok := codes[id]
		switch {
		case !ok:
			continue
		case code >= 0:
			sum += float64(code)
			n++
		case code == survey.CodeDontKnow:
			dk++
		}
		asked++
	}
	switch {
	case n > 0:
		c.add(rowValid, sum/float64(n))
	case dk > 0:
		c.add(rowDontKnow, 0)
	case asked > 0:
		c.add(rowSkipped, 0)
	}
}

// Rounded gives a mean to one decimal, as the seed's report prints it.
func Rounded(v float64) float64 { return math.Round(v*10) / 10 }

// add counts one respondent's answer in a matrix cell or pool level. The
// professionals' round results are exact counts under the k rule; they do
// not go through cell key perturbation (see the README's "Invitation
// rounds").
func (c *Cell) add(st rowStatus, v float64) {
	switch st {
	case rowValid:
		c.N++
		c.sum += v
		c.sumSq += v * v
	case rowDontKnow:
		c.DontKnow++
	case rowSkipped:
		c.Skipped++
	}
}
