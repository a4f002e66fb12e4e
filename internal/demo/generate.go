package demo

import (
	"context"
	"fmt"
	mrand "math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Clock is a settable time source: Generate moves it through the months it
// fills, so submissions carry days spread over the period as real ones do.
type Clock struct{ t atomic.Int64 }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { return time.Unix(0, c.t.Load()) }

// Set moves the clock.
func (c *Clock) Set(t time.Time) { c.t.Store(t.UnixNano()) }

// Options shape a generated database.
type Options struct {
	Submissions int       // how many
	Months      int       // spread over this many months up to End; 24 when 0
	End         time.Time // the last month; now when zero
	Seed        uint64    // for the random choices
	Langs       []string  // languages children may switch to
	Workers     int       // concurrent submitters; 256 when 0
	Progress    func(done, total int)
}

// Stats says what Generate made.
type Stats struct {
	Organisations, Sessions, Submissions int
}

// settingWeights is the share of demo sessions per setting. Closed youth
// settings and asylum reception get a few sessions each, so the
// special-protection indicators asked only there have demo figures.
var settingWeights = []struct {
	setting string
	weight  float64
}{{"school", 0.5}, {"youth_work", 0.2}, {"youth_care", 0.1}, {"residential_care", 0.1},
	{"closed_institution", 0.03}, {"asylum_reception", 0.03}, {"other", 0.04}}

// Generate fills st with synthetic sessions and submissions through the
// store's real write path. st must have been opened with clock.Now.
func Generate(ctx context.Context, st *store.Store, cat *survey.Catalog, clock *Clock, opts Options) (Stats, error) {
	if opts.Months <= 0 {
		opts.Months = 24
	}
	if opts.End.IsZero() {
		opts.End = time.Now()
	}
	if opts.Workers <= 0 {
		opts.Workers = 256
	}
	rng := mrand.New(mrand.NewPCG(opts.Seed, 7))
	var stats Stats
	orgs, err := demoOrganisations(ctx, st, 12)
	if err != nil {
		return stats, err
	}
	stats.Organisations = len(orgs)
	regions := municipalities(cat)
	work := make(chan pendingSub, opts.Workers*2)
	var failed atomic.Value
	var done atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < opts.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				if _, err := st.Submit(ctx, p.sub); err != nil {
					failed.CompareAndSwap(nil, err)
				}
				p.done.Done()
				if n := done.Add(1); opts.Progress != nil && n%10000 == 0 {
					opts.Progress(int(n), opts.Submissions)
				}
			}
		}()
	}
	perMonth := (opts.Submissions + opts.Months - 1) / opts.Months
	start := time.Date(opts.End.Year(), opts.End.Month(), 10, 10, 0, 0, 0, time.UTC).AddDate(0, -(opts.Months - 1), 0)
	left := opts.Submissions
	for m := 0; m < opts.Months && left > 0 && ctx.Err() == nil && failed.Load() == nil; m++ {
		month := start.AddDate(0, m, 0)
		n := min(perMonth, left)
		sessions, err := fillMonth(ctx, st, cat, clock, rng, month, n, orgs, regions, opts.Langs, work)
		if err != nil {
			close(work)
			wg.Wait()
			return stats, err
		}
		stats.Sessions += sessions
		left -= n
	}
	close(work)
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		return stats, fmt.Errorf("demo: submit: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return stats, err
	}
	stats.Submissions = opts.Submissions - left
	return stats, nil
}

// fillMonth spreads n children over the school days of one month. Each
// day's sessions are opened, then all their children are queued at once
// (so the writer can batch them) and the clock stays on that day until
// they are stored.
func fillMonth(ctx context.Context, st *store.Store, cat *survey.Catalog, clock *Clock, rng *mrand.Rand, month time.Time,
	n int, orgs []int64, regions []string, langs []string, work chan<- pendingSub) (int, error) {
	const days = 18
	sessions := 0
	for d := 0; d < days && n > 0; d++ {
		day := month.AddDate(0, 0, d)
		clock.Set(day)
		quota := min(n, (n+days-d-1)/(days-d))
		var wg sync.WaitGroup
		for quota > 0 {
			size := min(quota, 12+rng.IntN(19))
			sess, err := openSession(ctx, st, cat, rng, day, orgs, regions)
			if err != nil {
				wg.Wait()
				return sessions, err
			}
			sessions++
			if err := queueChildren(ctx, cat, rng, sess, size, langs, work, &wg); err != nil {
				wg.Wait()
				return sessions, err
			}
			quota -= size
			n -= size
		}
		wg.Wait()
	}
	return sessions, nil
}

func openSession(ctx context.Context, st *store.Store, cat *survey.Catalog, rng *mrand.Rand, day time.Time, orgs []int64, regions []string) (*store.Session, error) {
	s := cat.Surveys()[rng.IntN(len(cat.Surveys()))]
	band := s.AgeBands[rng.IntN(len(s.AgeBands))]
	sess := &store.Session{OrganisationID: orgs[rng.IntN(len(orgs))], SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash,
		AgeBand: band.String(), Lang: "nl", Setting: pickSetting(rng), Region: regions[rng.IntN(len(regions))],
		ClosesAt: day.Add(8 * time.Hour), ResultsUntil: day.Add(90 * 24 * time.Hour)}
	return sess, st.CreateSession(ctx, sess)
}

// queueChildren hands one session's children to the submitters.
func queueChildren(ctx context.Context, cat *survey.Catalog, rng *mrand.Rand, sess *store.Session, size int, langs []string,
	work chan<- pendingSub, wg *sync.WaitGroup) error {
	s, _ := cat.Survey(sess.SurveyID)
	band, _ := s.Band(sess.AgeBand)
	reversed := reversedItems(s)
	groupMood := 0.4 * rng.NormFloat64() // some groups are happier than others
	for i := 0; i < size; i++ {
		c := &child{rng: rng, theta: groupMood + rng.NormFloat64()}
		sub := c.submission(s, sess, band, reversed, langs)
		if b, ok := s.BandOf(sub.Age); ok {
			sub.AgeBand = b.String()
		}
		wg.Add(1)
		select {
		case work <- pendingSub{sub: sub, done: wg}:
		case <-ctx.Done():
			wg.Done()
			return ctx.Err()
		}
	}
	return nil
}

// pendingSub is a submission on its way to a worker, and what to tell
// when it is stored.
type pendingSub struct {
	sub  *store.Submission
	done *sync.WaitGroup
}

func pickSetting(rng *mrand.Rand) string {
	r := rng.Float64()
	for _, w := range settingWeights {
		if r < w.weight {
			return w.setting
		}
		r -= w.weight
	}
	return "other"
}

func municipalities(cat *survey.Catalog) []string {
	var out []string
	for _, r := range cat.Regions {
		if r.Province != "" {
			out = append(out, r.Code)
		}
	}
	if len(out) == 0 {
		for _, r := range cat.Regions {
			out = append(out, r.Code)
		}
	}
	return out
}

func demoOrganisations(ctx context.Context, st *store.Store, n int) ([]int64, error) {
	kinds := []string{"school", "ngo", "municipality", "care_provider"}
	var out []int64
	for i := 1; i <= n; i++ {
		id, err := st.CreateOrganisation(ctx, fmt.Sprintf("Demo: organisatie %02d", i), kinds[i%len(kinds)])
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}
