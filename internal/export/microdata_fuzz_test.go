package export_test

import (
	"net/url"
	"testing"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

// Any query string sent to a microdata export is either taken (a filter
// on what the file shows) or refused with an Invalid fault naming the
// field, never a panic; and a taken one filters on shown values only.
func FuzzMicrodataRequest(f *testing.F) {
	f.Add("gender=other&organisation=3")
	f.Add("age=11&region=gent&from=2026-05&to=2026-05")
	f.Add("region=40000&from=2026-04&to=2026-06&setting=school&age_band=10-13&version=3")
	f.Add("by=gender&period=month&weights=population")
	cat, _ := testkit.Content(f)
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		req, err := indicator.ParseRequest(q, cat)
		if err != nil {
			return
		}
		err = export.CheckMicrodata(req, cat)
		if err != nil {
			if fe, ok := fault.As(err); !ok || fe.Kind != fault.Invalid || fe.Field == "" || fe.Message == "" {
				t.Fatalf("%q: %v is not an Invalid fault naming its field", raw, err)
			}
			return
		}
		f := req.Filter
		if len(f.Organisations) > 0 || f.Age != "" || len(req.By) > 0 || req.Weights != "" {
			t.Fatalf("%q: a filter on a value the file does not show was taken: %+v", raw, req)
		}
		for _, r := range f.Regions {
			if reg, _ := cat.Region(r); reg.Province != "" {
				t.Fatalf("%q: a municipality was taken", raw)
			}
		}
	})
}
