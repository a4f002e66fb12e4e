package indicator_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
)

// grid builds a two-way table of counts with margins (one column: a
// one-way table whose column total is the grand total).
func grid(counts [][]int) *indicator.Grid {
	rows, cols := len(counts), len(counts[0])
	g := &indicator.Grid{Total: &indicator.Cell{}}
	g.ColTotals = make([]*indicator.Cell, cols)
	for c := range g.ColTotals {
		g.ColTotals[c] = &indicator.Cell{}
	}
	if cols == 1 {
		g.ColTotals[0] = g.Total
	} else {
		g.RowTotals = make([]*indicator.Cell, rows)
	}
	for r, row := range counts {
		var cells []*indicator.Cell
		rowTotal := 0
		for c, n := range row {
			cells = append(cells, &indicator.Cell{N: n, Value: 0.5})
			g.ColTotals[c].N += n
			rowTotal += n
		}
		g.Cells = append(g.Cells, cells)
		if g.RowTotals != nil {
			g.RowTotals[r] = &indicator.Cell{N: rowTotal}
			g.Total.N += rowTotal
		}
	}
	return g
}

func pattern(g *indicator.Grid) [][]bool {
	var out [][]bool
	for _, row := range g.Cells {
		var r []bool
		for _, c := range row {
			r = append(r, c.Suppressed)
		}
		out = append(out, r)
	}
	return out
}

func TestSuppressTable(t *testing.T) {
	t.Parallel()
	const k = 10
	for _, c := range []struct {
		name   string
		counts [][]int
		hidden [][]bool
		total  bool
	}{
		{"nothing small", [][]int{{20}, {30}, {11}}, [][]bool{{false}, {false}, {false}}, false},
		{"one small: the next smallest goes too", [][]int{{20}, {3}, {12}}, [][]bool{{false}, {true}, {true}}, false},
		{"two small: enough", [][]int{{40}, {3}, {4}}, [][]bool{{false}, {true}, {true}}, false},
		{"an empty cell looks like a small one", [][]int{{40}, {0}, {30}}, [][]bool{{false}, {true}, {true}}, false},
		{"all small, total small too", [][]int{{3}, {4}}, [][]bool{{true}, {true}}, true},
		{"all small, total shown", [][]int{{3}, {4}, {5}}, [][]bool{{true}, {true}, {true}}, false},
		{"small total", [][]int{{4}, {4}}, [][]bool{{true}, {true}}, true},
		{"two-way: a second cell in row and column", [][]int{{20, 30, 25}, {15, 2, 40}, {18, 22, 19}},
			[][]bool{{false, false, false}, {true, true, false}, {true, true, false}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := grid(c.counts)
			indicator.Suppress(g, release.MustPolicy(k, 0))
			got := pattern(g)
			for r := range got {
				for col := range got[r] {
					if got[r][col] != c.hidden[r][col] {
						t.Fatalf("hidden = %v, want %v", got, c.hidden)
					}
				}
			}
			if len(c.counts) > 0 && len(c.counts[0]) == 1 && g.Total.Suppressed != c.total {
				t.Fatalf("total hidden = %v, want %v", g.Total.Suppressed, c.total)
			}
			assertSafe(t, g, k)
		})
	}
}

// assertSafe checks the two promises on any grid: nothing under k shows,
// and no row or column has exactly one hidden number (so none can be
// recovered by subtraction). Hidden cells carry no numbers.
func assertSafe(t *testing.T, g *indicator.Grid, k int) {
	t.Helper()
	check := func(c *indicator.Cell) {
		if !c.Suppressed && c.N < k {
			t.Fatalf("a cell of %d shows", c.N)
		}
		if c.Suppressed && (c.N != 0 || !math.IsNaN(c.Value) || c.DontKnow != 0) {
			t.Fatalf("a hidden cell keeps numbers: %+v", c)
		}
	}
	unknowns := func(members []*indicator.Cell, total *indicator.Cell) int {
		n := 0
		for _, m := range members {
			if m.Suppressed {
				n++
			}
		}
		if total.Suppressed {
			n++
		}
		return n
	}
	for _, row := range g.Cells {
		for _, c := range row {
			check(c)
		}
	}
	check(g.Total)
	for col := range g.ColTotals {
		var members []*indicator.Cell
		for _, row := range g.Cells {
			members = append(members, row[col])
		}
		if unknowns(members, g.ColTotals[col]) == 1 {
			t.Fatalf("column %d has one hidden number: it can be derived", col)
		}
	}
	for r, row := range g.Cells {
		if g.RowTotals != nil && unknowns(row, g.RowTotals[r]) == 1 {
			t.Fatalf("row %d has one hidden number: it can be derived", r)
		}
	}
	if g.RowTotals != nil && unknowns(g.RowTotals, g.Total) == 1 {
		t.Fatal("the row totals have one hidden number")
	}
	if len(g.ColTotals) > 1 && unknowns(g.ColTotals, g.Total) == 1 {
		t.Fatal("the column totals have one hidden number")
	}
}

// Random tables of every shape keep both promises, for every k.
func TestSuppressProperty(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 3000; i++ {
		rows, cols := 1+rng.IntN(6), 1+rng.IntN(5)
		counts := make([][]int, rows)
		for r := range counts {
			counts[r] = make([]int, cols)
			for c := range counts[r] {
				counts[r][c] = rng.IntN(40) * rng.IntN(2)
			}
		}
		k := 5 + rng.IntN(10)
		g := grid(counts)
		indicator.Suppress(g, release.MustPolicy(k, 0))
		assertSafe(t, g, k)
	}
}

// A breakdown with no levels at all (a trend over an empty selection) is
// just a hidden total; it must not loop.
func TestSuppressEmptyBreakdown(t *testing.T) {
	t.Parallel()
	g := &indicator.Grid{Total: &indicator.Cell{}}
	g.ColTotals = []*indicator.Cell{g.Total}
	indicator.Suppress(g, release.MustPolicy(10, 0))
	if !g.Total.Suppressed {
		t.Fatal("an empty total shows")
	}
}

func TestSuppressNeverBelowFive(t *testing.T) {
	t.Parallel()
	if _, err := release.NewPolicy(2, 0); err == nil {
		t.Fatal("a policy with k = 2 was made: k must never go below 5")
	}
	g := grid([][]int{{4}, {40}, {40}})
	indicator.Suppress(g, release.MustPolicy(release.MinK, 0))
	if !g.Cells[0][0].Suppressed {
		t.Fatal("a cell of 4 shows with the smallest k: k must never go below 5")
	}
}
