package indicator_test

import (
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
)

// The same children get the same noise however they are asked for, and
// another record key gives other noise: the published numbers do not move
// when a query is repeated or reworded.
func TestSameChildrenSameNoise(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	keys := attackKeys(t, sc.f)
	differs := 0
	for _, ix := range keys[:20] {
		a := ask(ix, indicator.Filter{Organisations: []int64{sc.big}})
		b := ask(ix, indicator.Filter{Organisations: []int64{sc.big}, From: "2025-01", To: "2026-06"})
		c := ask(ix, indicator.Filter{Organisations: []int64{sc.big}}, indicator.DimGender)
		if a == nil || b == nil || c == nil {
			t.Fatal("a table of 60 children was refused")
		}
		if a.Grid.Total.N != b.Grid.Total.N || a.Grid.Total.N != c.Grid.Total.N || a.Grid.Total.Value != c.Grid.Total.Value {
			t.Fatalf("the same 60 children: n %d, %d, %d", a.Grid.Total.N, b.Grid.Total.N, c.Grid.Total.N)
		}
		if d := a.Grid.Total.N - 60; d < -release.PerturbMaxNoise*2 || d > release.PerturbMaxNoise*2 {
			t.Fatalf("60 children published as %d", a.Grid.Total.N)
		}
		if a.Grid.Total.N != 60 {
			differs++
		}
	}
	if differs == 0 {
		t.Fatal("no record key moved the count of 60: nothing is perturbed")
	}
}

// A selection under the minimum base is refused whole, with its own code.
func TestSmallBaseRefused(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	ix := attackKeys(t, sc.f)[0]
	_, err := ix.Compute(indicator.Query{Survey: "wellbeing", Indicator: "bullying", Filter: indicator.Filter{Organisations: []int64{sc.small}}})
	if err == nil || !strings.Contains(err.Error(), "fewer than 50") {
		t.Fatalf("6 children: err %v", err)
	}
	if _, err := ix.Compute(indicator.Query{Survey: "wellbeing", Indicator: "bullying", Filter: indicator.Filter{Genders: []string{"girl", "boy"}}}); err == nil {
		t.Fatal("a list of genders was accepted")
	}
}
