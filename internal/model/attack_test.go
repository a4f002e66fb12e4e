package model

import (
	"fmt"
	"math"
	"net/url"
	"testing"

	"github.com/kinderstem/kinderstem/internal/release"
)

// The differencing attack on models: two models whose data differ by a
// few children. With one predictor, gender, the intercept is the girls'
// mean and the model says how many girls it rests on, so the model of
// every month minus the model up to February is the March girls: three
// children, life satisfaction 2, 1 and 3 (sum 6). With the protection
// switched off (true counts, unrounded, what svyglm would give) the attack
// recovers both numbers under every record key; through the gate
// (coefficients from perturbed counts, rounded) it may hit both only by
// chance: at most 4 of 40 record keys (measured: 0 to 1).
func TestAttackModelDifferencing(t *testing.T) {
	t.Parallel()
	in := newInstallation(t)
	all := url.Values{"survey": {"wellbeing"}, "indicator": {"life_satisfaction_mean"}, "by": {"gender"}}
	upToFeb := url.Values{"survey": {"wellbeing"}, "indicator": {"life_satisfaction_mean"}, "by": {"gender"}, "to": {"2026-02"}}
	recovered := func(a, b *Model) (n, sum float64) {
		na, nb := float64(a.Predictors[0].Levels[0].N), float64(b.Predictors[0].Levels[0].N)
		return na - nb, a.Terms[0].Estimate*na - b.Terms[0].Estimate*nb
	}
	hits := 0
	const keys = 40
	for i := range keys {
		ix := in.index(t, fmt.Sprint("attack key ", i))
		if i == 0 {
			n, sum := recovered(exactFit(t, ix, in.cat, all), exactFit(t, ix, in.cat, upToFeb))
			if math.Round(n) != 3 || math.Round(sum) != 6 {
				t.Fatalf("protection off: recovered %v children, sum %v; the attack should work there", n, sum)
			}
		}
		a, err := Release(ix, in.cat, all, release.Policy{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := Release(ix, in.cat, upToFeb, release.Policy{})
		if err != nil {
			t.Fatal(err)
		}
		if n, sum := recovered(a, b); math.Round(n) == 3 && math.Round(sum) == 6 {
			hits++
		}
	}
	t.Logf("the March girls recovered under %d of %d record keys", hits, keys)
	if hits > keys/10 {
		t.Errorf("the March girls recovered under %d of %d record keys", hits, keys)
	}
}
