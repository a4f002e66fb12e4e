package indicator_test

import (
	"context"
	"os"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// benchIndex loads the database named by KINDERSTEM_BENCH_DB, made with
// kinderstem demo --db FILE --submissions 1000000.
func benchIndex(b testing.TB) (*indicator.Index, *store.Store, *survey.Catalog) {
	b.Helper()
	path := os.Getenv("KINDERSTEM_BENCH_DB")
	if path == "" {
		b.Skip("set KINDERSTEM_BENCH_DB to a database made with kinderstem demo --submissions 1000000")
	}
	cat, err := survey.Load(os.DirFS("../../surveys"))
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if err := st.RegisterCatalog(context.Background(), cat); err != nil {
		b.Fatal(err)
	}
	ix, err := indicator.Load(context.Background(), st, cat)
	if err != nil {
		b.Fatal(err)
	}
	return ix, st, cat
}

func BenchmarkLoad(b *testing.B) {
	_, st, cat := benchIndex(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := indicator.Load(context.Background(), st, cat); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompute(b *testing.B) {
	ix, _, cat := benchIndex(b)
	rows := 0
	for _, s := range cat.Surveys() {
		rows += ix.Rows(s.ID)
	}
	b.Logf("%d submissions in the index", rows)
	runQueries(b, ix, benchQueries(), "")
}

// BenchmarkComputeWeighted runs the same queries with weights=population
// (the database needs kinderstem population import), plus one-way
// breakdowns whose differences are tested.
func BenchmarkComputeWeighted(b *testing.B) {
	ix, _, _ := benchIndex(b)
	if !ix.HasPopulation() {
		b.Skip("import a population table into KINDERSTEM_BENCH_DB first (kinderstem population import)")
	}
	qs := append(benchQueries(),
		benchQuery{"share_by_setting_differences", indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied", By: []indicator.Dim{indicator.DimSetting}}},
		benchQuery{"index_by_month_differences", indicator.Query{Survey: "wellbeing", Indicator: "wellbeing_index", By: []indicator.Dim{indicator.DimPeriod}, Period: "month"}})
	runQueries(b, ix, qs, indicator.WeightsPopulation)
}

// runQueries benchmarks each query, with the given weights.
func runQueries(b *testing.B, ix *indicator.Index, qs []benchQuery, weights string) {
	for _, c := range qs {
		c.q.Weights = weights
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := ix.Compute(c.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The weights are remade by the first weighted query after submissions
// arrive: one pass over the table's rows.
func BenchmarkWeights(b *testing.B) {
	ix, _, _ := benchIndex(b)
	if !ix.HasPopulation() {
		b.Skip("import a population table into KINDERSTEM_BENCH_DB first (kinderstem population import)")
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.RebuildWeights("wellbeing")
	}
}

type benchQuery struct {
	name string
	q    indicator.Query
}

func benchQueries() []benchQuery {
	return []benchQuery{
		{"share_total", indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied"}},
		{"share_age_by_setting", indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied", By: []indicator.Dim{indicator.DimAgeBand, indicator.DimSetting}}},
		{"index_period_by_province", indicator.Query{Survey: "wellbeing", Indicator: "wellbeing_index", By: []indicator.Dim{indicator.DimPeriod, indicator.DimProvince}, Period: "month"}},
		{"index_region_by_gender_filtered", indicator.Query{Survey: "participation", Indicator: "being_heard_index", By: []indicator.Dim{indicator.DimRegion, indicator.DimGender},
			Filter: indicator.Filter{Settings: []string{"school"}, From: "2025-06"}}},
		{"share_age_10_12_years", indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied", Filter: indicator.Filter{Age: "10-12"}}},
	}
}

// The rows-by-session order the clustered intervals read is rebuilt by
// the first query after submissions arrive: one counting sort.
func BenchmarkSessionOrder(b *testing.B) {
	ix, _, _ := benchIndex(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.SessionOrder("wellbeing")
	}
}
