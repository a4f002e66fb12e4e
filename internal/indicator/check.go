package indicator

import (
	"context"
	"fmt"
	"math"

	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Check compares the index with a direct aggregation over the stored
// answers for every share indicator by age band, and returns every
// difference: none means the tallies are right.
func Check(ctx context.Context, ix *Index, st *store.Store, cat *survey.Catalog) ([]string, int, error) {
	var diffs []string
	cells := 0
	for _, s := range cat.Surveys() {
		for _, ind := range s.Indicators {
			it, _ := s.Item(ind.Items[0])
			if ind.Kind != survey.Share || it.Kind == survey.KindMulti {
				continue
			}
			want, err := st.ShareCounts(ctx, s.ID, it.ID, ind.Top)
			if err != nil {
				return nil, cells, err
			}
			res, err := ix.compute(Query{Survey: s.ID, Indicator: ind.ID, By: []Dim{DimAgeBand}, Policy: release.MustPolicy(release.MinK, 0)}, how{exact: true})
			if err != nil {
				return nil, cells, err
			}
			for i, lv := range res.Rows {
				c := res.Grid.Cells[i][0]
				if c.Suppressed {
					continue
				}
				cells++
				w := want[lv.Key]
				if c.N != w[0] || math.Abs(c.Value*float64(c.N)-float64(w[1])) > 1e-6 {
					diffs = append(diffs, fmt.Sprintf("%s.%s band %s: index %d answers, share %.6f; answers table %d, %d in top",
						s.ID, ind.ID, lv.Key, c.N, c.Value, w[0], w[1]))
				}
			}
		}
	}
	return diffs, cells, nil
}
