package indicator_test

import (
	"math"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// TestPerturbationEffect measures what perturbation costs a legitimate
// user on the database of KINDERSTEM_BENCH_DB: for every indicator, the
// mean absolute change of its published value (in percentage points of
// its scale) over the whole selection, and over the cells by age band and
// gender that show. It fails if any total moves by more than 0.1 points.
func TestPerturbationEffect(t *testing.T) {
	t.Parallel()
	ix, _, cat := benchIndex(t)
	var totalSum, cellSum float64
	var indicators, cells int
	for _, s := range cat.Surveys() {
		for _, ind := range s.Indicators {
			q := indicator.Query{Survey: s.ID, Indicator: ind.ID, By: []indicator.Dim{indicator.DimAgeBand, indicator.DimGender}}
			noisy, err := ix.Compute(q)
			if err != nil {
				t.Fatal(err)
			}
			exact, err := ix.ComputeExact(q)
			if err != nil {
				t.Fatal(err)
			}
			span := noisy.Scale[1] - noisy.Scale[0]
			pp := func(a, b *indicator.Cell) float64 { return math.Abs(a.Value-b.Value) / span * 100 }
			d := pp(noisy.Grid.Total, exact.Grid.Total)
			totalSum += d
			indicators++
			cellD, cellN := 0.0, 0
			for r := range noisy.Grid.Cells {
				for c := range noisy.Grid.Cells[r] {
					if a := noisy.Grid.Cells[r][c]; !a.Suppressed {
						cellD += pp(a, exact.Grid.Cells[r][c])
						cellN++
					}
				}
			}
			cellSum += cellD
			cells += cellN
			kind := map[survey.IndicatorKind]string{survey.Share: "share", survey.Mean: "mean", survey.Index: "index"}[ind.Kind]
			t.Logf("%-40s %-5s n=%7d total change %.4f pp; %2d cells, mean change %.4f pp", s.ID+"."+ind.ID, kind, exact.Grid.Total.N, d, cellN, cellD/math.Max(1, float64(cellN)))
			if d > 0.1 {
				t.Errorf("%s.%s: perturbation moved the total by %.3f points", s.ID, ind.ID, d)
			}
		}
	}
	t.Logf("%d indicators: mean absolute change of the total %.4f pp; of %d cells by age band x gender %.4f pp", indicators, totalSum/float64(indicators), cells, cellSum/float64(cells))
}
