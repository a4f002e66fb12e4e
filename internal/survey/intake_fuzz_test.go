package survey_test

import (
	"crypto/rand"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/testkit/shipped"
)

// A child's answer form, however mangled, gives either a submission every
// answer of which the survey accepts in the session's band and setting,
// or an Invalid fault every shipped language can say. Never a panic.
func FuzzDecodeForm(f *testing.F) {
	for _, seed := range []string{
		"id=0b8e6f3c-1f5e-4c2a-9d7e-2a1b3c4d5e6f&lang=nl&age=11&gender=boy&a.told_what=3&a.anything_else=hallo",
		"lang=fr&a.told_what=dont_know&a.told_what=2",
		"a.told_what=-1&age=-5&gender=%00",
		"a.=1&a.a.a=2&lang=" + url.QueryEscape("nl\x00"),
		"age=9&a.bg_living=foster_family&a.bg_illness=dont_know&a.bg_have_car=no&a.bg_have_books=rather_not&a.told_what=2",
	} {
		f.Add(seed)
	}
	cat, locales := shipped.Content(f)
	s, _ := cat.Survey("best_interests")
	known := func(lang string) bool { _, ok := locales.Lang(lang); return ok }
	f.Fuzz(func(t *testing.T, query string) {
		form, err := url.ParseQuery(query)
		if err != nil {
			return // net/http answers 400 before any handler sees it
		}
		in, err := survey.DecodeForm(form)
		if err != nil {
			shipped.WantInvalid(t, locales, err)
			return
		}
		defer in.Release()
		if in.ID == "" {
			in.ID = randomUUID()
		}
		// The background block's answers are taken out first, as the
		// child's submit does: an Invalid fault or values it can store.
		bg, err := survey.TakeBackground(in, strings.Contains(query, "bg"), survey.Band{Min: 10, Max: 13}, in.Age)
		if err != nil {
			shipped.WantInvalid(t, locales, err)
			return
		}
		checkBackground(t, bg)
		ch, err := s.CheckChild(in, "10-13", survey.Scope{Setting: "school"}, known)
		if err != nil {
			shipped.WantInvalid(t, locales, err)
			return
		}
		shipped.CheckAccepted(t, s, ch, "school")
	})
}

// A professional's form, however mangled, decodes into an answer for every
// item and matrix cell that the survey accepts, or into an Invalid fault
// every shipped language can say. Never a panic.
func FuzzDecodeResponse(f *testing.F) {
	cat, locales := shipped.Content(f)
	s, ok := cat.Survey("child_guarantee")
	if !ok {
		f.Fatal("no child_guarantee survey")
	}
	known := func(lang string) bool { _, ok := locales.Lang(lang); return ok }
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
		in, err := survey.DecodeForm(form)
		if err != nil {
			shipped.WantInvalid(t, locales, err)
			return
		}
		defer in.Release()
		answers, err := s.CheckProfessional(in, known)
		if err != nil {
			shipped.WantInvalid(t, locales, err)
			return
		}
		if !known(in.Lang) {
			t.Fatalf("language %q accepted", in.Lang)
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
			id, _, _ := strings.Cut(ans.Item, ".")
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

func randomUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// checkBackground fails unless every value is one the block offers, "I'd
// rather not say", or empty.
func checkBackground(t *testing.T, bg survey.Background) {
	t.Helper()
	ok := func(v string, options []string) bool {
		if v == "" || v == survey.RatherNot {
			return true
		}
		for _, o := range options {
			if v == o {
				return true
			}
		}
		return false
	}
	if !ok(bg.Living, survey.BackgroundLiving.Options) || !ok(bg.Language, survey.BackgroundLanguage.Options) ||
		!ok(bg.Illness, survey.BackgroundIllness.Options) || !ok(bg.Deprivation, survey.DeprivationGroups) {
		t.Fatalf("background %+v holds a value the block does not offer", bg)
	}
}
