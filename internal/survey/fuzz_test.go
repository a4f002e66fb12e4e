package survey_test

import (
	"testing"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// Any survey file either loads into a catalog whose items answer their own
// questions, or is refused with problems; it never panics.
func FuzzLoad(f *testing.F) {
	f.Add(good)
	f.Add(pro)
	f.Add("id: x\nversion: 1\n")
	f.Add("sections: [{id: a, items: [{id: b, kind: scale, scale: often}]}]")
	f.Add("age_bands: [9-6, 1-99, -]\n")
	f.Add("indicators: [{id: i, kind: index, items: [a, a], min_items: -1}]")
	f.Fuzz(func(t *testing.T, src string) {
		cat, err := survey.Load(files(src))
		if err != nil {
			if cat != nil {
				t.Fatal("a catalog with problems")
			}
			if _, ok := err.(survey.Problems); !ok {
				t.Fatalf("error %T is not Problems", err)
			}
			return
		}
		for _, s := range cat.All() {
			bands := s.AgeBands
			if s.ForProfessionals() {
				bands = []survey.Band{survey.ProfessionalBand}
			}
			for _, b := range bands {
				for _, it := range s.Items() {
					for _, ch := range it.Choices(b) {
						if err := it.CheckCode(ch.Code, b); err != nil {
							t.Fatalf("item %s refuses its own answer %d: %v", it.ID, ch.Code, err)
						}
					}
				}
			}
		}
	})
}
