package release_test

import (
	"testing"

	"github.com/kinderstem/kinderstem/internal/release"
)

func TestPolicy(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		k, base    int
		wantK      int
		wantBase   int
		wantRefuse bool
	}{
		{"zero is the default", 0, 0, release.DefaultK, release.DefaultMinBase, false},
		{"configured", 12, 80, 12, 80, false},
		{"the smallest k", release.MinK, release.MinK, release.MinK, release.MinK, false},
		{"k below the minimum is refused", release.MinK - 1, 0, 0, 0, true},
		{"a negative k is refused", -3, 0, 0, 0, true},
		{"a base below the minimum is refused", 10, 4, 0, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := release.NewPolicy(tc.k, tc.base)
			if tc.wantRefuse {
				if err == nil {
					t.Fatalf("NewPolicy(%d, %d) = %+v, want a refusal", tc.k, tc.base, p)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.K() != tc.wantK || p.MinBase() != tc.wantBase {
				t.Errorf("K, MinBase = %d, %d; want %d, %d", p.K(), p.MinBase(), tc.wantK, tc.wantBase)
			}
		})
	}
	var zero release.Policy
	if zero.K() != release.DefaultK || zero.MinBase() != release.DefaultMinBase {
		t.Errorf("the zero Policy is not the default")
	}
}
