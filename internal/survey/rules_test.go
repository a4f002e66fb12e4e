package survey_test

import (
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/survey"
)

func TestCleanText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, in, want string
		ok             bool
	}{
		{"trimmed", "  places are scarce \n", "places are scarce", true},
		{"newline and tab become spaces", "one\ntwo\tthree", "one two three", true},
		{"control characters dropped", "a\x00b\x1bc\u200e", "abc\u200e", true},
		{"invalid UTF-8 dropped", "ok\xff\xfe", "ok", true},
		{"Arabic kept", "  مرحبا  ", "مرحبا", true},
		{"at the limit", strings.Repeat("é", survey.MaxTextLen), strings.Repeat("é", survey.MaxTextLen), true},
		{"over the limit", strings.Repeat("é", survey.MaxTextLen+1), "", false},
		{"over the limit only before trimming", " " + strings.Repeat("a", survey.MaxTextLen) + " ", strings.Repeat("a", survey.MaxTextLen), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := survey.CleanText(c.in)
			if (err == nil) != c.ok || got != c.want {
				t.Errorf("CleanText(%q) = %q, %v; want %q, ok=%v", c.in, got, err, c.want, c.ok)
			}
		})
	}
}

func TestMultiHas(t *testing.T) {
	t.Parallel()
	mask := survey.MultiBit(1) | survey.MultiBit(3)
	for code, want := range map[int]bool{1: true, 2: false, 3: true, 4: false} {
		if survey.MultiHas(mask, code) != want {
			t.Errorf("MultiHas(%b, %d) = %v", mask, code, !want)
		}
	}
}

// StoredChoices gives the full scale even where a young band shows a
// shorter one, and a scale from 0 starts at 0.
func TestStoredChoices(t *testing.T) {
	t.Parallel()
	cat, err := survey.Load(filesOf(withPro(pro)))
	if err != nil {
		t.Fatal(err)
	}
	mini, _ := cat.Survey("mini")
	for _, it := range mini.Items() {
		if it.Kind != survey.KindScale {
			continue
		}
		stored, young := it.StoredChoices(), it.Choices(survey.Band{Min: 6, Max: 9})
		if len(stored) != it.ScaleDef().Points || stored[0].Code != it.ScaleDef().First() {
			t.Errorf("%s: stored choices %v, want all %d points", it.ID, stored, it.ScaleDef().Points)
		}
		if len(young) > len(stored) {
			t.Errorf("%s: a young band has more choices than stored", it.ID)
		}
	}
	m, _ := cat.Professional()[0].Item("cc_affordable")
	if got := m.StoredChoices(); len(got) != 6 || got[0].Code != 0 {
		t.Errorf("matrix stored choices = %v, want 0..5", got)
	}
}
