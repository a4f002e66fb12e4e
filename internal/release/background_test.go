package release_test

import (
	"testing"

	"github.com/kinderstem/kinderstem/internal/release"
)

func TestBackgroundRules(t *testing.T) {
	p := release.MustPolicy(10, 50)
	if p.BackgroundBase() != 100 {
		t.Errorf("background base %d, want twice the minimum base", p.BackgroundBase())
	}
	if _, err := p.WithBackgroundBase(40); err == nil {
		t.Error("a background base below the minimum base was taken")
	}
	q, err := p.WithBackgroundBase(150)
	if err != nil || q.BackgroundBase() != 150 {
		t.Fatalf("%d %v", q.BackgroundBase(), err)
	}
	for _, tc := range []struct {
		n       int
		refused bool
	}{{149, true}, {150, false}} {
		err := q.CheckBackgroundBase(tc.n)
		if (err != nil) != tc.refused || tc.refused && !release.BaseTooSmall(err) {
			t.Errorf("n %d: %v", tc.n, err)
		}
	}
	for _, tc := range []struct {
		use     release.Use
		refused bool
	}{
		{release.Use{}, false},
		{release.Use{Place: "organisation"}, false},
		{release.Use{Background: []string{"living"}}, false},
		{release.Use{Background: []string{"living"}, Place: "region"}, true},
		{release.Use{Background: []string{"living"}, Place: "organisation"}, true},
		{release.Use{Background: []string{"living", "illness"}}, true},
	} {
		if err := p.CheckBackground(tc.use); (err != nil) != tc.refused {
			t.Errorf("%+v: %v", tc.use, err)
		}
	}
}
