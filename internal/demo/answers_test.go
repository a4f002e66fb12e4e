package demo

import (
	"io/fs"
	"math"
	mrand "math/rand/v2"
	"testing"

	kinderstem "github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Synthetic children answer like a real monitor's respondents: the shares
// the demo shows fall in the ranges documented on child.
func TestPlausibleDistributions(t *testing.T) {
	t.Parallel()
	surveys, _ := fs.Sub(kinderstem.Assets(), "surveys")
	cat, err := survey.Load(surveys)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := cat.Survey("wellbeing")
	rng := mrand.New(mrand.NewPCG(1, 2))
	count := map[string][2]int{} // item: hits, valid answers
	var ladder []int
	for i := 0; i < 6000; i++ {
		band := s.AgeBands[i%len(s.AgeBands)]
		sess := &store.Session{ID: 1, Setting: "school", AgeBand: band.String(), Lang: "nl"}
		sub := NewChild(rng).Submission(s, sess)
		for _, a := range sub.Answers {
			if a.Code < 0 {
				continue
			}
			hit := map[string]bool{
				"bullied":       a.Code >= 3,
				"treated_worse": a.Code >= 3,
				"family_cares":  a.Code >= 4,
				"safe_school":   a.Code == 1,
				"felt_lonely":   a.Code >= 4,
			}
			if _, ok := hit[a.Item]; ok {
				c := count[a.Item]
				c[1]++
				if hit[a.Item] {
					c[0]++
				}
				count[a.Item] = c
			}
			if a.Item == "life_satisfaction" {
				ladder = append(ladder, a.Code)
			}
		}
	}
	for item, want := range map[string][2]float64{
		"bullied":       {0.12, 0.30},
		"treated_worse": {0.05, 0.20},
		"family_cares":  {0.60, 0.90},
		"safe_school":   {0.80, 0.97},
		"felt_lonely":   {0.03, 0.25},
	} {
		c := count[item]
		share := float64(c[0]) / float64(c[1])
		t.Logf("%s: %.1f%% of %d", item, 100*share, c[1])
		if share < want[0] || share > want[1] {
			t.Errorf("%s: %.0f%% of %d, want %.0f-%.0f%%", item, 100*share, c[1], 100*want[0], 100*want[1])
		}
	}
	sum, mid, low := 0, 0, 0
	for _, v := range ladder {
		sum += v
		if v >= 7 && v <= 9 {
			mid++
		}
		if v < 5 {
			low++
		}
	}
	n := float64(len(ladder))
	t.Logf("life satisfaction: mean %.2f, %.1f%% at 7-9, %.1f%% below 5, n=%d", float64(sum)/n, 100*float64(mid)/n, 100*float64(low)/n, len(ladder))
	if mean := float64(sum) / n; math.Abs(mean-7.8) > 0.4 || float64(mid)/n < 0.5 || float64(low)/n > 0.12 {
		t.Errorf("life satisfaction: mean %.2f, %.0f%% at 7-9, %.0f%% below 5", mean, 100*float64(mid)/n, 100*float64(low)/n)
	}
}
