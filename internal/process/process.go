// Package process computes the process indicators of the participation
// loop (the KeKi seed's): sessions run, how many got a public answer and
// how fast, how many answer parts say what will be done, and whether the
// children feel heard, by organisation, region and period.
package process

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Dims a breakdown can use.
var Dims = []string{"organisation", "region"}

// Query asks for the process indicators: at most one breakdown (By), an
// optional period, the analysts' filters (Filter.Check must have passed;
// only from, to, region, organisation, setting and age_band apply), and
// the disclosure policy whose k hides a felt-heard share and whose record
// secret (release.Policy.WithSecret) makes the felt-heard cells' keys.
type Query struct {
	By     string // "", "organisation" or "region"
	Period string // "", "month", "quarter" or "year": of the session's start
	Filter indicator.Filter
	Policy release.Policy
	// InRegion reports whether a session's region is in a filter's region
	// (a municipality in itself, a province in its municipalities).
	InRegion func(sessionRegion, filter string) bool
}

// Group is one row of the answer: its breakdown levels and the indicators.
// A share is NaN when it has no base; HeardHidden says the felt-heard
// share (and the number of raters) is withheld: fewer than k children
// rated, or another group's hidden share could be worked out from it.
type Group struct {
	Organisation  int64  // 0 unless By is organisation
	Region        string // "" unless By is region
	Period        string // "" unless a period was asked
	Sessions      int    // sessions started
	Prepared      int    // of which the children were told before they answered what it is for
	PreparedShare float64
	Closed        int // of which closed
	Answered      int // closed sessions with a public answer now
	AnsweredShare float64
	MedianDays    float64 // days from close to first answer, over answered sessions
	Parts         int     // parts of the public answers of these sessions
	WeWill        int     // parts saying what the adults will do
	WeWillShare   float64
	// The children's topics of the closed sessions (from their ideas
	// rounds) and those a public answer takes up with a "we will".
	Topics            int
	TopicsWeWill      int
	TopicsWeWillShare float64
	// Children who rated (closed ratings only) and the share who said
	// "yes", from counts perturbed with cell keys like the analysts'
	// tables, so two queries cannot be subtracted to isolate a group.
	Raters      int // perturbed; 0 when HeardHidden
	HeardShare  float64
	HeardHidden bool // fewer than k (perturbed) raters, or hidden beside such a group
}

// Key names a group in left_out lists and logs.
func (g Group) Key() string {
	key := "all"
	switch {
	case g.Organisation != 0:
		key = "organisation=" + strconv.FormatInt(g.Organisation, 10)
	case g.Region != "":
		key = "region=" + g.Region
	}
	if g.Period != "" {
		key += ",period=" + g.Period
	}
	return key
}

// Compute groups the sessions and computes the indicators of each group,
// in order of breakdown level then period.
func Compute(sessions []store.ProcessSession, parts map[int64]store.ReplyParts, q Query) ([]Group, error) {
	q.Policy.Note(release.Process)
	if q.By != "" && !slices.Contains(Dims, q.By) {
		return nil, fmt.Errorf("process: no breakdown %q", q.By)
	}
	if q.Period != "" && !slices.Contains(indicator.Periods, q.Period) {
		return nil, fmt.Errorf("process: no period %q", q.Period)
	}
	keys, err := q.Policy.Keys()
	if err != nil {
		return nil, fmt.Errorf("process: felt-heard cell keys: %w", err)
	}
	k := q.Policy.K()
	type acc struct {
		g       Group
		days    []float64
		replies map[int64]bool
		yes     release.Tally
		raters  release.Tally
	}
	groups := map[string]*acc{}
	var order []string
	for _, s := range sessions {
		if !keep(s, q) {
			continue
		}
		g := Group{Period: periodOf(s.OpenedAt, q.Period)}
		switch q.By {
		case "organisation":
			g.Organisation = s.OrganisationID
		case "region":
			g.Region = s.Region
		}
		a := groups[g.Key()]
		if a == nil {
			a = &acc{g: g, replies: map[int64]bool{}}
			groups[g.Key()] = a
			order = append(order, g.Key())
		}
		a.g.Sessions++
		if s.Prepared {
			a.g.Prepared++
		}
		if s.ClosedAt.IsZero() {
			continue
		}
		a.g.Closed++
		if len(s.PublicReplies) > 0 {
			a.g.Answered++
		}
		if !s.FirstAnswerAt.IsZero() {
			a.days = append(a.days, max(0, math.Floor(s.FirstAnswerAt.Sub(s.ClosedAt).Hours()/24)))
		}
		for _, r := range s.PublicReplies {
			a.replies[r] = true
		}
		a.g.Topics += s.Topics
		a.g.TopicsWeWill += s.TopicsWeWill
		for _, cell := range s.HeardCells {
			key := heardKey(keys, s.ID, cell)
			a.raters.Add(cell.N, key)
			if cell.Rating == "yes" {
				a.yes.Add(cell.N, key)
			}
		}
	}
	sort.Strings(order)
	out := make([]Group, 0, len(order))
	rated := make([]bool, 0, len(order))
	for _, key := range order {
		a := groups[key]
		g := a.g
		for r := range a.replies {
			g.Parts += parts[r].Parts
			g.WeWill += parts[r].WeWill
		}
		g.AnsweredShare = share(g.Answered, g.Closed)
		g.PreparedShare = share(g.Prepared, g.Sessions)
		g.WeWillShare = share(g.WeWill, g.Parts)
		g.TopicsWeWillShare = share(g.TopicsWeWill, g.Topics)
		g.MedianDays = median(a.days)
		raters := a.raters.Perturbed()
		if raters < k {
			g.hideHeard()
		} else {
			g.Raters, g.HeardShare = raters, share(min(a.yes.Perturbed(), raters), raters)
		}
		out = append(out, g)
		rated = append(rated, a.raters.N > 0)
	}
	hideHeardComplements(out, rated, q.By, q.Period)
	return out, nil
}

// keep applies the filter to one session; periods are of its start.
func keep(s store.ProcessSession, q Query) bool {
	f := q.Filter
	month := s.OpenedAt.UTC().Format("2006-01")
	switch {
	case f.From != "" && month < f.From, f.To != "" && month > f.To:
		return false
	case len(f.Organisations) > 0 && !slices.Contains(f.Organisations, s.OrganisationID):
		return false
	case len(f.Settings) > 0 && !slices.Contains(f.Settings, s.Setting):
		return false
	case len(f.AgeBands) > 0 && !slices.Contains(f.AgeBands, s.AgeBand):
		return false
	}
	if len(f.Regions) > 0 {
		in := q.InRegion
		if in == nil {
			in = func(a, b string) bool { return a == b }
		}
		return slices.ContainsFunc(f.Regions, func(r string) bool { return in(s.Region, r) })
	}
	return true
}

func periodOf(t time.Time, period string) string {
	t = t.UTC()
	switch period {
	case "month":
		return t.Format("2006-01")
	case "quarter":
		return fmt.Sprintf("%04d-Q%d", t.Year(), (int(t.Month())-1)/3+1)
	case "year":
		return strconv.Itoa(t.Year())
	}
	return ""
}

func share(n, of int) float64 {
	if of == 0 {
		return math.NaN()
	}
	return float64(n) / float64(of)
}

// median is the middle value (the mean of the two middle ones for an even
// count), NaN for none.
func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	slices.Sort(v)
	m := len(v) / 2
	if len(v)%2 == 1 {
		return v[m]
	}
	return (v[m-1] + v[m]) / 2
}

// Params are the query parameters ParseQuery reads besides the analysts'
// filters.
var Params = []string{"by", "period"}

// ParseQuery reads the process indicators' query: the analysts' filters
// (regions by NIS code or old slug, an unknown one refused), one breakdown
// and one period. Version, age, gender and weights do not apply to sessions and
// are refused, as is any parameter neither read here nor in others (the
// caller's own).
func ParseQuery(q url.Values, cat *survey.Catalog, p release.Policy, others ...string) (Query, error) {
	for _, name := range append([]string{"version", "age", "gender", "weights"}, indicator.BackgroundParams...) {
		if q.Has(name) {
			return Query{}, fault.Field(name, "error.param_unknown", "process indicators have no "+name+" filter")
		}
	}
	r, err := indicator.ParseRequest(q, cat, append(slices.Clip(others), Params...)...)
	if err != nil {
		return Query{}, err
	}
	pq := Query{By: q.Get("by"), Period: r.Period, Filter: r.Filter, Policy: p, InRegion: cat.InRegion}
	if pq.By != "" && !slices.Contains(Dims, pq.By) {
		return pq, fault.Field("by", "error.breakdown_invalid", "by must be organisation or region")
	}
	return pq, nil
}

// Load computes the process indicators q asks for from the store's
// sessions and answers.
func Load(ctx context.Context, st *store.Store, q Query) ([]Group, error) {
	sessions, parts, err := st.ProcessData(ctx)
	if err != nil {
		return nil, err
	}
	return Compute(sessions, parts, q)
}
