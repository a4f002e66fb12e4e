package indicator_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
)

// Any query string an analyst (or anyone) sends is either a filter the
// index can answer, or an Invalid fault naming the field; never a panic.
func FuzzFilterQuery(f *testing.F) {
	f.Add("from=2026-01&to=2026-12&region=gent&setting=school&by=age_band,gender&period=month")
	f.Add("version=0&organisation=-1&age_band=99-100&gender=?")
	f.Add("region=" + url.QueryEscape("antwerpen-provincie,gent,,") + "&by=period&period=year")
	f.Add("age=10-12&gender=girl")
	f.Add("age=12-10&agee=3&age= 9 - 11")
	fx := newFixture(f)
	ix, err := indicator.Load(context.Background(), fx.st, fx.cat)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		filter, err := indicator.FilterFromQuery(q, "by", "period")
		if err != nil {
			if !fault.Is(err, fault.Invalid) {
				t.Fatalf("error %v is not Invalid", err)
			}
			return
		}
		var by []indicator.Dim
		for _, d := range indicator.QueryList(q, "by") {
			by = append(by, indicator.Dim(d))
		}
		_, err = ix.Compute(indicator.Query{Survey: "wellbeing", Indicator: "wellbeing_index", By: by, Period: q.Get("period"), Filter: filter})
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
