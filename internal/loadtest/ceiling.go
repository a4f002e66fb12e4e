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

// Shape is how a run's submissions are spread: a survey, and either one
// session of a band and setting, or Sessions sessions (OpenSessions) of
// Children children each in turn.
type Shape struct {
	Survey, Band, Setting string
	Sessions, Children    int
}

// CeilingCopy copies the database from into dir, where Ceiling with an
// empty from then starts from it: a copy taken before a run starts where
// the server started.
func CeilingCopy(ctx context.Context, from, dir string) error {
	src, err := store.Open(ctx, from, store.Options{})
	if err != nil {
		return err
	}
	defer src.Close()
	return src.Backup(ctx, filepath.Join(dir, "ceiling.db"))
}

// Ceiling stores submissions of the same survey straight into a SQLite
// file in dir, with the store's pragmas (WAL, synchronous=FULL) and group
// commit, from the same number of goroutines, for the same time, spread
// over sessions as the run was: the rate the application could reach if
// HTTP cost nothing. The file starts empty, or as a copy of from (the
// server's database) so that both runs write into B-trees of the same
// size. With from empty it starts from dir's ceiling.db when CeilingCopy
// made one.
func Ceiling(ctx context.Context, cat *survey.Catalog, dir, from string, shape Shape, clients int, d time.Duration, limit int) (float64, error) {
	path := filepath.Join(dir, "ceiling.db")
	if from != "" {
		if err := CeilingCopy(ctx, from, dir); err != nil {
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
	s, _ := cat.Survey(shape.Survey)
	var sessions []*store.Session
	if shape.Sessions > 1 {
		if sessions, err = openSessions(ctx, st, cat, s.ID, shape.Sessions); err != nil {
			return 0, err
		}
	} else {
		org, err := st.CreateOrganisation(ctx, "ceiling", "other")
		if err != nil {
			return 0, err
		}
		sess := &store.Session{OrganisationID: org, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash, AgeBand: shape.Band, Lang: "nl",
			Setting: shape.Setting, Region: "gent", ClosesAt: time.Now().Add(time.Hour), ResultsUntil: time.Now().Add(time.Hour)}
		if err := st.CreateSession(ctx, sess); err != nil {
			return 0, err
		}
		sessions = []*store.Session{sess}
	}
	children := max(shape.Children, 1)
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var stored, budget atomic.Int64
	budget.Store(int64(limit))
	// As for the HTTP run, the children are made before the clock starts,
	// for each kind of session.
	tmpls := map[string][]*store.Submission{}
	for _, sess := range sessions {
		kind := sess.AgeBand + "|" + sess.Setting
		if tmpls[kind] == nil {
			rng := mrand.New(mrand.NewPCG(99, uint64(len(tmpls))))
			for range 1000/len(sessions) + 50 {
				tmpls[kind] = append(tmpls[kind], demo.NewChild(rng).Submission(s, sess))
			}
		}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := mrand.New(mrand.NewPCG(99, uint64(i)))
			for ctx.Err() == nil && budget.Add(-1) >= 0 {
				sess := sessions[int(next.Add(1)-1)/children%len(sessions)]
				tmpl := tmpls[sess.AgeBand+"|"+sess.Setting]
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
