package staff

import (
	"net/url"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/testkit"
	"github.com/kinderstem/kinderstem/internal/testkit/shipped"
)

// A paper typing, however mangled, becomes a checked submission of the
// session's survey, band and setting, or an Invalid fault every shipped
// language can say. Never a panic; the same sheet number always gives the
// same id.
func FuzzPaperTyping(f *testing.F) {
	cat, locales := testkit.Content(f)
	s, ok := cat.Survey("wellbeing")
	if !ok {
		f.Fatal("no wellbeing survey")
	}
	known := func(l string) bool { _, ok := locales.Lang(l); return ok }
	f.Add("sheet=7&age=11&gender=1&a.life_satisfaction=8&a.felt_happy=4&a.safe_school=%3F", "10-13")
	f.Add("sheet=99999&lang=ar&a.felt_happy=1,3&a.anything_else=hallo", "6-9")
	f.Add("sheet=0&gender=4", "14-17")
	f.Add("sheet=12&age=40&a.bullied=-2", "10-13")
	f.Add("sheet=+5&a.life_satisfaction=%20%2011%20", "6-9")
	f.Fuzz(func(t *testing.T, body, band string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		if _, ok := s.Band(band); !ok {
			return
		}
		sess := &store.Session{ID: 3, Code: "PAPER1", Lang: "nl", AgeBand: band, Setting: "school"}
		typed := formWith(form, "")
		values, err := sheetForm(sess, s, typed, known)
		if err != nil {
			shipped.WantInvalid(t, locales, err)
			return
		}
		in, err := survey.DecodeForm(values)
		if err != nil {
			shipped.WantInvalid(t, locales, err)
			return
		}
		defer in.Release()
		ch, err := s.CheckChild(in, band, sess.Scope(), known)
		if err != nil {
			shipped.WantInvalid(t, locales, err)
			return
		}
		again, _ := sheetForm(sess, s, typed, known)
		if again.Get("id") != values.Get("id") || len(ch.Answers) == 0 {
			t.Fatalf("the same typing gave ids %s and %s, %d answers", values.Get("id"), again.Get("id"), len(ch.Answers))
		}
	})
}
