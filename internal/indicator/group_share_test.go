package indicator

import (
	"fmt"
	"testing"
)

// The one rule for how children read a share, tried on every count of
// every group of 5 to 60 children (k is never below 5): the words are true
// of the share; nobody never reads "about 1 in 10"; all and none are never
// said; and the ends cannot tell a child what everyone else chose, since
// none reads as one child does, and all as all but one.
func TestChildShareIsTrueAndHidesAllAndNone(t *testing.T) {
	for n := 5; n <= 60; n++ {
		read := func(c int) Share {
			return ChildShare(OutOf10(float64(c)/float64(n)), n > SmallGroup)
		}
		for c := 0; c <= n; c++ {
			v, s := float64(c)/float64(n), read(c)
			where := fmt.Sprintf("%d of %d read as %+v", c, n, s)
			switch s.Kind {
			case "about":
				if d := v*10 - float64(s.N); d < -0.5 || d > 0.5 || s.N == 0 || s.N == 10 {
					t.Errorf("%s: not about %d in 10", where, s.N)
				}
			case "fewer":
				if !(v*10 < float64(s.N)) {
					t.Errorf("%s: not fewer than %d in 10", where, s.N)
				}
			case "more":
				if !(v*10 > float64(s.N)) {
					t.Errorf("%s: not more than %d in 10", where, s.N)
				}
			default:
				t.Errorf("%s: unknown wording", where)
			}
			if c == 0 && s.Kind == "about" {
				t.Errorf("%s: nobody chose it", where)
			}
			if s.Bar <= 0 || s.Bar >= 100 {
				t.Errorf("%s: a bar of %d%% says none or all", where, s.Bar)
			}
		}
		if read(0) != read(1) || read(n) != read(n-1) {
			t.Errorf("group of %d: none reads %+v, one child %+v; all reads %+v, all but one %+v", n, read(0), read(1), read(n), read(n-1))
		}
	}
}
