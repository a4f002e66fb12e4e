package loadtest

import (
	"context"
	mrand "math/rand/v2"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Ceiling stores submissions of the same survey straight into a SQLite
// file in dir, with the store's pragmas (WAL, synchronous=FULL) and group
// commit, from the same number of goroutines, for the same time: the rate
// the application could reach if HTTP cost nothing. The file starts empty,
// or as a copy of from (the server's database) so that both runs write
// into B-trees of the same size.
func Ceiling(ctx context.Context, cat *survey.Catalog, dir, from, surveyID, band, setting string, clients int, d time.Duration, max int) (float64, error) {
	path := filepath.Join(dir, "ceiling.db")
	if from != "" {
		src, err := store.Open(ctx, from, store.Options{})
		if err != nil {
			return 0, err
		}
		err = src.Backup(ctx, path)
		src.Close()
		if err != nil {
			return 0, err
		}
	}
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		return 0, err
	}
	defer st.Close()
	if err := st.RegisterCatalog(ctx, cat); err != nil {
		return 0, err
	}
	s, _ := cat.Survey(surveyID)
	org, err := st.CreateOrganisation(ctx, "ceiling", "other")
	if err != nil {
		return 0, err
	}
	sess := &store.Session{OrganisationID: org, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash, AgeBand: band, Lang: "nl",
		Setting: setting, Region: "gent", ClosesAt: time.Now().Add(time.Hour), ResultsUntil: time.Now().Add(time.Hour)}
	if err := st.CreateSession(ctx, sess); err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var stored, budget atomic.Int64
	budget.Store(int64(max))
	// As for the HTTP run, the children are made before the clock starts.
	rng := mrand.New(mrand.NewPCG(99, 0))
	tmpl := make([]*store.Submission, 1000)
	for i := range tmpl {
		tmpl[i] = demo.NewChild(rng).Submission(s, sess)
	}
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := mrand.New(mrand.NewPCG(99, uint64(i)))
			for ctx.Err() == nil && budget.Add(-1) >= 0 {
				sub := *tmpl[rng.IntN(len(tmpl))]
				sub.SessionID = sess.ID
				for i := range sub.UID {
					sub.UID[i] = byte(rng.UintN(256))
				}
				if _, err := st.Submit(ctx, &sub); err == nil {
					stored.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	return float64(stored.Load()) / time.Since(start).Seconds(), nil
}
