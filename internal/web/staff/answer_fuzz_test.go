package staff

import (
	"net/url"
	"testing"
	"unicode/utf8"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
	"github.com/kinderstem/kinderstem/internal/testkit/shipped"
)

// The answer form, however mangled, decodes into clean, bounded texts
// with a title wherever there is text, or into an Invalid fault every
// shipped language can say. Never a panic.
func FuzzDecodeReplyForm(f *testing.F) {
	_, locales := testkit.Content(f)
	ch := answerChoices{Themes: []string{"wellbeing", "participation"}, Topics: map[int64]bool{7: true}}
	for _, l := range locales.Languages() {
		ch.Langs = append(ch.Langs, l.Tag)
	}
	f.Add("lang=nl&sessions=1&sessions=2&part0_title=Speeltijd&part0_we_will=Langer&part0_theme=wellbeing")
	f.Add("lang=ar&sessions=3&part1_title=x&part1_topic=7&part0_remove=1")
	f.Add("lang=en&sessions=-1&part0_title=a%0Ab")
	f.Add("lang=fr&sessions=1&part0_you_said=%E2%80%AE&part0_title=t")
	f.Add("lang=uk&sessions=99999999999999999999&part11_who_decides=x")
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		rf, err := decodeReplyForm(form, ch)
		if err != nil {
			shipped.WantInvalid(t, locales, err)
			return
		}
		if len(rf.Sessions) == 0 || len(rf.Parts) != maxReplyParts {
			t.Fatalf("decoded %d sessions and %d parts", len(rf.Sessions), len(rf.Parts))
		}
		for _, p := range rf.Parts {
			texts := []string{p.Text.Title, p.Text.YouSaid, p.Text.WeWill, p.Text.WeWillNot, p.Text.WhoDecides}
			for i, s := range texts {
				limit := maxPartText
				if i == 0 {
					limit = maxPartTitle
				}
				if !utf8.ValidString(s) || utf8.RuneCountInString(s) > limit || store.CheckStaffText("x", s) != nil {
					t.Fatalf("text %q passed", s)
				}
			}
			if p.Text.Title == "" && p.Text != (store.PartText{}) {
				t.Fatalf("a part without title passed: %+v", p.Text)
			}
		}
		r := &store.Reply{}
		if err := rf.apply(r); err != nil {
			shipped.WantInvalid(t, locales, err)
			return
		}
		for _, p := range r.Parts {
			if len(p.Texts) == 0 {
				t.Fatal("a part without text in any language")
			}
		}
	})
}
