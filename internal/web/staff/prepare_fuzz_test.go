package staff

import (
	"testing"

	"github.com/kinderstem/kinderstem/internal/testkit"
)

// FuzzPreparationForm feeds the "before you start" form any values: it
// is whole and checks, or each wrong field gets a message every language
// has; never a panic.
func FuzzPreparationForm(f *testing.F) {
	f.Add("Waarom", "school", "", "Speeltijd", "Het gebouw", "2026-06-15")
	f.Add(" ", "de koning", "x", "", "", "morgen")
	f.Add("a\x00b", "other", "\u202e", "ok", "ok", "2026-02-30")
	_, locales := testkit.Content(f)
	f.Fuzz(func(t *testing.T, purpose, decides, note, can, cannot, hear string) {
		values := map[string]string{"purpose": purpose, "decides": decides, "decides_note": note, "can_change": can, "cannot_change": cannot, "hear_back": hear}
		errs := map[string]string{}
		p := preparationFrom(values, errs)
		if len(errs) == 0 {
			if err := p.Check(); err != nil || p.HearBack.IsZero() {
				t.Fatalf("accepted %+v: %v", p, err)
			}
			return
		}
		for field, id := range errs {
			for _, l := range locales.Languages() {
				if !locales.Has(l.Tag, id) {
					t.Fatalf("field %s: message %s missing in %s", field, id, l.Tag)
				}
			}
		}
	})
}
