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

// A pilot report goes through the gate: noted, nothing without the record
// secret, nothing under k, the same bands for the same counts, and a
// single child's tap hidden in the noise: over many drafts it shows as
// "none" about two times in three, so a band never says for sure that a
// padded pilot's only real child did not understand.
func TestPilotRelease(t *testing.T) {
	t.Parallel()
	noted := 0
	p := release.MustPolicy(5, 0).WithSecret([]byte("the tests' record secret")).WithObserver(func(string) { noted++ })
	if _, err := release.MustPolicy(5, 0).Pilot(1, 1, 20, nil); err != release.ErrNoSecret {
		t.Fatalf("released without a record secret: %v", err)
	}
	if r, _ := p.Pilot(1, 1, 2, []release.PilotCount{{Item: "a", Unclear: 2}}); r.Shown {
		t.Fatal("two children were reported")
	}
	a, _ := p.Pilot(7, 1, 30, []release.PilotCount{{Item: "a", Unclear: 12}, {Item: "b"}})
	b, _ := p.Pilot(7, 1, 30, []release.PilotCount{{Item: "a", Unclear: 12}, {Item: "b"}})
	if !a.Shown || a.Items["a"] != b.Items["a"] || a.Children != b.Children || a.Items["a"].Unclear != release.BandMany || a.Items["b"].Unclear != release.BandNone {
		t.Fatalf("reports %+v and %+v", a, b)
	}
	if noted == 0 {
		t.Fatal("the gate was not told")
	}
	shown, told := 0, 0
	const drafts = 3000
	for d := range drafts {
		r, _ := p.Pilot(int64(d), 1, 5, []release.PilotCount{{Item: "a", Unclear: 1}})
		if r.Shown {
			shown++
			if r.Items["a"].Unclear != release.BandNone {
				told++
			}
		}
	}
	if share := float64(told) / float64(shown); share < 0.25 || share > 0.42 {
		t.Fatalf("a single tap shows in %.2f of the pilots reported, want about 1/3", share)
	}
}
