package indicator_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Any query string an analyst (or anyone) sends is either a request the
// index can answer, with its regions as the catalog's NIS codes, or an
// Invalid fault naming the field; never a panic.
func FuzzFilterQuery(f *testing.F) {
	f.Add("from=2026-01&to=2026-12&region=gent&setting=school&by=age_band,gender&period=month")
	f.Add("version=0&organisation=-1&age_band=99-100&gender=?")
	f.Add("region=" + url.QueryEscape("antwerpen-provincie,gent,,") + "&by=period&period=year")
	f.Add("age=10-12&gender=girl")
	f.Add("age=12-10&agee=3&age= 9 - 11")
	fx := newFixture(f)
	wellbeing, _ := fx.cat.Survey("wellbeing")
	var index *survey.Indicator
	for _, ind := range wellbeing.Indicators {
		if ind.ID == "wellbeing_index" {
			index = ind
		}
	}
	ix, err := indicator.Load(context.Background(), fx.st, fx.cat)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		req, err := indicator.ParseRequest(q, fx.cat)
		if err != nil {
			if !fault.Is(err, fault.Invalid) {
				t.Fatalf("error %v is not Invalid", err)
			}
			return
		}
		for _, code := range req.Filter.Regions {
			if r, ok := fx.cat.Region(code); !ok || r.Code != code {
				t.Fatalf("region %q passed as %q: not a NIS code of the catalog", q.Get("region"), code)
			}
		}
		_, err = ix.Compute(req.Query(survey.IndicatorRef{Survey: wellbeing, Indicator: index}, release.Policy{}))
		if err != nil && !fault.Is(err, fault.Invalid) {
			t.Fatalf("Compute: %v is not Invalid", err)
		}
	})
}

// An age range is whole years within MinAge..MaxAge, lower first, or an
// Invalid fault; a range that passes keeps exactly the ages inside it.
func FuzzAgeRange(f *testing.F) {
	for _, s := range []string{"10-12", "11", "12-10", "-", "3-40", " 9 - 11", "10--12", "+10-12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		filter := indicator.Filter{Age: s}
		lo, hi, err := filter.AgeRange()
		if err != nil {
			if !fault.Is(err, fault.Invalid) || filter.KeepsAge(lo) {
				t.Fatalf("%q: error %v is not Invalid, or keeps someone", s, err)
			}
			return
		}
		if s == "" {
			if lo != 0 || !filter.KeepsAge(0) {
				t.Fatal("no range must keep everyone")
			}
			return
		}
		if lo < indicator.MinAge || hi > indicator.MaxAge || lo > hi {
			t.Fatalf("%q: range %d-%d", s, lo, hi)
		}
		if !filter.KeepsAge(lo) || !filter.KeepsAge(hi) || filter.KeepsAge(lo-1) || filter.KeepsAge(hi+1) || filter.KeepsAge(0) {
			t.Fatalf("%q: KeepsAge disagrees with %d-%d", s, lo, hi)
		}
	})
}
