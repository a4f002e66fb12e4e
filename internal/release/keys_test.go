package release_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"testing"

	"github.com/kinderstem/kinderstem/internal/release"
)

// The keys are made exactly as the indicator index and the felt-heard
// cells made them before they moved here: a record secret keeps its noise
// across the move, so nothing published before changes.
func TestKeysAsBefore(t *testing.T) {
	t.Parallel()
	secret := []byte("an installation's record secret")
	k := release.NewKeys(secret)
	mac := func(parts ...[]byte) uint16 {
		m := hmac.New(sha256.New, secret)
		for _, p := range parts {
			m.Write(p)
		}
		return binary.BigEndian.Uint16(m.Sum(nil))
	}
	be := func(vs ...int64) []byte {
		var out []byte
		for _, v := range vs {
			out = binary.BigEndian.AppendUint64(out, uint64(v))
		}
		return out
	}
	for _, id := range []int64{1, 2, 77, 1 << 40} {
		if got, want := k.Record(id), mac(be(id)); got != want {
			t.Errorf("record %d: key %d, want %d", id, got, want)
		}
	}
	for _, r := range release.HeardRatings {
		got := release.HeardKey(k, 10, 3, r, 7)
		want := mac([]byte("kinderstem felt-heard cell v1\x00"+r+"\x00"), be(10, 3, 7))
		if got != want {
			t.Errorf("felt-heard %s: key %d, want %d", r, got, want)
		}
	}
	if release.NewKeys(nil).Record(1) == release.NewKeys(nil).Record(1) && release.NewKeys(nil).Record(2) == release.NewKeys(nil).Record(2) {
		t.Error("two keys without a secret agree: they should each make a random one")
	}
}

// The observer hears every release, and a policy without one is silent;
// the secret travels with the policy.
func TestPolicyObserverAndSecret(t *testing.T) {
	t.Parallel()
	var heard []string
	p := release.MustPolicy(5, 0)
	p.Note(release.Table) // nobody listens
	if _, err := p.Keys(); err == nil {
		t.Error("a policy without a secret made keys")
	}
	q := p.WithObserver(func(what string) { heard = append(heard, what) }).WithSecret([]byte("s"))
	q.Note(release.Pools)
	if _, err := q.Heard(1, 2, [3]int{4, 5, 6}); err != nil {
		t.Fatal(err)
	}
	if len(heard) != 3 || heard[0] != release.Pools || heard[1] != release.FeltHeard {
		t.Errorf("observer heard %q", heard)
	}
	if q.K() != 5 {
		t.Errorf("k %d", q.K())
	}
}

// Counts of people and their choices: nothing under k perturbed people;
// from k, every count perturbed with its own key, no part above the total.
func TestCounts(t *testing.T) {
	t.Parallel()
	p := release.MustPolicy(10, 0).WithSecret([]byte("counts"))
	shownAt := map[int]int{}
	for voters := 6; voters <= 14; voters++ {
		for session := int64(1); session <= 200; session++ {
			c, err := p.Votes(session, voters, []int64{1, 2}, []int{voters, 2})
			if err != nil {
				t.Fatal(err)
			}
			if !c.Shown {
				if c.Total != 0 || c.Parts != nil {
					t.Fatalf("hidden counts carry numbers: %+v", c)
				}
				continue
			}
			shownAt[voters]++
			if c.Total < 10 || c.Total < voters-release.PerturbMaxNoise || c.Total > voters+release.PerturbMaxNoise {
				t.Fatalf("%d voters shown as %d", voters, c.Total)
			}
			if c.Parts[0] > c.Total || c.Parts[1] == 1 || c.Parts[1] == 2 {
				t.Fatalf("parts %v of %d", c.Parts, c.Total)
			}
		}
	}
	if shownAt[7] != 0 || shownAt[8] == 0 || shownAt[8] == 200 || shownAt[12] != 200 {
		t.Errorf("shown out of 200 sessions by voters: %v; want none at 7, some at 8, all from 12", shownAt)
	}
}
