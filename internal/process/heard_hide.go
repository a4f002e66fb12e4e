package process

import (
	"math"
	"strconv"

	"github.com/kinderstem/kinderstem/internal/release"
)

// hideHeardComplements keeps a hidden felt-heard share from being worked
// out by subtraction, by release.Complement as indicator.Suppress does for
// every table. The groups of one period add up to that period's overall
// row (asked without a breakdown), and the periods of one organisation or
// region add up to its row asked without a period: in each such line
// where exactly one group with raters is hidden, the smallest one shown
// is hidden too, until no line needs more. The cell key noise alone gave
// the hidden group's raters and "yes" back exactly now and then, and
// which time cannot be told, but a child's answer must not rest on that.
// A group nobody rated in, hidden, takes no part: the difference shows it
// empty, which tells nobody anything. rated[i] says whether out[i] has
// raters at all.
func hideHeardComplements(out []Group, rated []bool, by, period string) {
	var lines [][]int
	group := func(key func(Group) string) {
		at := map[string]int{}
		for i, g := range out {
			k := key(g)
			j, ok := at[k]
			if !ok {
				j = len(lines)
				at[k] = j
				lines = append(lines, nil)
			}
			lines[j] = append(lines[j], i)
		}
	}
	if by != "" {
		group(func(g Group) string { return g.Period })
	}
	if period != "" {
		group(func(g Group) string { return strconv.FormatInt(g.Organisation, 10) + "\x00" + g.Region })
	}
	for changed := true; changed; {
		changed = false
		for _, line := range lines {
			ms := make([]release.Member, len(line))
			for j, i := range line {
				ms[j] = release.Member{Hidden: out[i].HeardHidden, Holds: rated[i], Size: out[i].Raters}
			}
			if j := release.Complement(ms); j >= 0 {
				out[line[j]].hideHeard()
				changed = true
			}
		}
	}
}

// hideHeard shows nothing of how a group's children felt heard.
func (g *Group) hideHeard() {
	g.HeardHidden, g.Raters, g.HeardShare = true, 0, math.NaN()
}
