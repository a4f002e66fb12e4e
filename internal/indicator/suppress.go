package indicator

import (
	"math"

	"github.com/kinderstem/kinderstem/internal/release"
)

// Cell is one published number: a share, mean or index value with its 95%
// interval and the number of respondents it rests on.
type Cell struct {
	N          int     // respondents with a valid answer (the base)
	Value      float64 // share 0..1, or a mean on the indicator's scale
	Lower      float64
	Upper      float64
	DontKnow   int  // said "don't know" (not in the base)
	Skipped    int  // skipped, or too few items answered for an index
	Suppressed bool // fewer than k, or hidden so another hidden cell cannot be derived
	// Counts are the perturbed counts of the valid answers by value
	// category (a share: not in the top, in the top; a mean: each code
	// from the lowest); N is their sum.
	Counts []int
	// The design: the design effect of sessions as clusters (NaN when it
	// cannot be estimated), the effective sample size N/Deff, and the
	// number of sessions the cell's children answered in. Lower and Upper
	// are the clustered interval (design.go).
	Deff       float64
	NEffective float64
	Clusters   int
	// SE is the standard error of Value the interval rests on: the
	// design's and the cell key noise's (estimate.go); NaN without an
	// interval.
	SE float64
	// Reliability flags a shown number that should be read with care
	// (estimate_flags.go).
	Reliability Reliability

	sum, sumSq float64
	// variance is the published interval's variance of Value (perturbed
	// counts times the design effect); NaN or 0 without an interval.
	variance float64
}

// Grid is a table of cells with its margins: the shape every aggregate has
// before it leaves the server. A one-way breakdown has one column, and its
// column total is the grand total.
type Grid struct {
	Cells     [][]*Cell // [row][column]
	RowTotals []*Cell   // one per row; nil with one column
	ColTotals []*Cell   // one per column
	Total     *Cell
}

// line is an additive relation: the members add up to the total.
type line struct {
	members []*Cell
	total   *Cell
}

// Suppress hides every cell of fewer than k respondents (the policy's k),
// then keeps hiding the smallest shown cell of any row or column in
// which exactly one number is hidden, until no hidden cell can be recovered
// by subtracting the shown cells from a shown total. A hidden cell keeps no
// number, so a hidden cell and an empty one look the same. Every page, API
// answer, export and group-feedback view goes through here.
func Suppress(g *Grid, p release.Policy) {
	k := p.K()
	lines := g.lines()
	for _, c := range g.all() {
		if c.N < k {
			c.Suppressed = true
		}
	}
	for changed := true; changed; {
		changed = false
		for _, l := range lines {
			if len(l.members) > 0 && l.hideComplement() {
				changed = true
			}
		}
	}
	for _, c := range g.all() {
		if c.Suppressed {
			*c = Cell{Suppressed: true, Value: math.NaN(), Lower: math.NaN(), Upper: math.NaN(), Deff: math.NaN(), NEffective: math.NaN(), SE: math.NaN(), Reliability: Reliability{CV: math.NaN()}}
		}
	}
}

func (g *Grid) all() []*Cell {
	var out []*Cell
	seen := map[*Cell]bool{}
	add := func(cs ...*Cell) {
		for _, c := range cs {
			if c != nil && !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	for _, row := range g.Cells {
		add(row...)
	}
	add(g.RowTotals...)
	add(g.ColTotals...)
	add(g.Total)
	return out
}

func (g *Grid) lines() []line {
	var out []line
	cols := len(g.ColTotals)
	for c := 0; c < cols; c++ {
		l := line{total: g.ColTotals[c]}
		for _, row := range g.Cells {
			l.members = append(l.members, row[c])
		}
		out = append(out, l)
	}
	if g.RowTotals != nil {
		for r, row := range g.Cells {
			out = append(out, line{members: row, total: g.RowTotals[r]})
		}
		out = append(out, line{members: g.RowTotals, total: g.Total})
	}
	if cols > 1 {
		out = append(out, line{members: g.ColTotals, total: g.Total})
	}
	return out
}

// hideComplement applies release.Complement to the line, its total
// taking part as a member that is hidden only when every member is: it
// hides the smallest shown member, or the total, where exactly one number
// is hidden. Every hidden cell counts, an empty one too. It reports
// whether it hid anything.
func (l line) hideComplement() bool {
	var cells []*Cell
	var ms []release.Member
	for _, c := range l.members {
		if c != l.total {
			cells = append(cells, c)
			ms = append(ms, release.Member{Hidden: c.Suppressed, Holds: true, Size: c.N})
		}
	}
	cells = append(cells, l.total)
	ms = append(ms, release.Member{Hidden: l.total.Suppressed, Holds: true, Size: math.MaxInt})
	i := release.Complement(ms)
	if i < 0 {
		return false
	}
	cells[i].Suppressed = true
	return true
}
