package release_test

import (
	"testing"

	"github.com/kinderstem/kinderstem/internal/release"
)

// The rule of complementary hiding, one line at a time.
func TestComplement(t *testing.T) {
	t.Parallel()
	hidden := release.Member{Hidden: true, Holds: true}
	empty := release.Member{Hidden: true}
	shown := func(n int) release.Member { return release.Member{Holds: true, Size: n} }
	cases := []struct {
		name string
		line []release.Member
		want int
	}{
		{"nothing hidden", []release.Member{shown(10), shown(20)}, -1},
		{"one hidden: the smallest shown beside it", []release.Member{shown(20), hidden, shown(10), shown(30)}, 2},
		{"the first of equal sizes", []release.Member{shown(10), hidden, shown(10)}, 0},
		{"two hidden: the difference is their sum", []release.Member{hidden, shown(10), hidden}, -1},
		{"a hidden member holding nothing takes no part", []release.Member{empty, shown(10), shown(20)}, -1},
		{"one hidden beside an empty one", []release.Member{empty, hidden, shown(20), shown(10)}, 3},
		{"one hidden and nothing shown", []release.Member{hidden, empty}, -1},
		{"an empty line", nil, -1},
	}
	for _, c := range cases {
		if got := release.Complement(c.line); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}
