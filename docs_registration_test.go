package kinderstem_test

import (
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// The analysts' guide lists every registration indicator shipped, each on
// a line with its source organisation and its licence, so a definition
// added to surveys/registration is documented with where it comes from.
func TestDocsListEveryRegistrationIndicator(t *testing.T) {
	t.Parallel()
	surveys, _ := fs.Sub(kinderstem.Assets(), "surveys")
	cat, err := survey.Load(surveys)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("docs/analysts.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(doc), "\n")
	for _, r := range cat.Registrations() {
		found := false
		for _, l := range lines {
			if strings.HasPrefix(l, "| `"+r.ID+"` |") && strings.Contains(l, r.Source.Organisation) {
				found = true
			}
		}
		if !found {
			t.Errorf("docs/analysts.md has no table line for registration indicator %s with its source %s", r.ID, r.Source.Organisation)
		}
	}
	if len(cat.Registrations()) == 0 {
		t.Fatal("no registration indicators loaded")
	}
}
