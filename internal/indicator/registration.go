package indicator

import "github.com/kinderstem/kinderstem/internal/release"

// HideCounts applies the disclosure rule of survey cells to registration
// figures that count children: each count is a cell of its own, and one
// resting on fewer than k children (release.Policy) is hidden. The
// figures come from their publishers, who add up areas themselves, so no
// complementary cell is hidden beside it.
func HideCounts(counts []int, p release.Policy) []bool {
	g := &Grid{}
	for _, n := range counts {
		g.Cells = append(g.Cells, []*Cell{{N: n}})
	}
	Suppress(g, p)
	out := make([]bool, len(counts))
	for i, row := range g.Cells {
		out[i] = row[0].Suppressed
	}
	return out
}
