package export

import (
	"testing"

	"github.com/kinderstem/kinderstem/internal/release"
)

// group is one session's rows by gender and language.
type group map[[2]uint16]int // {gender, lang} -> rows

// blankedGenders runs the blanks rule on one session and returns, per
// gender, how many of its rows end with their gender blanked.
func blankedGenders(t *testing.T, g group, keys *release.Keys) map[uint16]int {
	t.Helper()
	s := newSDC(MicroK)
	s.keys = keys
	for gl, n := range g {
		k := qiKey{session: 1, version: 1, gender: gl[0], lang: gl[1]}
		for i, w := range widen(k) {
			s.classes[i][w] += n
		}
	}
	s.blankNamesNoOne()
	out := map[uint16]int{}
	for gl, n := range g {
		k := qiKey{session: 1, version: 1, gender: gl[0], lang: gl[1]}
		if s.levelOf(k) >= 2 {
			out[gl[0]] += n - s.taken[k]
		}
		for _, tk := range s.takes[k] {
			if max(s.levelOf(k), tk.level) >= 2 {
				out[gl[0]] += tk.n
			}
		}
	}
	return out
}

// The blanks rule on one session's genders: a blanked gender must stand
// among at least k blanked rows of two genders or more. With the record
// secret, as few rows as it takes are blanked beside it, from the largest
// gender that keeps k; without it, or where none can spare them, the
// smallest shown gender is blanked whole.
func TestBlankNamesNoOne(t *testing.T) {
	t.Parallel()
	const girl, boy, other, skip = 1, 2, 3, 4
	const nl, ar = 1, 2
	keys := release.NewKeys([]byte("blanks"))
	for _, tc := range []struct {
		name  string
		g     group
		keys  *release.Keys
		blank map[uint16]int
	}{
		{"nobody rare: nothing blanked", group{{girl, nl}: 30, {boy, nl}: 28}, keys, map[uint16]int{}},
		{"one non-binary child among 28 girls and 29 boys: 4 boys blanked with it", group{{girl, nl}: 28, {boy, nl}: 29, {other, nl}: 1}, keys,
			map[uint16]int{other: 1, boy: 4}},
		{"the same without the secret: the girls blanked whole", group{{girl, nl}: 28, {boy, nl}: 29, {other, nl}: 1}, nil,
			map[uint16]int{other: 1, girl: 28}},
		{"two rare genders of 4 rows: one more row", group{{other, nl}: 3, {skip, nl}: 1, {girl, nl}: 40, {boy, nl}: 20}, keys,
			map[uint16]int{other: 3, skip: 1, girl: 1}},
		{"two rare genders of 6 rows: enough as they are", group{{other, nl}: 3, {skip, nl}: 3, {girl, nl}: 40}, keys,
			map[uint16]int{other: 3, skip: 3}},
		{"nobody can spare 4 rows and keep 5: the smallest blanked whole", group{{other, nl}: 1, {girl, nl}: 6, {boy, nl}: 7}, keys,
			map[uint16]int{other: 1, girl: 6}},
		{"a language class gives the rows, the rest keeps showing", group{{other, nl}: 1, {girl, nl}: 20, {girl, ar}: 5, {boy, nl}: 6}, keys,
			map[uint16]int{other: 1, girl: 4}},
		{"every gender rare: all blank already", group{{girl, nl}: 2, {boy, nl}: 2, {other, nl}: 1}, keys,
			map[uint16]int{girl: 2, boy: 2, other: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := blankedGenders(t, tc.g, tc.keys)
			for g := uint16(1); g <= 4; g++ {
				if got[g] != tc.blank[g] {
					t.Errorf("gender %d: %d rows blanked, want %d (all: %v)", g, got[g], tc.blank[g], got)
				}
			}
		})
	}
}
