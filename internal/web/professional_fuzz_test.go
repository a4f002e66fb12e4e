package web

import (
	"net/url"
	"testing"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// A professional's form, however mangled, decodes into an answer for every
// item and matrix cell that the survey accepts, or into an Invalid fault
// every shipped language can say. Never a panic.
func FuzzDecodeResponse(f *testing.F) {
	a, _, _ := fuzzApp(f)
	s, ok := a.Catalog.Survey("child_guarantee")
	if !ok {
		f.Fatal("no child_guarantee survey")
	}
	f.Add("lang=nl&a.cc_affordable.poverty=0&a.cc_affordable.homeless=dont_know&a.org_kind=2")
	f.Add("lang=en&a.cc_affordable=3")
	f.Add("lang=fr&a.cc_affordable.poverty=6&a.known=skip")
	f.Add("lang=de&a.childcare_comment=hallo%00&a.used=1&a.used=2")
	f.Add("a.x.y.z=1&lang=ar")
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		lang, answers, err := a.decodeResponse(form, s)
		if err != nil {
			wantInvalid(t, a, err)
			return
		}
		if _, ok := a.Locales.Lang(lang); !ok {
			t.Fatalf("language %q accepted", lang)
		}
		cells := 0
		for _, it := range s.Items() {
			if it.Kind == survey.KindMatrix {
				cells += len(it.Rows)
			} else {
				cells++
			}
		}
		if len(answers) != cells {
			t.Fatalf("%d answers for %d items and cells", len(answers), cells)
		}
		for _, ans := range answers {
			id, _, _ := cutCell(ans.Item)
			it, ok := s.Item(id)
			if !ok {
				t.Fatalf("answer to %q, which the survey does not ask", ans.Item)
			}
			if ans.Text == "" {
				if err := it.CheckCode(ans.Code, survey.ProfessionalBand); err != nil {
					t.Fatalf("stored code the survey refuses: %v", err)
				}
			}
		}
	})
}

func cutCell(key string) (string, string, bool) {
	for i := 0; i < len(key); i++ {
		if key[i] == '.' {
			return key[:i], key[i+1:], true
		}
	}
	return key, "", false
}
