package release_test

import (
	"testing"

	"github.com/kinderstem/kinderstem/internal/release"
)

func TestPilotBand(t *testing.T) {
	t.Parallel()
	p := release.MustPolicy(10, 0)
	for _, c := range []struct {
		count, children int
		want            release.Band
		ok              bool
	}{
		{0, 9, "", false}, // fewer than k children: nothing at all
		{9, 9, "", false}, // not even "many"
		{0, 10, release.BandNone, true},
		{1, 10, release.BandFew, true},
		{2, 10, release.BandMany, true}, // one in five
		{3, 20, release.BandFew, true},
		{4, 20, release.BandMany, true},
		{20, 20, release.BandMany, true},
		{21, 20, "", false}, // more taps than children: not a figure
		{-1, 20, "", false},
	} {
		got, ok := p.PilotBand(c.count, c.children)
		if got != c.want || ok != c.ok {
			t.Errorf("PilotBand(%d, %d) = %q %v, want %q %v", c.count, c.children, got, ok, c.want, c.ok)
		}
	}
	// k is the configured one: with k = 5, five children are enough.
	if b, ok := release.MustPolicy(5, 0).PilotBand(0, 5); !ok || b != release.BandNone {
		t.Errorf("k=5, 5 children: %q %v", b, ok)
	}
}
