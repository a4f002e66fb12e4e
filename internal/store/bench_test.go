package store_test

import (
	"context"
	"crypto/rand"
	"os"
	"sync"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// BenchmarkSubmit measures the group-commit writer alone: 200 goroutines
// store submissions of every wellbeing item into a real file, as the load tool's
// ceiling does. Reports submissions per second.
func BenchmarkSubmit(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	tmpl := f.submission()
	cat, err := survey.Load(os.DirFS("../../surveys"))
	if err != nil {
		b.Fatal(err)
	}
	s, _ := cat.Survey("wellbeing")
	tmpl.Answers = tmpl.Answers[:0]
	for i, it := range s.Items() {
		if it.Kind != survey.KindText {
			tmpl.Answers = append(tmpl.Answers, store.Answer{Item: it.ID, Code: i % 5})
		}
	}
	var next sync.Mutex
	n := 0
	b.ResetTimer()
	var wg sync.WaitGroup
	for range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				next.Lock()
				if n >= b.N {
					next.Unlock()
					return
				}
				n++
				next.Unlock()
				sub := *tmpl
				rand.Read(sub.UID[:])
				if _, err := f.s.Submit(ctx, &sub); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "submissions/s")
}
