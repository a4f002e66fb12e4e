package export

import (
	"testing"
)

// The blanks rule on one session's genders (or one class's languages):
// a blanked value must stand among at least k rows of two values or more,
// else the smallest shown value is blanked too.
func TestBlankNamesNoOne(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		counts  []int // rows per gender in one session
		blanked []bool
	}{
		{"nobody rare: nothing blanked", []int{30, 28}, []bool{false, false}},
		{"one non-binary child among 28 girls and 29 boys: the girls go too", []int{28, 29, 1}, []bool{true, false, true}},
		{"two rare genders, 4 rows: the smaller shown one goes too", []int{3, 1, 40, 20}, []bool{true, true, false, true}},
		{"two rare genders, 6 rows: enough as they are", []int{3, 3, 40}, []bool{true, true, false}},
		{"one rare gender of 4 and one shown: all blank", []int{4, 6}, []bool{true, true}},
		{"every gender rare: all blank already", []int{2, 2, 1}, []bool{true, true, true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSDC(MicroK)
			var members []qiKey
			for g, n := range tc.counts {
				k := qiKey{session: 1, version: 1, gender: uint16(g + 1)}
				s.classes[1][k] = n
				members = append(members, k)
			}
			s.spread(1, members)
			for g, k := range members {
				blanked := s.forced[k] > 1 || s.classes[1][k] < MicroK
				if blanked != tc.blanked[g] {
					t.Errorf("gender %d (%d rows): blanked %v, want %v", g, tc.counts[g], blanked, tc.blanked[g])
				}
			}
		})
	}
}
