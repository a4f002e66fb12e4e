package decision

import (
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
)

// FigureDims are the breakdowns of the process figures.
var FigureDims = []string{"organisation", "setting"}

// FiguresQuery asks for the process figures: overall, or by one
// breakdown.
type FiguresQuery struct {
	By string // "", "organisation" or "setting"
	// Settings are every setting, listed whole in a breakdown by setting
	// so that a hidden level looks like an empty one.
	Settings []string
}

// FigureParams are the query parameters ParseFigures reads.
var FigureParams = []string{"by"}

// ParseFigures reads a figures query; a parameter neither read here nor in
// others (the caller's own) is refused, as is an unknown breakdown.
func ParseFigures(q url.Values, others ...string) (FiguresQuery, error) {
	for name := range q {
		if !slices.Contains(FigureParams, name) && !slices.Contains(others, name) {
			return FiguresQuery{}, fault.Field(name, "error.param_unknown", "no such parameter: "+name)
		}
	}
	by := q["by"]
	switch {
	case len(by) > 1:
		return FiguresQuery{}, fault.Field("by", "decision.error_by", "one breakdown at most")
	case len(by) == 1 && by[0] != "" && !slices.Contains(FigureDims, by[0]):
		return FiguresQuery{}, fault.Field("by", "decision.error_by", "no breakdown "+by[0])
	case len(by) == 1:
		return FiguresQuery{By: by[0]}, nil
	}
	return FiguresQuery{}, nil
}

// Figure is one row of the process figures: of the decisions recorded,
// the shares where the child gave a view, chose not to (declined or took
// it back), was asked but did not answer, or was not asked; the median
// days from the view to the explanation; and how the children who
// answered "do you feel heard?" felt. Counts are perturbed with cell keys
// like the analysts' tables; a row of fewer than k decisions shows
// nothing, and its days and felt-heard parts need k of their own.
type Figure struct {
	Organisation int64  // 0 unless by organisation
	Setting      string // "" unless by setting
	Hidden       bool
	Decisions    int
	View         float64
	ChoseNot     float64
	NoAnswer     float64
	NotAsked     float64
	Explained    int // decisions with a view and an explanation, perturbed
	MedianDays   float64
	DaysHidden   bool
	Raters       int
	Yes          float64
	Some         float64
	No           float64
	HeardHidden  bool
}

// Figures computes the process figures of the decisions recorded, through
// the release gate.
func Figures(shells []store.VoiceShell, q FiguresQuery, p release.Policy) ([]Figure, error) {
	p.Note(release.Voice)
	if q.By != "" && !slices.Contains(FigureDims, q.By) {
		return nil, fault.Field("by", "decision.error_by", "no breakdown "+q.By)
	}
	keys, err := p.Keys()
	if err != nil {
		return nil, err
	}
	type acc struct {
		f                                release.Tally
		view, choseNot, noAnswer, asked  release.Tally
		explained, raters, yes, some, no release.Tally
		days                             []float64
	}
	cells := map[string]*acc{}
	keyOf := func(v store.VoiceShell) string {
		switch q.By {
		case "organisation":
			return strconv.FormatInt(v.OrganisationID, 10)
		case "setting":
			return v.Setting
		}
		return ""
	}
	for _, v := range shells {
		c := cells[keyOf(v)]
		if c == nil {
			c = &acc{}
			cells[keyOf(v)] = c
		}
		k := keys.Row("kinderstem voice decision v1\x00", v.ID)
		c.f.Add(1, k)
		switch v.Outcome {
		case "view":
			c.view.Add(1, k)
		case "declined", "withdrawn":
			c.choseNot.Add(1, k)
		case "no_answer":
			c.noAnswer.Add(1, k)
		case "not_asked":
			c.asked.Add(1, k)
		}
		if v.Days >= 0 {
			c.explained.Add(1, k)
			c.days = append(c.days, float64(v.Days))
		}
		switch v.Heard {
		case "yes":
			c.yes.Add(1, k)
		case "some":
			c.some.Add(1, k)
		case "no":
			c.no.Add(1, k)
		}
		if v.Heard != "" {
			c.raters.Add(1, k)
		}
	}
	levels := []string{""}
	switch q.By {
	case "setting":
		levels = q.Settings
	case "organisation":
		levels = levels[:0]
		for l := range cells {
			levels = append(levels, l)
		}
		sort.Slice(levels, func(i, j int) bool { return atoi(levels[i]) < atoi(levels[j]) })
	}
	kmin := p.K()
	out := make([]Figure, 0, len(levels))
	var has [][3]bool // per row: decisions, explained, raters, true counts above 0
	for _, l := range levels {
		f := Figure{}
		switch q.By {
		case "organisation":
			f.Organisation = atoi(l)
		case "setting":
			f.Setting = l
		}
		c := cells[l]
		n := 0
		if c != nil {
			n = c.f.Perturbed()
			has = append(has, [3]bool{c.f.N > 0, c.explained.N > 0, c.raters.N > 0})
		} else {
			has = append(has, [3]bool{})
		}
		if n < kmin {
			f.hide()
			out = append(out, f)
			continue
		}
		f.Decisions = n
		f.View, f.ChoseNot = share(c.view, n), share(c.choseNot, n)
		f.NoAnswer, f.NotAsked = share(c.noAnswer, n), share(c.asked, n)
		if e := c.explained.Perturbed(); e >= kmin {
			f.Explained, f.MedianDays = e, median(c.days)
		} else {
			f.hideDays()
		}
		if r := c.raters.Perturbed(); r >= kmin {
			f.Raters = r
			f.Yes, f.Some, f.No = share(c.yes, r), share(c.some, r), share(c.no, r)
		} else {
			f.hideHeard()
		}
		out = append(out, f)
	}
	hideComplements(out, has)
	return out, nil
}

// hideComplements keeps a hidden row of a breakdown from being worked out
// as the overall figure minus the rows shown, by release.Complement as
// indicator.Suppress does for every table: where exactly one row with
// decisions in it is hidden, the smallest row shown is hidden too, and
// likewise for the days and the felt-heard parts, until each part hides
// none or at least two rows that hold something. A row with nothing in
// it, hidden, takes no part: the difference shows it empty, which tells
// nobody anything.
func hideComplements(out []Figure, has [][3]bool) {
	parts := []struct {
		hidden func(*Figure) bool
		size   func(*Figure) int
		hide   func(*Figure)
	}{
		{func(f *Figure) bool { return f.Hidden }, func(f *Figure) int { return f.Decisions }, (*Figure).hide},
		{func(f *Figure) bool { return f.DaysHidden }, func(f *Figure) int { return f.Explained }, (*Figure).hideDays},
		{func(f *Figure) bool { return f.HeardHidden }, func(f *Figure) int { return f.Raters }, (*Figure).hideHeard},
	}
	// Member p·n+i is part p of row i; each part's rows are one line.
	n := len(out)
	lines := make([][]int, len(parts))
	for p := range parts {
		for i := range n {
			lines[p] = append(lines[p], p*n+i)
		}
	}
	release.HideComplements(lines,
		func(m int) release.Member {
			p, f := parts[m/n], &out[m%n]
			return release.Member{Hidden: p.hidden(f), Holds: has[m%n][m/n], Size: p.size(f)}
		},
		func(m int) { parts[m/n].hide(&out[m%n]) })
}

// hide shows nothing of a row.
func (f *Figure) hide() {
	f.Hidden, f.Decisions = true, 0
	f.View, f.ChoseNot, f.NoAnswer, f.NotAsked = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	f.hideDays()
	f.hideHeard()
}

// hideDays shows nothing of a row's days from view to explanation.
func (f *Figure) hideDays() {
	f.DaysHidden, f.Explained, f.MedianDays = true, 0, math.NaN()
}

// hideHeard shows nothing of how a row's children felt heard.
func (f *Figure) hideHeard() {
	f.HeardHidden, f.Raters = true, 0
	f.Yes, f.Some, f.No = math.NaN(), math.NaN(), math.NaN()
}

func share(t release.Tally, of int) float64 {
	if of == 0 {
		return math.NaN()
	}
	return float64(min(t.Perturbed(), of)) / float64(of)
}

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

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
