package web

import (
	"io/fs"
	"net/url"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// fuzzApp is the part of the application that decodes and checks
// submissions, over the shipped surveys and translations.
func fuzzApp(tb testing.TB) (*App, *store.Session, *survey.Survey) {
	tb.Helper()
	surveys, _ := fs.Sub(kinderstem.Assets(), "surveys")
	cat, err := survey.Load(surveys)
	if err != nil {
		tb.Fatal(err)
	}
	locs, _ := fs.Sub(kinderstem.Assets(), "locales")
	bundle, err := locale.Load(locs)
	if err != nil {
		tb.Fatal(err)
	}
	s, _ := cat.Survey("best_interests")
	sess := &store.Session{ID: 1, SurveyID: s.ID, SurveyVersion: s.Version, AgeBand: "10-13", Setting: "school", ClosesAt: time.Now().Add(time.Hour)}
	return &App{Deps: Deps{Catalog: cat, Locales: bundle}}, sess, s
}

// checkOutcome holds every decoder to its contract: either a submission
// whose every answer the survey accepts, or an Invalid fault with a
// message every shipped language can show. Never a panic.
func checkOutcome(t *testing.T, a *App, sub *store.Submission, err error, s *survey.Survey, sess *store.Session) {
	if err != nil {
		wantInvalid(t, a, err)
		return
	}
	band, _ := s.Band(sub.AgeBand)
	if sub.Age > 0 && !band.Contains(sub.Age) {
		t.Fatalf("age %d outside band %s", sub.Age, sub.AgeBand)
	}
	for _, ans := range sub.Answers {
		it, ok := s.Item(ans.Item)
		if !ok || !it.ShownIn(sess.Setting) {
			t.Fatalf("answer to %q, which this session does not show", ans.Item)
		}
		if ans.Code != survey.CodeSkipped && ans.Code != survey.CodeDontKnow && it.Kind != survey.KindMulti {
			if err := it.CheckCode(ans.Code, band); err != nil {
				t.Fatalf("accepted %s = %d: %v", ans.Item, ans.Code, err)
			}
		}
		if len([]rune(ans.Text)) > survey.MaxTextLen {
			t.Fatalf("accepted a text of %d characters", len([]rune(ans.Text)))
		}
	}
}

func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{
		`{"id":"0b8e6f3c-1f5e-4c2a-9d7e-2a1b3c4d5e6f","lang":"nl","age":11,"gender":"girl","answers":{"told_what":4,"asked_before":"dont_know","anything_else":"hoi"}}`,
		`{"id":"0b8e6f3c-1f5e-4c2a-9d7e-2a1b3c4d5e6f","lang":"ar","answers":{"told_what":[1,2]}}`,
		`{"id":"0b8e6f3c1f5e4c2a9d7e2a1b3c4d5e6f","lang":"uk","age":null,"answers":{"told_what":null}}`,
		`{"answers":{"told_what":1e400}}`, `{"answers":{"x":"\u0000"}}`, `[]`, `null`, `{"id":1}`, ``,
	} {
		f.Add([]byte(seed))
	}
	a, sess, s := fuzzApp(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := decodeJSON(body)
		var sub *store.Submission
		if err == nil {
			sub, err = a.checked(in, sess, s)
		}
		checkOutcome(t, a, sub, err, s, sess)
	})
}

func FuzzDecodeForm(f *testing.F) {
	for _, seed := range []string{
		"id=0b8e6f3c-1f5e-4c2a-9d7e-2a1b3c4d5e6f&lang=nl&age=11&gender=boy&a.told_what=3&a.anything_else=hallo",
		"lang=fr&a.told_what=dont_know&a.told_what=2",
		"a.told_what=-1&age=-5&gender=%00",
		"a.=1&a.a.a=2&lang=" + url.QueryEscape("nl\x00"),
	} {
		f.Add(seed)
	}
	a, sess, s := fuzzApp(f)
	f.Fuzz(func(t *testing.T, query string) {
		form, err := url.ParseQuery(query)
		if err != nil {
			return // net/http answers 400 before any handler sees it
		}
		in, err := decodeForm(form)
		var sub *store.Submission
		if err == nil {
			if in.ID == "" {
				in.ID = newUUID()
			}
			sub, err = a.checked(in, sess, s)
		}
		checkOutcome(t, a, sub, err, s, sess)
	})
}
