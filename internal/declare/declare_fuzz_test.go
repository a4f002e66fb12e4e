package declare_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/declare"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// FuzzParse feeds the declaration parser any YAML and TOML an
// administrator could paste: a definition or problems naming where,
// never a panic, and never a text outside the indicator's own.
func FuzzParse(f *testing.F) {
	f.Add("indicators:\n  - id: x1\n    title: monitor.reg.x1.title\n", `"monitor.reg.x1.title" = "X"`)
	f.Add("indicators: [", "title = ")
	f.Add("indicators:\n  - id: a\n  - id: b\n", `"child.title" = "Hi"`)
	f.Add("&a [*a]", "[x]\ny = 1")
	f.Fuzz(func(t *testing.T, yaml, toml string) {
		d, err := declare.Parse(yaml, map[string]string{"nl": toml})
		if err != nil {
			var ps survey.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error %v is not a list of problems", err)
			}
			return
		}
		for _, m := range d.Texts {
			for id := range m {
				if !strings.HasPrefix(id, "monitor.reg."+d.ID+".") {
					t.Fatalf("text %s accepted for %s", id, d.ID)
				}
			}
		}
	})
}
