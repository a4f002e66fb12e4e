package model

import (
	"context"
	"net/url"
	"os"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// BenchmarkRelease fits models on the database KINDERSTEM_BENCH_DB names
// (kinderstem demo --db FILE --submissions N), as the API does: the pass
// over the index, the gate and the three fits (the design's two and the
// published one).
func BenchmarkRelease(b *testing.B) {
	path := os.Getenv("KINDERSTEM_BENCH_DB")
	if path == "" {
		b.Skip("KINDERSTEM_BENCH_DB names no database")
	}
	cat, err := survey.Load(os.DirFS("../../surveys"))
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := st.RegisterCatalog(context.Background(), cat); err != nil {
		b.Fatal(err)
	}
	ix, err := indicator.Load(context.Background(), st, cat, indicator.WithRecordKey([]byte("the benchmarks' record secret")))
	if err != nil {
		b.Fatal(err)
	}
	for _, query := range []string{
		"survey=wellbeing&indicator=life_satisfied&by=setting,gender",
		"survey=wellbeing&indicator=life_satisfaction_mean&by=age_band,gender",
		"survey=wellbeing&indicator=wellbeing_index&by=province",
	} {
		q, _ := url.ParseQuery(query)
		b.Run(q.Get("indicator")+"/"+q.Get("by"), func(b *testing.B) {
			for b.Loop() {
				if _, err := Release(ix, cat, q, release.Policy{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
