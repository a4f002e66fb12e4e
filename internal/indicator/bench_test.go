package indicator_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// benchIndex loads the database named by KINDERSTEM_BENCH_DB, made with
// kinderstem demo --db FILE --submissions 1000000, once per test binary;
// with KINDERSTEM_BENCH_OPEN, it reads the index from that snapshot.
func benchIndex(b testing.TB) (*indicator.Index, *store.Store, *survey.Catalog) {
	b.Helper()
	path := os.Getenv("KINDERSTEM_BENCH_DB")
	if path == "" {
		b.Skip("set KINDERSTEM_BENCH_DB to a database made with kinderstem demo --submissions 1000000")
	}
	loaded, err := benchLoaded()
	if err != nil {
		b.Fatal(err)
	}
	return loaded.ix, loaded.st, loaded.cat
}

type benchDB struct {
	ix  *indicator.Index
	st  *store.Store
	cat *survey.Catalog
}

var benchLoaded = sync.OnceValues(func() (benchDB, error) {
	cat, err := survey.Load(os.DirFS("../../surveys"))
	if err != nil {
		return benchDB{}, err
	}
	st, err := store.Open(context.Background(), os.Getenv("KINDERSTEM_BENCH_DB"), store.Options{})
	if err != nil {
		return benchDB{}, err
	}
	if err := st.RegisterCatalog(context.Background(), cat); err != nil {
		return benchDB{}, err
	}
	if snap := os.Getenv("KINDERSTEM_BENCH_OPEN"); snap != "" {
		// The index as a restart reads it, from a snapshot BenchmarkSnapshot
		// wrote: minutes sooner than reading every answer at 10 M.
		ix, err := indicator.OpenSnapshot(context.Background(), st, cat, snap, benchSecret)
		return benchDB{ix, st, cat}, err
	}
	ix, err := indicator.Load(context.Background(), st, cat, benchSecret)
	return benchDB{ix, st, cat}, err
})

var benchSecret = indicator.WithRecordKey([]byte("the benchmarks' record secret"))

// BenchmarkIndexHeap reports the live heap with the index loaded (the Go
// heap only; RSS adds the runtime's reserve and SQLite). It comes before
// BenchmarkSnapshot, whose opened indices stay on the store's commit hook
// and would be counted too.
func BenchmarkIndexHeap(b *testing.B) {
	ix, _, _ := benchIndex(b)
	for i := 0; i < b.N; i++ {
		runtime.GC()
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "heap-MB")
	b.Log("where the heap goes:\n" + ix.Footprint())
}

// BenchmarkSnapshot writes the index's snapshot, to the file named by
// KINDERSTEM_BENCH_SNAPSHOT when set (for BenchmarkSnapshotOpen to read in
// a process of its own), and reads it back as a restart does: the time to
// ready after a start and the file's size.
func BenchmarkSnapshot(b *testing.B) {
	ix, st, cat := benchIndex(b)
	path := os.Getenv("KINDERSTEM_BENCH_SNAPSHOT")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.index")
	}
	b.Run("save", func(b *testing.B) {
		// A commit waits for the index while its counts are written: the
		// longest wait of an empty commit during the saves is reported.
		done := make(chan struct{})
		waited := make(chan time.Duration)
		go func() {
			var longest time.Duration
			for {
				select {
				case <-done:
					waited <- longest
					return
				default:
				}
				t0 := time.Now()
				ix.Append(nil)
				longest = max(longest, time.Since(t0))
				time.Sleep(time.Millisecond)
			}
		}()
		for i := 0; i < b.N; i++ {
			if err := ix.SaveSnapshot(context.Background(), st, path); err != nil {
				b.Fatal(err)
			}
		}
		close(done)
		b.ReportMetric(float64((<-waited).Microseconds())/1000, "max-commit-wait-ms")
		fi, _ := os.Stat(path)
		b.ReportMetric(float64(fi.Size())/(1<<20), "file-MB")
	})
	b.Run("open", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := indicator.OpenSnapshot(context.Background(), st, cat, path, benchSecret); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSnapshotOpen reads the snapshot at KINDERSTEM_BENCH_SNAPSHOT
// (written by BenchmarkSnapshot) without reading the answers first, as a
// restart does: run it alone, under /usr/bin/time -v, for the resident
// memory of a restarted index. It reports the Go heap the index takes.
func BenchmarkSnapshotOpen(b *testing.B) {
	path, db := os.Getenv("KINDERSTEM_BENCH_SNAPSHOT"), os.Getenv("KINDERSTEM_BENCH_DB")
	if path == "" || db == "" {
		b.Skip("set KINDERSTEM_BENCH_DB and KINDERSTEM_BENCH_SNAPSHOT, written by BenchmarkSnapshot")
	}
	cat, err := survey.Load(os.DirFS("../../surveys"))
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := st.RegisterCatalog(context.Background(), cat); err != nil {
		b.Fatal(err)
	}
	var m runtime.MemStats
	var before uint64
	var ix *indicator.Index
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&m)
		before = m.HeapAlloc // each index read stays on the store's commit hook
		b.StartTimer()
		ix, err = indicator.OpenSnapshot(context.Background(), st, cat, path, benchSecret)
		if err != nil {
			b.Fatal(err)
		}
		if !ix.FromSnapshot() {
			b.Fatal("not read from the snapshot")
		}
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapAlloc-before)/(1<<20), "heap-MB")
	b.ReportMetric(rssMB(), "rss-MB")
	b.Logf("runtime: heap in use %d MB, idle %d MB (returned %d MB), stacks %d MB, other %d MB",
		m.HeapInuse>>20, m.HeapIdle>>20, m.HeapReleased>>20, m.StackSys>>20, (m.Sys-m.HeapSys-m.StackSys)>>20)
	b.Log("where the heap goes:\n" + ix.Footprint())
	if out := os.Getenv("KINDERSTEM_BENCH_HEAPPROFILE"); out != "" {
		f, err := os.Create(out)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		if err := pprof.WriteHeapProfile(f); err != nil {
			b.Fatal(err)
		}
	}
	runtime.KeepAlive(ix)
}

// rssMB is the process's resident memory now (VmRSS), 0 where /proc does
// not say.
func rssMB() float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

func BenchmarkLoad(b *testing.B) {
	_, st, cat := benchIndex(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := indicator.Load(context.Background(), st, cat, benchSecret); err != nil {
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

// The shapes the pages and the API ask most, as the quality bars name
// them: one indicator by two breakdowns, every indicator by two (the API's
// /api/v1/indicators?by=age_band,gender), and the overview (every
// indicator by quarter); each unweighted and, with a population table,
// weighted. Perturbation and clustering are always on.
func BenchmarkShapes(b *testing.B) {
	ix, _, cat := benchIndex(b)
	weightings := []string{""}
	if ix.HasPopulation() {
		weightings = append(weightings, indicator.WeightsPopulation)
	}
	all := func(by []indicator.Dim, period, weights string) []indicator.Query {
		var qs []indicator.Query
		for _, s := range cat.Surveys() {
			if s.ForProfessionals() {
				continue
			}
			for _, ind := range s.Indicators {
				qs = append(qs, indicator.Query{Survey: s.ID, Indicator: ind.ID, By: by, Period: period, Weights: weights, Policy: benchPolicy})
			}
		}
		return qs
	}
	twoWay := []indicator.Dim{indicator.DimAgeBand, indicator.DimGender}
	for _, w := range weightings {
		name := "unweighted"
		if w != "" {
			name = "weighted"
		}
		one := func(by ...indicator.Dim) []indicator.Query {
			return []indicator.Query{{Survey: "wellbeing", Indicator: "wellbeing_index", By: by, Weights: w, Policy: benchPolicy}}
		}
		for _, c := range []struct {
			name string
			qs   []indicator.Query
		}{
			{"one_age_band_by_gender", one(twoWay...)},
			{"one_province_by_gender", one(indicator.DimProvince, indicator.DimGender)},
			{"all_age_band_by_gender", all(twoWay, "", w)},
			{"overview_all_by_quarter", all([]indicator.Dim{indicator.DimPeriod}, "quarter", w)},
		} {
			b.Run(name+"/"+c.name, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if _, err := ix.ComputeAll(c.qs); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkShapesHeap reports the live heap after BenchmarkShapes (run it
// in the same process, after): the index with what its queries keep,
// such as the weights.
func BenchmarkShapesHeap(b *testing.B) {
	ix, _, _ := benchIndex(b)
	for i := 0; i < b.N; i++ {
		runtime.GC()
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "heap-MB")
	runtime.KeepAlive(ix)
}

var benchPolicy = release.MustPolicy(release.DefaultK, release.DefaultMinBase)
