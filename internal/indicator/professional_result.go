package indicator

import (
	"math"

	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// The breakdowns of a pool indicator: its sections or its rows (groups).
const (
	DimSection Dim = survey.PoolBySection
	DimRow     Dim = survey.PoolByRow
)

// ProfessionalResults gives the indicators of a professionals' survey, as
// computed (and hidden) in m, the shape every other indicator has, so the
// overview, the API and the exports list them beside the children's: a
// share has its one cell as total; a pool has its total and a row per
// section or group. There is no other breakdown, no period and no design
// effect: rounds are not sessions.
func ProfessionalResults(s *survey.Survey, m *Matrix, p release.Policy) []*Result {
	k := p.K()
	var out []*Result
	for _, ind := range s.Indicators {
		res := &Result{Survey: s, Indicator: ind, K: k}
		switch ind.Kind {
		case survey.Share:
			for _, sh := range m.Shares {
				if sh.Indicator == ind {
					c := sh.Cell
					res.Grid = Grid{Cells: [][]*Cell{{&c}}, ColTotals: []*Cell{&c}, Total: &c}
				}
			}
			res.Rows, res.Cols, res.Scale = []Level{{Key: "all"}}, []Level{{Key: "all"}}, [2]float64{0, 1}
		case survey.Pool:
			for _, p := range m.Pools {
				if p.Indicator != ind {
					continue
				}
				total := p.Total
				res.By, res.Cols = []Dim{Dim(ind.By)}, []Level{{Key: "all"}}
				res.Grid = Grid{ColTotals: []*Cell{&total}, Total: &total}
				for _, lv := range p.Levels {
					c := lv.Cell
					res.Rows = append(res.Rows, Level{Key: lv.ID})
					res.Grid.Cells = append(res.Grid.Cells, []*Cell{&c})
				}
				sc := s.PoolItems(ind)[0].ScaleDef()
				res.Scale = [2]float64{float64(sc.First()), float64(sc.Last())}
			}
		default:
			continue
		}
		if res.Grid.Total != nil {
			for _, c := range res.Grid.all() {
				c.Deff, c.NEffective = math.NaN(), math.NaN()
			}
			out = append(out, res)
		}
	}
	return out
}
