package demo

import (
	"io/fs"
	mrand "math/rand/v2"
	"slices"
	"testing"

	kinderstem "github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// The demo round's comments stand under the service they are about: a
// comment written under a section is one of that section's, or a general
// one where the section has none of its own; every section named in the
// comments exists in the Child Guarantee survey.
func TestDemoCommentsUnderTheirSection(t *testing.T) {
	t.Parallel()
	surveys, _ := fs.Sub(kinderstem.Assets(), "surveys")
	cat, err := survey.Load(surveys)
	if err != nil {
		t.Fatal(err)
	}
	cg, ok := cat.Survey("child_guarantee")
	if !ok {
		t.Fatal("no child_guarantee survey")
	}
	sectionOf := map[string]string{}
	var sections []string
	for _, sec := range cg.Sections {
		sections = append(sections, sec.ID)
		for _, it := range sec.Items {
			sectionOf[it.ID] = sec.ID
		}
	}
	for sec := range demoComments {
		if sec != "" && !slices.Contains(sections, sec) {
			t.Errorf("demo comments for %q, a section the survey does not have", sec)
		}
	}
	rng := mrand.New(mrand.NewPCG(7, 7))
	seen := 0
	for range 300 {
		for _, a := range professional(rng, cg) {
			if a.Text == "" {
				continue
			}
			seen++
			sec := sectionOf[a.Item]
			own, ok := demoComments[sec]
			if !ok {
				own = demoComments[""]
			}
			if !slices.Contains(own, a.Text) {
				t.Fatalf("comment %q under %s (section %s) is not about it", a.Text, a.Item, sec)
			}
		}
	}
	if seen < 100 {
		t.Fatalf("only %d comments drawn", seen)
	}
}
