package indicator

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSessionIndexFindsWhatAMapWould adds sessions in the orders they come
// in: ascending as a database reads them, shuffled as children of new
// sessions send, and ids far apart; after every addition each id added so
// far must be found with its number, and ids never added must not.
func TestSessionIndexFindsWhatAMapWould(t *testing.T) {
	for _, tc := range []struct {
		name string
		ids  func(n int, r *rand.Rand) []int64
	}{
		{"ascending", func(n int, _ *rand.Rand) []int64 {
			ids := make([]int64, n)
			for i := range ids {
				ids[i] = int64(2*i + 1)
			}
			return ids
		}},
		{"shuffled", func(n int, r *rand.Rand) []int64 {
			ids := make([]int64, n)
			for i := range ids {
				ids[i] = int64(2*i + 1)
			}
			r.Shuffle(n, func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
			return ids
		}},
		{"ascending, then a shuffled day", func(n int, r *rand.Rand) []int64 {
			ids := make([]int64, n)
			for i := range ids {
				ids[i] = int64(2*i + 1)
			}
			day := ids[n*3/4:]
			r.Shuffle(len(day), func(i, j int) { day[i], day[j] = day[j], day[i] })
			return ids
		}},
		{"far apart", func(n int, r *rand.Rand) []int64 {
			seen := map[int64]bool{}
			ids := make([]int64, 0, n)
			for len(ids) < n {
				if id := r.Int64N(1<<62)*2 + 1; !seen[id] {
					seen[id] = true
					ids = append(ids, id)
				}
			}
			return ids
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, uint64(len(tc.name))))
			const n = 3 * recentMerge
			all := tc.ids(n, r)
			var x sessionIndex
			var ids []int64
			check := func() {
				for k := 0; k < 64; k++ {
					s := r.IntN(len(ids))
					if got, ok := x.find(ids[s], ids); !ok || got != int32(s) {
						t.Fatalf("after %d sessions, id %d: found %d, %v; want %d", len(ids), ids[s], got, ok, s)
					}
					if _, ok := x.find(ids[s]+1, ids); ok {
						t.Fatalf("after %d sessions, id %d was never added but is found", len(ids), ids[s]+1)
					}
				}
			}
			for i, id := range all {
				ids = append(ids, id)
				x.add(int32(i), ids)
				if i%97 == 0 || i == n-1 {
					check()
				}
			}
			for s, id := range ids {
				if got, ok := x.find(id, ids); !ok || got != int32(s) {
					t.Fatalf("id %d: found %d, %v; want %d", id, got, ok, s)
				}
			}
			if len(x.recent) >= max(recentMerge, len(x.sorted)/8) {
				t.Errorf("%d recent sessions were never merged into the %d sorted", len(x.recent), len(x.sorted))
			}
			if !slices.IsSortedFunc(x.sorted, func(a, b int32) int { return cmp.Compare(ids[a], ids[b]) }) {
				t.Error("the merged sessions are not in id order")
			}
			var y sessionIndex
			y.reset(ids)
			for s, id := range ids {
				if got, ok := y.find(id, ids); !ok || got != int32(s) {
					t.Fatalf("after reset, id %d: found %d, %v; want %d", id, got, ok, s)
				}
			}
		})
	}
}
