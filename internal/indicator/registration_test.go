package indicator_test

import (
	"fmt"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
)

// Registration counts of children follow the same k rule, never below 5.
func TestHideCounts(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		counts []int
		k      int
		want   []bool
	}{
		{[]int{0, 4, 9, 10, 5543}, 10, []bool{true, true, true, false, false}},
		{[]int{4, 5}, 5, []bool{true, false}},
		{nil, 10, []bool{}},
	} {
		got := indicator.HideCounts(c.counts, release.MustPolicy(c.k, 0))
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("HideCounts(%v, %d) = %v, want %v", c.counts, c.k, got, c.want)
		}
	}
}
