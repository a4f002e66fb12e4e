package demo

import (
	"context"
	"encoding/binary"
	"fmt"
	mrand "math/rand/v2"
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
	// Bulk stores everything through a store.Filler, in large
	// transactions, instead of through Submit from Workers goroutines:
	// the same rows (same sessions, children, days and ids in the
	// order given), a dozen times faster. For a store opened with
	// store.Options{Bulk: true}.
	Bulk     bool
	Progress func(done, total int)
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
// store's real write path (or its filler, with Options.Bulk). st must have
// been opened with clock.Now. The children and their answers depend on
// the seed only; their submission ids too, so two databases made with
// the same options hold the same submissions.
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
	g := &generator{st: st, cat: cat, clock: clock, opts: opts, rng: mrand.New(mrand.NewPCG(opts.Seed, 7)),
		uids: mrand.New(mrand.NewPCG(opts.Seed, 0x75696473)), bg: mrand.New(mrand.NewPCG(opts.Seed, 0x6267)), regions: municipalities(cat)}
	var stats Stats
	orgs, again, err := demoOrganisations(ctx, st, 12)
	if err != nil {
		return stats, err
	}
	if again {
		// The children of a run before drew their submission ids from the
		// same seed: new ones draw theirs at random, so none is taken.
		g.uids = mrand.New(mrand.NewPCG(mrand.Uint64(), mrand.Uint64()))
	}
	g.orgs = orgs
	stats.Organisations = len(orgs)
	if opts.Bulk {
		g.sink = newFillSink(st.NewFiller(ctx, 200_000), g.progress)
	} else {
		g.sink = newSubmitSink(ctx, st, opts.Workers, g.progress)
	}
	perMonth := (opts.Submissions + opts.Months - 1) / opts.Months
	start := time.Date(opts.End.Year(), opts.End.Month(), 10, 10, 0, 0, 0, time.UTC).AddDate(0, -(opts.Months - 1), 0)
	left := opts.Submissions
	for m := 0; m < opts.Months && left > 0 && ctx.Err() == nil; m++ {
		month := start.AddDate(0, m, 0)
		n := min(perMonth, left)
		sessions, err := g.fillMonth(ctx, month, n)
		stats.Sessions += sessions
		if err != nil {
			g.sink.close()
			return stats, err
		}
		left -= n
	}
	if err := g.sink.close(); err != nil {
		return stats, fmt.Errorf("demo: submit: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return stats, err
	}
	stats.Submissions = opts.Submissions - left
	return stats, nil
}

// generator draws sessions and children, in one order whatever stores them.
type generator struct {
	st      *store.Store
	cat     *survey.Catalog
	clock   *Clock
	opts    Options
	rng     *mrand.Rand // sessions, children and answers
	uids    *mrand.Rand // submission ids, apart so the answers stay as before
	bg      *mrand.Rand // the background block (background.go), apart for the same reason
	orgs    []int64
	regions []string
	sink    sink
	done    atomic.Int64
}

func (g *generator) progress() {
	if n := g.done.Add(1); g.opts.Progress != nil && n%10000 == 0 {
		g.opts.Progress(int(n), g.opts.Submissions)
	}
}

// fillMonth spreads n children over the school days of one month. Each
// day's sessions are opened, then all their children are handed over (so
// the writer can batch them), and the clock stays on that day until they
// are stored.
func (g *generator) fillMonth(ctx context.Context, month time.Time, n int) (int, error) {
	const days = 18
	sessions := 0
	for d := 0; d < days && n > 0; d++ {
		day := month.AddDate(0, 0, d)
		g.clock.Set(day)
		quota := min(n, (n+days-d-1)/(days-d))
		for quota > 0 {
			size := min(quota, 12+g.rng.IntN(19))
			sess := g.newSession(day)
			if err := g.sink.session(ctx, day, sess, g.children(sess, size)); err != nil {
				return sessions, err
			}
			sessions++
			quota -= size
			n -= size
		}
		if err := g.sink.endDay(); err != nil {
			return sessions, err
		}
	}
	return sessions, nil
}

func (g *generator) newSession(day time.Time) *store.Session {
	s := g.cat.Surveys()[g.rng.IntN(len(g.cat.Surveys()))]
	band := s.AgeBands[g.rng.IntN(len(s.AgeBands))]
	sess := &store.Session{OrganisationID: g.orgs[g.rng.IntN(len(g.orgs))], SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash,
		AgeBand: band.String(), Lang: "nl", Setting: pickSetting(g.rng), Region: g.regions[g.rng.IntN(len(g.regions))],
		ClosesAt: day.Add(8 * time.Hour), ResultsUntil: day.Add(90 * 24 * time.Hour)}
	sess.Background = withBackground(g.bg, s, sess)
	return sess
}

// children draws one session's children; the sink sets their session id
// once it has stored the session.
func (g *generator) children(sess *store.Session, size int) []*store.Submission {
	s, _ := g.cat.Survey(sess.SurveyID)
	band, _ := s.Band(sess.AgeBand)
	reversed := reversedItems(s)
	groupMood := 0.4 * g.rng.NormFloat64() // some groups are happier than others
	out := make([]*store.Submission, size)
	for i := range out {
		c := &child{rng: g.rng, theta: groupMood + g.rng.NormFloat64()}
		sub := c.submission(s, sess, band, reversed, g.opts.Langs)
		binary.LittleEndian.PutUint64(sub.UID[:8], g.uids.Uint64())
		binary.LittleEndian.PutUint64(sub.UID[8:], g.uids.Uint64())
		if b, ok := s.BandOf(sub.Age); ok {
			sub.AgeBand = b.String()
		}
		if sess.Background && survey.AsksBackground(band, sub.Age) {
			sub.Background = drawBackground(g.bg, c.theta, sub.Age, sess.Setting)
		}
		out[i] = sub
	}
	return out
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

// demoOrganisations returns the demo's n organisations, made when the
// database does not have them yet, and whether it had some: a second demo
// run adds its children to those of the first.
func demoOrganisations(ctx context.Context, st *store.Store, n int) (out []int64, again bool, err error) {
	have, err := st.Organisations(ctx)
	if err != nil {
		return nil, false, err
	}
	byName := map[string]int64{}
	for _, o := range have {
		byName[o.Name] = o.ID
	}
	kinds := []string{"school", "ngo", "municipality", "care_provider"}
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("Demo: organisatie %02d", i)
		id, ok := byName[name]
		if ok {
			again = true
		} else if id, err = st.CreateOrganisation(ctx, name, kinds[i%len(kinds)]); err != nil {
			return nil, false, err
		}
		out = append(out, id)
	}
	return out, again, nil
}
