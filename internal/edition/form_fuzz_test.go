package edition

import (
	"net/url"
	"testing"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/testkit"
	"github.com/kinderstem/kinderstem/internal/testkit/shipped"
)

// An edition's form from outside: any body is a spec that passed Check,
// or an Invalid fault with a message every language has; never a panic.
func FuzzSpecFromForm(f *testing.F) {
	cat, locales := testkit.Content(f)
	for _, seed := range []string{
		"title=Monitor+2026&from=2026-01&to=2026-06&indicator=survey:wellbeing/life_satisfied&breakdown=total&breakdown=age_band",
		"title=&from=2026-02&to=2026-06",
		"title=x&from=2026-01&to=2025-12&indicator=registration:kansarmoede&breakdown=age_band%2Bprovince",
		"title=x&title=y&from=2026-01&to=2026-03",
		"title=x&from=2026-01&to=2026-03&indicator=pool:child-guarantee/x&breakdown=nope",
		"indicator=survey:&indicator=:&breakdown=total&breakdown=total",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		s, err := SpecFromForm(form, cat)
		if err != nil {
			if !fault.Is(err, fault.Invalid) {
				t.Fatalf("%q: %v is not Invalid", body, err)
			}
			shipped.WantInvalid(t, locales, err)
			return
		}
		if err := s.Check(cat); err != nil {
			t.Fatalf("%q: accepted, then refused: %v", body, err)
		}
	})
}
