package store_test

import (
	"context"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/loadtest"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// slowCommits counts the group commits that took longer than 60 ms.
type slowCommits struct{ n, slow atomic.Int64 }

func (o *slowCommits) Batch(size, created, replayed int, took time.Duration) {
	o.n.Add(1)
	if took > 60*time.Millisecond {
		o.slow.Add(1)
	}
}

// BenchmarkSubmitLatency measures how long a submission waits for the
// group-commit writer, without HTTP, in a copy of the database that
// KINDERSTEM_BENCH_DB names (e.g. one of a million submissions): 200
// children in 200 sessions send wellbeing questionnaires at an offered
// rate of KINDERSTEM_BENCH_RATE a second in all (6,000 when unset) for
// 20 s, each child on its own clock, so that a slow commit shows as the
// wait of everyone behind it. Reports the latency's p50, p99 and p99.9,
// the rate reached and the share of commits over 60 ms. Run it with
// -benchtime 1x.
func BenchmarkSubmitLatency(b *testing.B) {
	src := os.Getenv("KINDERSTEM_BENCH_DB")
	if src == "" {
		b.Skip("KINDERSTEM_BENCH_DB names no database")
	}
	rate := 6000.0
	if v, err := strconv.ParseFloat(os.Getenv("KINDERSTEM_BENCH_RATE"), 64); err == nil && v > 0 {
		rate = v
	}
	cat, err := survey.Load(os.DirFS("../../surveys"))
	if err != nil {
		b.Fatal(err)
	}
	s, _ := cat.Survey("wellbeing")
	ctx := context.Background()
	const clients = 200
	var p50, p99, p999, reached, slowShare float64
	for i := 0; b.Loop(); i++ {
		path := filepath.Join(b.TempDir(), "k.db")
		if err := store.CopyFile(ctx, src, path); err != nil {
			b.Fatal(err)
		}
		obs := &slowCommits{}
		st, err := store.Open(ctx, path, store.Options{Observer: obs})
		if err != nil {
			b.Fatal(err)
		}
		if err := st.RegisterCatalog(ctx, cat); err != nil {
			b.Fatal(err)
		}
		org, err := st.CreateOrganisation(ctx, "latency", "other")
		if err != nil {
			b.Fatal(err)
		}
		sessions := make([]*store.Session, clients)
		for k := range sessions {
			sessions[k] = &store.Session{OrganisationID: org, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash,
				AgeBand: s.AgeBands[k%len(s.AgeBands)].String(), Lang: "nl", Setting: cat.Settings[k%len(cat.Settings)], Region: "gent",
				ClosesAt: time.Now().Add(time.Hour), ResultsUntil: time.Now().Add(time.Hour)}
			if err := st.CreateSession(ctx, sessions[k]); err != nil {
				b.Fatal(err)
			}
		}
		obs.n.Store(0)
		obs.slow.Store(0)
		run, cancel := context.WithTimeout(ctx, 20*time.Second)
		every := time.Duration(float64(time.Second) * clients / rate)
		var mu sync.Mutex
		var lat []time.Duration
		var wg sync.WaitGroup
		start := time.Now()
		for k := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := mrand.New(mrand.NewPCG(uint64(i), uint64(k)))
				var mine []time.Duration
				next := start.Add(time.Duration(rng.Int64N(int64(every))))
				for run.Err() == nil {
					time.Sleep(time.Until(next))
					sub := demo.NewChild(rng).Submission(s, sessions[k])
					t0 := time.Now()
					if _, err := st.Submit(ctx, sub); err != nil {
						b.Error(err)
						return
					}
					mine = append(mine, time.Since(t0))
					// A child that fell behind starts again from now
					// rather than sending its missed turns at once.
					if next = next.Add(every); next.Before(time.Now()) {
						next = time.Now()
					}
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		took := time.Since(start)
		cancel()
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
		slices.Sort(lat)
		q := func(p float64) float64 { return float64(loadtest.Quantile(lat, p).Microseconds()) / 1000 }
		p50, p99, p999 = max(p50, q(.5)), max(p99, q(.99)), max(p999, q(.999))
		reached = float64(len(lat)) / took.Seconds()
		slowShare = float64(obs.slow.Load()) / float64(max(obs.n.Load(), 1))
	}
	b.ReportMetric(p50, "submit-p50-ms")
	b.ReportMetric(p99, "submit-p99-ms")
	b.ReportMetric(p999, "submit-p99.9-ms")
	b.ReportMetric(reached, "submissions/s")
	b.ReportMetric(slowShare, "commits-over-60ms")
}
