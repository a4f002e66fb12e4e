package model

import (
	"net/url"
	"testing"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/release"
)

// Any query string is a model, a refusal with its reasons, or a fault
// naming what is wrong (invalid or not found); never a panic, and the
// release is noted every time.
func FuzzModelQuery(f *testing.F) {
	f.Add("survey=wellbeing&indicator=life_satisfied&by=setting,gender")
	f.Add("indicator=wellbeing/life_satisfaction_mean&by=age_band&weights=population")
	f.Add("indicator=life_satisfied&by=gender&gender=girl&from=2026-03")
	f.Add("indicator=/&by=,,&survey=")
	f.Add("indicator=wellbeing/&by=age&age=13-10&period=decade")
	f.Add("indicator=wellbeing/life_satisfied&by=setting,gender&ref=gender:boy&ref=setting:")
	in := newInstallationF(f)
	ix := in.index(f, "a record secret")
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		noted := false
		p := release.Policy{}.WithObserver(func(string) { noted = true })
		m, err := Release(ix, in.cat, q, p)
		if !noted {
			t.Fatalf("%q: not noted", raw)
		}
		if err == nil {
			if m == nil || len(m.Terms) < 2 || m.DF < 1 {
				t.Fatalf("%q: model %+v", raw, m)
			}
			return
		}
		if k := fault.KindOf(err); k != fault.Invalid && k != fault.NotFound {
			t.Fatalf("%q: %v (%v)", raw, err, k)
		}
	})
}
