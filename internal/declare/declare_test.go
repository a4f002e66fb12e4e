package declare_test

import (
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/declare"
)

// Parse takes one indicator and only texts of its own, so a declaration
// cannot change a shipped text; each problem names where it is.
func TestParse(t *testing.T) {
	t.Parallel()
	one := "indicators:\n  - id: x1\n    title: monitor.reg.x1.title\n"
	for _, c := range []struct {
		name, yaml string
		texts      map[string]string
		want       string
	}{
		{"good", one, map[string]string{"nl": `"monitor.reg.x1.title" = "X"`}, ""},
		{"no indicator", "indicators: []\n", nil, "exactly one indicator"},
		{"no id", "indicators:\n  - title: t\n", nil, "exactly one indicator"},
		{"not YAML", "indicators: [", nil, "not YAML"},
		{"too long", one + "# " + strings.Repeat("x", declare.MaxYAML), nil, "longer than"},
		{"another's text", one, map[string]string{"en": `"child.title" = "Hi"`}, "texts.en.toml: message child.title"},
		{"not TOML", one, map[string]string{"fr": "title = "}, "texts.fr.toml: not TOML"},
	} {
		d, err := declare.Parse(c.yaml, c.texts)
		switch {
		case c.want == "" && (err != nil || d.ID != "x1" || d.Texts["nl"]["monitor.reg.x1.title"] != "X"):
			t.Errorf("%s: %+v, %v", c.name, d, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
