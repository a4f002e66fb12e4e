package loadtest

import (
	"context"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// DayConfig is a national day of school classes, at this machine's scale:
// Classes classes of ClassSize children, each opened by a youth worker who
// starts a session, shows its code, watches the count, closes it and
// publishes the group's results; the classes start spread over the first
// nine tenths of Duration; the workers log in before it starts. Beside
// them analysts read indicators and
// export, and the public reads the front pages. Every child's tablet sends
// its questionnaire until the server acknowledges it, as the offline queue
// does, so a server that goes away and comes back loses no child.
type DayConfig struct {
	URL       string // loopback only
	Classes   int
	ClassSize int // 25 when 0
	Duration  time.Duration
	Workers   []Account // youth workers; their classes are shared out among them
	Analysts  []Account
	Readers   int     // members of the public reading the front pages; 2 when 0
	Replays   float64 // share of children whose tablet sends again after the acknowledgement; 0.05 when 0
	Seed      uint64
	Catalog   *survey.Catalog
}

// Account is a staff login.
type Account struct{ Email, Password string }

// DayReport is what a day measured.
type DayReport struct {
	Elapsed        time.Duration
	Routes         *Routes
	ClassesStarted int64
	ClassesDone    int64 // closed and published
	Children       int64 // children who started
	Acknowledged   int64 // children whose questionnaire was acknowledged
	Resent         int64 // sends after a failure (the server away, a timeout)
	acked          sync.Map
}

// AckedIDs returns the id of every acknowledged questionnaire.
func (r *DayReport) AckedIDs() []string {
	var out []string
	r.acked.Range(func(k, _ any) bool { out = append(out, k.(string)); return true })
	return out
}

// Day plays cfg against a running server and returns once every class has
// finished or cfg.Duration (and a minute's grace for the last classes) is
// over.
func Day(ctx context.Context, cfg DayConfig) (*DayReport, error) {
	if err := checkLoopback(cfg.URL); err != nil {
		return nil, err
	}
	if cfg.Classes < 1 || len(cfg.Workers) == 0 || cfg.Catalog == nil || cfg.Duration <= 0 {
		return nil, errors.New("loadtest: a day needs classes, workers, the catalog and a duration")
	}
	if cfg.ClassSize == 0 {
		cfg.ClassSize = 25
	}
	if cfg.Readers == 0 {
		cfg.Readers = 2
	}
	if cfg.Replays == 0 {
		cfg.Replays = 0.05
	}
	s, ok := cfg.Catalog.Survey("wellbeing")
	if !ok {
		return nil, errors.New("loadtest: the wellbeing survey is not in this build")
	}
	rep := &DayReport{Routes: &Routes{}}
	// A browser waits a long while for an answer before it gives up.
	d := &day{cfg: cfg, rep: rep, survey: s, children: &http.Client{Timeout: 60 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 256, IdleConnTimeout: 30 * time.Second}}}
	// The youth workers log in before the day starts, as a teacher does
	// before the first class; the server works out one password hash per
	// core at a time, so they take turns.
	workers := make([]*staffClient, len(cfg.Workers))
	var logins sync.WaitGroup
	loginCtx, stopLogins := context.WithTimeout(ctx, 5*time.Minute)
	defer stopLogins()
	for i, a := range cfg.Workers {
		workers[i] = newStaffClient(cfg.URL, a, rep.Routes)
		logins.Add(1)
		go func() { defer logins.Done(); workers[i].login(loginCtx) }()
	}
	logins.Wait()
	start := time.Now()
	end := start.Add(cfg.Duration)
	hard, cancel := context.WithDeadline(ctx, end.Add(time.Minute))
	defer cancel()
	var bg sync.WaitGroup
	soft, stopBackground := context.WithDeadline(hard, end)
	defer stopBackground()
	for i, a := range cfg.Analysts {
		bg.Add(1)
		go func() { defer bg.Done(); d.analyst(soft, a, uint64(i)) }()
	}
	for i := range cfg.Readers {
		bg.Add(1)
		go func() { defer bg.Done(); d.reader(soft, uint64(i)) }()
	}
	rng := mrand.New(mrand.NewPCG(cfg.Seed, 99))
	var classes sync.WaitGroup
	for i := range cfg.Classes {
		at := start.Add(time.Duration(rng.Float64() * 0.9 * float64(cfg.Duration)))
		classes.Add(1)
		go func() {
			defer classes.Done()
			select {
			case <-time.After(time.Until(at)):
			case <-hard.Done():
				return
			}
			d.class(soft, hard, workers[i%len(workers)], i)
		}()
	}
	classes.Wait()
	stopBackground()
	bg.Wait()
	rep.Elapsed = time.Since(start)
	return rep, nil
}

type day struct {
	cfg      DayConfig
	rep      *DayReport
	survey   *survey.Survey
	children *http.Client
}

// count adds one to a counter of the report.
func count(n *int64) { atomic.AddInt64(n, 1) }

// analyst reads the indicator overview, the API and an export, with a few
// seconds between them, until ctx ends.
func (d *day) analyst(ctx context.Context, a Account, seed uint64) {
	c := newStaffClient(d.cfg.URL, a, d.rep.Routes)
	rng := mrand.New(mrand.NewPCG(d.cfg.Seed, 1000+seed))
	for ctx.Err() == nil && c.login(ctx) != nil {
		sleep(ctx, time.Second)
	}
	pages := []struct{ route, path string }{
		{"GET /indicators", "/indicators"},
		{"GET /api/v1/indicators", "/api/v1/indicators?survey=wellbeing&by=age_band,gender"},
		{"GET /indicators/:survey/:indicator", "/indicators/wellbeing/wellbeing_index?by=age_band"},
		{"GET /export/indicators/:format", "/export/indicators/csv?survey=wellbeing"},
	}
	for ctx.Err() == nil {
		p := pages[rng.IntN(len(pages))]
		c.get(ctx, p.route, p.path)
		sleep(ctx, time.Duration(500+rng.IntN(2500))*time.Millisecond)
	}
}

// reader is the public: the front page and the accessibility statement.
func (d *day) reader(ctx context.Context, seed uint64) {
	c := newStaffClient(d.cfg.URL, Account{}, d.rep.Routes)
	rng := mrand.New(mrand.NewPCG(d.cfg.Seed, 2000+seed))
	for ctx.Err() == nil {
		if rng.IntN(4) == 0 {
			c.get(ctx, "GET /accessibility", "/accessibility")
		} else {
			c.get(ctx, "GET /", "/")
		}
		sleep(ctx, time.Duration(200+rng.IntN(800))*time.Millisecond)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-time.After(d):
	case <-ctx.Done():
	}
}

// Print writes the day's figures.
func (r *DayReport) Print(w interface{ Write([]byte) (int, error) }) {
	fmt.Fprintf(w, "classes: %d started, %d closed and published; children: %d started, %d acknowledged (%.1f/s), %d sends again after a failure\n",
		r.ClassesStarted, r.ClassesDone, r.Children, r.Acknowledged, float64(r.Acknowledged)/r.Elapsed.Seconds(), r.Resent)
	r.Routes.Print(w)
}
