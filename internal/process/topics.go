package process

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// The children's topics as a whole: how many topics groups of children
// raised, by children's-rights theme, age band and province, for analysts
// and policy makers. A topic is a worker's merge of the children's ideas
// (the ideas step); its theme is the one the worker gave it, else the one
// the worker's answer gave it, else the theme of a session on one theme.
// Only counts leave, never a title.
//
// Protection, as for every count of children's answers: each cell's
// counts are perturbed with cell keys under the record secret (a topic
// and each idea in it have a key of their own), and a cell whose ideas
// number fewer than k after perturbation shows nothing, and beside a cell
// hidden alone among those adding up to a margin, the smallest one shown
// is hidden too (complement.go), so a cell that is one small group, or
// the overall minus the shown cells, gives no count of what a few
// children raised.

// TopicDims are the breakdowns of the topic counts, in column order.
var TopicDims = []string{"theme", "age_band", "province"}

// TopicUnsorted is the theme level of topics no answer or session placed
// in a theme.
const TopicUnsorted = "unsorted"

// TopicQuery asks for topic counts: the breakdowns (TopicDims, in that
// order; none for the overall), the analysts' filters that apply to
// sessions, and the policy the counts are released under.
type TopicQuery struct {
	By       []string
	Filter   indicator.Filter
	Policy   release.Policy
	InRegion func(region, filter string) bool
}

// TopicCell is one released cell of topic counts.
type TopicCell struct {
	Levels map[string]string // breakdown -> level (a theme id, an age band, a province code)
	Hidden bool              // fewer than k (perturbed) ideas, or hidden beside such a cell: no numbers
	Topics int               // topics, perturbed; 0 when Hidden
	Ideas  int               // the children's ideas in them, perturbed; 0 when Hidden
}

// ParseTopicQuery reads the topic counts' query: by (a list of
// TopicDims; all three when left out, "none" for the overall), the
// filters from, to, region, setting, organisation and age_band. Version,
// age, gender, weights and period do not apply and are refused, as is any
// parameter neither read here nor in others (the caller's own).
func ParseTopicQuery(q url.Values, cat *survey.Catalog, p release.Policy, others ...string) (TopicQuery, error) {
	for _, name := range append([]string{"version", "age", "gender", "weights", "period"}, indicator.BackgroundParams...) {
		if q.Has(name) {
			return TopicQuery{}, fault.Field(name, "error.param_unknown", "topic counts have no "+name+" filter")
		}
	}
	f, err := indicator.FilterFromQuery(q, append(slices.Clip(others), "by")...)
	if err != nil {
		return TopicQuery{}, err
	}
	if err := f.Check(); err != nil {
		return TopicQuery{}, err
	}
	for i, code := range f.Regions {
		reg, ok := cat.Region(code)
		if !ok {
			return TopicQuery{}, fault.Field("region", "error.filter_invalid", "no such region")
		}
		f.Regions[i] = reg.Code
	}
	tq := TopicQuery{Filter: f, Policy: p, InRegion: cat.InRegion}
	by := indicator.QueryList(q, "by")
	switch {
	case !q.Has("by"):
		tq.By = TopicDims
	case len(by) == 1 && by[0] == "none":
	default:
		for _, d := range TopicDims { // column order, whatever the order asked
			if slices.Contains(by, d) {
				tq.By = append(tq.By, d)
			}
		}
		if len(tq.By) != len(by) {
			return TopicQuery{}, fault.Field("by", "error.breakdown_invalid", "by must be theme, age_band, province or none")
		}
	}
	return tq, nil
}

// TopicCounts releases the counts of the topics q asks for, one cell per
// combination of levels that has topics, in level order.
func TopicCounts(rows []store.TopicRow, provinceOf func(region string) string, q TopicQuery) ([]TopicCell, error) {
	q.Policy.Note(release.Topics)
	keys, err := q.Policy.Keys()
	if err != nil {
		return nil, fmt.Errorf("process: topic cell keys: %w", err)
	}
	type acc struct {
		levels        map[string]string
		topics, ideas release.Tally
	}
	cells := map[string]*acc{}
	for _, r := range rows {
		if !keep(store.ProcessSession{OpenedAt: r.OpenedAt, Region: r.Region, AgeBand: r.AgeBand}, Query{Filter: q.Filter, InRegion: q.InRegion}) {
			continue
		}
		levels := map[string]string{}
		var name []string
		for _, d := range q.By {
			var v string
			switch d {
			case "theme":
				v = r.Theme
				if v == "" {
					v = TopicUnsorted
				}
			case "age_band":
				v = r.AgeBand
			case "province":
				v = provinceOf(r.Region)
			}
			levels[d] = v
			name = append(name, d+"="+v)
		}
		key := strings.Join(name, ",")
		a := cells[key]
		if a == nil {
			a = &acc{levels: levels}
			cells[key] = a
		}
		a.topics.Add(1, keys.Row("kinderstem topic cell v1\x00", r.TopicID, r.SessionID))
		for i := 0; i < r.Ideas; i++ {
			a.ideas.Add(1, keys.Row("kinderstem topic idea cell v1\x00", r.TopicID, int64(i)))
		}
	}
	names := make([]string, 0, len(cells))
	for n := range cells {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]TopicCell, 0, len(names))
	k := q.Policy.K()
	for _, n := range names {
		a := cells[n]
		c := TopicCell{Levels: a.levels}
		ideas := a.ideas.Perturbed()
		if ideas < k {
			c.Hidden = true
		} else {
			c.Ideas, c.Topics = ideas, max(1, a.topics.Perturbed())
		}
		out = append(out, c)
	}
	hideTopicComplements(out, q.By)
	return out, nil
}

// LoadTopics computes the topic counts q asks for from the store.
func LoadTopics(ctx context.Context, st *store.Store, cat *survey.Catalog, q TopicQuery) ([]TopicCell, error) {
	rows, err := st.TopicRows(ctx)
	if err != nil {
		return nil, err
	}
	return TopicCounts(rows, cat.ProvinceOf, q)
}
