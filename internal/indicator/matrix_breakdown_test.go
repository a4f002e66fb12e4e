package indicator_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
)

// The rule on its own: n[cell][level], which levels are empty, k.
func TestHiddenLevels(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		n     [][]int
		empty []bool
		k     int
		want  []bool
	}{
		{"every level at k or more: none hidden", [][]int{{5, 6, 9}}, []bool{false, false, false}, 5, []bool{false, false, false}},
		{"one level under k: the next smallest goes too", [][]int{{3, 9, 6, 12}}, []bool{false, false, false, false}, 5, []bool{true, false, true, false}},
		{"two small levels under k together: a third goes", [][]int{{2, 2, 7, 12}}, []bool{false, false, false, false}, 5, []bool{true, true, true, false}},
		{"two small levels of k together: enough", [][]int{{2, 3, 7, 12}}, []bool{false, false, false, false}, 5, []bool{true, true, false, false}},
		{"small in one cell of the statement: hidden in all", [][]int{{9, 9, 9}, {4, 8, 9}}, []bool{false, false, false}, 5, []bool{true, true, false}},
		{"the complement is chosen per cell", [][]int{{4, 9, 6}, {4, 6, 9}}, []bool{false, false, false}, 5, []bool{true, false, true}},
		{"a hidden level with no score here does not count", [][]int{{0, 9, 8, 9}}, []bool{false, false, false, false}, 5, []bool{true, true, true, false}},
		{"an empty level takes nothing away", [][]int{{0, 3, 8, 9}}, []bool{true, false, false, false}, 5, []bool{true, true, true, false}},
		{"only empty levels hidden: nothing else", [][]int{{0, 8, 9}}, []bool{true, false, false}, 5, []bool{true, false, false}},
		{"two levels, one small: both hidden", [][]int{{2, 30}}, []bool{false, false}, 5, []bool{true, true}},
		{"one non-empty level: it is the total", [][]int{{0, 30}}, []bool{true, false}, 5, []bool{true, false}},
		{"the smallest k, five", [][]int{{4, 9, 9}}, []bool{false, false, false}, 5, []bool{true, true, false}},
		{"a cell under k overall takes no part", [][]int{{9, 9, 9}, {0, 2, 1}}, []bool{false, false, false}, 5, []bool{false, false, false}},
		{"hidden levels with no score here: more go", [][]int{{9, 9, 9, 9}, {0, 0, 6, 7}}, []bool{false, false, false, false}, 5, []bool{true, true, true, true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := indicator.HiddenLevels(tc.n, tc.empty, release.MustPolicy(tc.k, 0)); !slices.Equal(got, tc.want) {
				t.Errorf("HiddenLevels(%v, %v, %d) = %v, want %v", tc.n, tc.empty, tc.k, got, tc.want)
			}
		})
	}
}

// matrixProfileSurvey has a profile question with four answers to break
// the statements down by.
var matrixProfileSurvey = strings.Replace(matrixSurvey, "  - id: care\n", `  - id: profile
    title: mx.p
    items:
      - {id: org, kind: choice, text: mx.o, options: [{code: 1, label: o1}, {code: 2, label: o2}, {code: 3, label: o3}, {code: 4, label: o4}]}
  - id: care
`, 1)

// The attack: an analyst reads the overall results and the results by
// organisation kind, adds up the levels that are shown and subtracts
// them from the overall, for n, the sum of scores (mean × n) and every
// count of the distribution. Over many random rounds, what is left must
// never be one organisation kind, nor rest on fewer than k scores.
func TestBreakdownAttackSubtractShownFromTotal(t *testing.T) {
	t.Parallel()
	s := matrixCatalogOf(t, matrixProfileSurvey)
	org, err := indicator.BreakdownItem(s, "org")
	if err != nil {
		t.Fatal(err)
	}
	cells := []string{"a.pov", "a.dis", "b.pov", "b.dis"}
	attacks := 0
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 17))
		k := 5 + rng.IntN(3)
		var answers []map[string]int
		for range 8 + rng.IntN(40) {
			codes := map[string]int{"org": []int{1, 1, 1, 2, 2, 3, 4, -1, -2}[rng.IntN(9)]}
			for _, c := range cells {
				codes[c] = rng.IntN(8) - 2 // -2 don't know, -1 skipped, 0..5
			}
			answers = append(answers, codes)
		}
		each := func(f func(map[string]int) error) error {
			for _, a := range answers {
				if err := f(a); err != nil {
					return err
				}
			}
			return nil
		}
		bd, err := indicator.MatrixBreakdown(s, org, each, release.MustPolicy(k, 0))
		if err != nil {
			t.Fatal(err)
		}
		for i, mi := range bd.Total.Blocks[0].Items {
			for c, total := range mi.Cells {
				if total.Suppressed {
					continue
				}
				n, sum, dist := total.N, total.Value*float64(total.N), slices.Clone(total.Dist)
				var hiddenLevels []int
				for _, lv := range bd.Levels {
					cell := lv.Blocks[0].Items[i].Cells[c]
					if cell.Suppressed {
						hiddenLevels = append(hiddenLevels, lv.Code)
						continue
					}
					n -= cell.N
					sum -= cell.Value * float64(cell.N)
					for j := range dist {
						dist[j] -= cell.Dist[j]
					}
				}
				// What the hidden levels really hold, from the raw answers.
				id := cells[2*i+c]
				trueN, trueSum, people := 0, 0, map[int]int{}
				for _, a := range answers {
					lvl := a["org"]
					if lvl < 0 {
						lvl = indicator.NoAnswerLevel
					}
					if slices.Contains(hiddenLevels, lvl) && a[id] >= 0 {
						trueN++
						trueSum += a[id]
						people[lvl]++
					}
				}
				if n != trueN || int(sum+0.5) != trueSum {
					t.Fatalf("seed %d %s: the subtraction gives n %d sum %.1f, the hidden levels hold n %d sum %d", seed, id, n, sum, trueN, trueSum)
				}
				if len(hiddenLevels) == 0 {
					continue
				}
				attacks++
				if n > 0 && n < k {
					t.Errorf("seed %d %s (k %d): overall minus shown levels leaves %d scores, distribution %v", seed, id, k, n, dist)
				}
				if len(people) == 1 && len(hiddenLevels) < len(bd.Levels) {
					t.Errorf("seed %d %s: overall minus shown levels is level %v alone: n %d mean %.2f", seed, id, hiddenLevels, n, sum/float64(n))
				}
			}
		}
		for p, pool := range bd.Total.Pools {
			for j, total := range pool.Levels {
				if total.Suppressed {
					continue
				}
				n, hidden := total.N, 0
				for _, lv := range bd.Levels {
					if cell := lv.Pools[p].Levels[j]; cell.Suppressed {
						hidden++
					} else {
						n -= cell.N
					}
				}
				if hidden > 0 && n > 0 && n < k {
					t.Errorf("seed %d pool %s %s: overall minus shown levels leaves %d respondents", seed, pool.Indicator.ID, total.ID, n)
				}
			}
		}
	}
	if attacks < 100 {
		t.Fatalf("only %d cells had a hidden level: the attack was hardly tried", attacks)
	}
	t.Logf("%d cells with a hidden level subtracted, none gave a level or fewer than k scores", attacks)
}

// A share indicator of a professionals' survey: five of the ten who
// answered the profile question are of kind 1 (two left it empty): 50%,
// n 10, skipped 2, with k = 5. With k = 10 it is hidden, as it would give
// back the five of kind 1 (an answer of fewer than k); with k = 11 it is
// hidden whole.
func TestMatrixShareByHand(t *testing.T) {
	t.Parallel()
	s := matrixCatalogOf(t, matrixProfileSurvey+"  - {id: org_one, kind: share, items: [org], top: [1], theme: wellbeing, title: mx.os, definition: mx.osd}\n")
	orgs := []int{1, 1, 1, 1, 1, 2, 2, 2, 3, 3, -1, -1}
	each := func(f func(map[string]int) error) error {
		for _, o := range orgs {
			if err := f(map[string]int{"org": o}); err != nil {
				return err
			}
		}
		return nil
	}
	m, err := indicator.MatrixResults(s, each, release.MustPolicy(5, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Shares) != 1 {
		t.Fatalf("%d shares, want 1", len(m.Shares))
	}
	sh := m.Shares[0]
	if sh.Suppressed || sh.N != 10 || !same(sh.Value, 0.5) || sh.Skipped != 2 || sh.Lower >= 0.5 || sh.Upper <= 0.5 {
		t.Errorf("share = %+v, want 0.5 of n 10, 2 skipped, interval around it", sh.Cell)
	}
	for _, k := range []int{10, 11} {
		m, err = indicator.MatrixResults(s, each, release.MustPolicy(k, 0))
		if err != nil {
			t.Fatal(err)
		}
		if sh := m.Shares[0]; !sh.Suppressed || sh.N != 0 || !math.IsNaN(sh.Value) {
			t.Errorf("share of n 10 (5 in the top) under k %d shows %+v", k, sh.Cell)
		}
	}
}

// Whatever ?by= an analyst sends is a single-answer question of the
// survey or an error; a breakdown by it never panics, and no level cell
// it shows rests on fewer than k scores.
func FuzzBreakdownBy(f *testing.F) {
	for _, s := range []string{"org", "a", "a.pov", "", "org\x00", "ORG", "by_service"} {
		f.Add(s)
	}
	s := matrixCatalogOf(f, matrixProfileSurvey)
	f.Fuzz(func(t *testing.T, by string) {
		it, err := indicator.BreakdownItem(s, by)
		if err != nil {
			if it != nil {
				t.Fatal("an item and an error")
			}
			return
		}
		if it.ID != by || !it.SingleAnswer() {
			t.Fatalf("%q gave item %s (%s)", by, it.ID, it.Kind)
		}
		bd, err := indicator.MatrixBreakdown(s, it, eachMatrix, release.MustPolicy(5, 0))
		if err != nil {
			t.Fatal(err)
		}
		for _, lv := range bd.Levels {
			for _, c := range lv.Blocks[0].Items[0].Cells {
				if !c.Suppressed && c.N < 5 {
					t.Fatalf("level %d shows a cell of %d", lv.Code, c.N)
				}
			}
		}
	})
}
