package indicator_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
)

// round replays a round's responses.
func round(rs []map[string]int) func(func(map[string]int) error) error {
	return func(f func(map[string]int) error) error {
		for _, r := range rs {
			if err := f(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// The pool of a round of 11 (mean 4.0909) and a round of 3 (all 1) was
// n 14, mean 3.4286: minus the first round, the second round's hidden 3
// answers exactly. Now no pooled cell the small round is in is shown: not
// its n and mean, not its "don't know", not its skipped. Polling before
// and after the small round closes shows nothing new either.
func TestAttackPoolMinusRound(t *testing.T) {
	t.Parallel()
	s := matrixCatalog(t)
	p := release.MustPolicy(10, 0)
	var big, small []map[string]int
	for _, score := range []int{5, 5, 5, 5, 4, 4, 4, 4, 3, 3, 3} {
		big = append(big, map[string]int{"a.pov": score, "a.dis": 3, "b.pov": score, "b.dis": -1})
	}
	for range 3 {
		small = append(small, map[string]int{"a.pov": 1, "a.dis": -2, "b.pov": 1})
	}
	before, err := indicator.PoolOverRounds(s, []func(func(map[string]int) error) error{round(big)}, p)
	if err != nil {
		t.Fatal(err)
	}
	after, err := indicator.PoolOverRounds(s, []func(func(map[string]int) error) error{round(big), round(small)}, p)
	if err != nil {
		t.Fatal(err)
	}
	shown := func(m *indicator.Matrix) []indicator.Cell {
		var out []indicator.Cell
		for _, b := range m.Blocks {
			for _, mi := range b.Items {
				for _, c := range mi.Cells {
					out = append(out, c.Cell)
				}
			}
		}
		for _, pool := range m.Pools {
			for _, lv := range pool.Levels {
				out = append(out, lv.Cell)
			}
			out = append(out, pool.Total)
		}
		return out
	}
	b, a := shown(before), shown(after)
	recovered := 0
	for i := range b {
		if b[i].Suppressed || a[i].Suppressed {
			continue
		}
		// Both shown: the difference is the small round's part of this cell.
		n, dk, sk := a[i].N-b[i].N, a[i].DontKnow-b[i].DontKnow, a[i].Skipped-b[i].Skipped
		if (n > 0 && n < p.K()) || (dk > 0 && dk < p.K()) || (sk > 0 && sk < p.K()) {
			recovered++
			t.Errorf("cell %d: the pool after minus before gives the small round: n %d (sum %.4f), don't know %d, skipped %d",
				i, n, a[i].Value*float64(a[i].N)-b[i].Value*float64(b[i].N), dk, sk)
		}
	}
	if b[0].Suppressed || b[0].N != 11 || math.Abs(b[0].Value-45.0/11) > 1e-9 {
		t.Fatalf("the big round alone: %+v, want n 11 mean 4.0909", b[0])
	}
	// With the small round grown past k, its cells show in the pool again.
	for range 8 {
		small = append(small, map[string]int{"a.pov": 2, "a.dis": 2, "b.pov": 2})
	}
	grown, err := indicator.PoolOverRounds(s, []func(func(map[string]int) error) error{round(big), round(small)}, p)
	if err != nil {
		t.Fatal(err)
	}
	if c := shown(grown)[0]; c.Suppressed || c.N != 22 {
		t.Errorf("two rounds of 11: the pooled cell %+v, want it shown with n 22", c)
	}
}

// Over random rounds: a pooled cell shown means every round with anybody
// in that cell shows it too, so subtracting shown rounds from a shown pool
// never leaves a hidden round's part.
func TestPoolShowsOnlyWhatEveryRoundShows(t *testing.T) {
	t.Parallel()
	s := matrixCatalog(t)
	cells := []string{"a.pov", "a.dis", "b.pov", "b.dis"}
	for seed := range uint64(200) {
		rng := rand.New(rand.NewPCG(seed, 3))
		p := release.MustPolicy(5+rng.IntN(6), 0)
		var rounds [][]map[string]int
		var each []func(func(map[string]int) error) error
		for range 1 + rng.IntN(4) {
			var rs []map[string]int
			for range rng.IntN(20) {
				codes := map[string]int{}
				for _, c := range cells {
					if v := rng.IntN(9) - 2; v != -1 || rng.IntN(2) == 0 {
						codes[c] = min(v, 5)
					}
				}
				rs = append(rs, codes)
			}
			rounds = append(rounds, rs)
			each = append(each, round(rs))
		}
		pooled, err := indicator.PoolOverRounds(s, each, p)
		if err != nil {
			t.Fatal(err)
		}
		for r, rs := range rounds {
			alone, err := indicator.MatrixResults(s, round(rs), p)
			if err != nil {
				t.Fatal(err)
			}
			for b, blk := range pooled.Blocks {
				for i, mi := range blk.Items {
					for c, cell := range mi.Cells {
						own := alone.Blocks[b].Items[i].Cells[c]
						if !cell.Suppressed && own.Suppressed && len(rs) > 0 && hasAnyone(rs, mi.Item.ID+"."+cell.Row) {
							t.Fatalf("seed %d: pooled %s.%s shown (n %d) though round %d hides its own", seed, mi.Item.ID, cell.Row, cell.N, r)
						}
					}
				}
			}
		}
	}
}

func hasAnyone(rs []map[string]int, cell string) bool {
	for _, r := range rs {
		if _, ok := r[cell]; ok {
			return true
		}
	}
	return false
}

// A profile question's answers: an answer of fewer than k respondents is
// hidden, and so is the smallest shown one while the hidden ones hold
// fewer than two answers or k respondents; an answer nobody gave shows as
// nothing. Twelve respondents, 10 "yes" and 2 "no", published 0.8333 and
// 0.1667: the level of 2 given away; now both are hidden.
func TestProfileAnswersUnderKHidden(t *testing.T) {
	t.Parallel()
	s := matrixCatalogOf(t, matrixProfileSurvey)
	for _, tc := range []struct {
		name   string
		k      int
		counts []int // respondents per answer o1..o4
		hidden []bool
	}{
		{"10 and 2: both hidden", 10, []int{10, 2, 0, 0}, []bool{true, true, false, false}},
		{"12, 3, 3 under k 5: the two threes hide together", 5, []int{12, 3, 3, 0}, []bool{false, true, true, false}},
		{"12, 3, 3 under k 10: all hidden", 10, []int{12, 3, 3, 0}, []bool{true, true, true, false}},
		{"12, 11, 10: all shown", 10, []int{12, 11, 10, 0}, []bool{false, false, false, false}},
		{"20, 15, 4: the 4 and the 15 hidden", 10, []int{20, 15, 4, 0}, []bool{false, true, true, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rs []map[string]int
			for j, n := range tc.counts {
				for range n {
					rs = append(rs, map[string]int{"org": j + 1})
				}
			}
			m, err := indicator.MatrixResults(s, round(rs), release.MustPolicy(tc.k, 0))
			if err != nil {
				t.Fatal(err)
			}
			cr := m.Choices[0]
			if cr.Suppressed {
				t.Fatalf("the question of %d respondents is hidden whole", len(rs))
			}
			for j, b := range cr.Answers {
				if b.Suppressed != tc.hidden[j] {
					t.Errorf("answer o%d (%d respondents): hidden %v, want %v", j+1, tc.counts[j], b.Suppressed, tc.hidden[j])
				}
				if b.Suppressed && !math.IsNaN(b.Value) {
					t.Errorf("answer o%d is hidden but carries %v", j+1, b.Value)
				}
			}
		})
	}
}
