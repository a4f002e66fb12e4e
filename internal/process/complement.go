package process

import (
	"math"
	"strconv"
	"strings"

	"github.com/kinderstem/kinderstem/internal/release"
)

// Complementary hiding, by release.Complement as indicator.Suppress does
// for every table: the groups or cells of a line add up to a total that
// another query shows, so where exactly one of them that holds something
// is hidden, the total minus the ones shown would give it back (exactly
// whenever the cell key noise cancels, and which time cannot be told),
// and the smallest one shown is hidden beside it, until no line needs
// more. What nobody rated in, hidden, takes no part: the difference shows
// it empty, which tells nobody anything.

// hideHeardComplements hides felt-heard shares beside a hidden one. The
// groups of one period add up to that period's overall row (asked without
// a breakdown), and the periods of one organisation or region add up to
// its row asked without a period. rated[i] says whether out[i] has raters
// at all.
func hideHeardComplements(out []Group, rated []bool, by, period string) {
	var lines [][]int
	if by != "" {
		lines = append(lines, linesBy(len(out), func(i int) string { return out[i].Period })...)
	}
	if period != "" {
		lines = append(lines, linesBy(len(out), func(i int) string {
			return strconv.FormatInt(out[i].Organisation, 10) + "\x00" + out[i].Region
		})...)
	}
	release.HideComplements(lines,
		func(i int) release.Member {
			return release.Member{Hidden: out[i].HeardHidden, Holds: rated[i], Size: out[i].Raters}
		},
		func(i int) { out[i].hideHeard() })
}

// hideHeard shows nothing of how a group's children felt heard.
func (g *Group) hideHeard() {
	g.HeardHidden, g.Raters, g.HeardShare = true, 0, math.NaN()
}

// hideTopicComplements hides topic cells beside a hidden one: the cells
// that differ only in one breakdown's level add up to the cell asked
// without that breakdown. Every cell listed holds a topic.
func hideTopicComplements(out []TopicCell, by []string) {
	var lines [][]int
	for _, d := range by {
		lines = append(lines, linesBy(len(out), func(i int) string {
			var rest []string
			for _, o := range by {
				if o != d {
					rest = append(rest, o+"="+out[i].Levels[o])
				}
			}
			return strings.Join(rest, ",")
		})...)
	}
	release.HideComplements(lines,
		func(i int) release.Member {
			return release.Member{Hidden: out[i].Hidden, Holds: true, Size: out[i].Ideas}
		},
		func(i int) { out[i].Hidden, out[i].Topics, out[i].Ideas = true, 0, 0 })
}

// linesBy groups the indexes 0..n-1 by key, in order of first appearance.
func linesBy(n int, key func(i int) string) [][]int {
	var lines [][]int
	at := map[string]int{}
	for i := range n {
		k := key(i)
		j, ok := at[k]
		if !ok {
			j = len(lines)
			at[k] = j
			lines = append(lines, nil)
		}
		lines[j] = append(lines[j], i)
	}
	return lines
}
