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
		filter, err := indicator.FilterFromQuery(q)
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
