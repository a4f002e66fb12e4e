package child

import (
	"encoding/base64"
	"encoding/binary"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/testkit"
	"github.com/kinderstem/kinderstem/internal/testkit/shipped"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// fuzzHandler is the part of the child's surface that decodes and checks
// what a child sends, over the shipped surveys and translations.
func fuzzHandler(tb testing.TB) (*Handler, *locale.Bundle) {
	tb.Helper()
	cat, locales := testkit.Content(tb)
	return &Handler{Kit: &httpkit.Kit{Catalog: cat, Locales: locales,
		Config: httpkit.Config{CookieKeys: [][]byte{[]byte("the fuzzer's cookie key, 32 bytes")}}}}, locales
}

// The offline queue's JSON, however mangled, gives either a submission
// every answer of which the survey accepts, or an Invalid fault every
// shipped language can say. Never a panic.
func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{
		`{"id":"0b8e6f3c-1f5e-4c2a-9d7e-2a1b3c4d5e6f","lang":"nl","age":11,"gender":"girl","answers":{"told_what":4,"asked_before":"dont_know","anything_else":"hoi"}}`,
		`{"id":"0b8e6f3c-1f5e-4c2a-9d7e-2a1b3c4d5e6f","lang":"ar","answers":{"told_what":[1,2]}}`,
		`{"id":"0b8e6f3c1f5e4c2a9d7e2a1b3c4d5e6f","lang":"uk","age":null,"answers":{"told_what":null}}`,
		`{"answers":{"told_what":1e400}}`, `{"answers":{"x":"\u0000"}}`, `[]`, `null`, `{"id":1}`, ``,
	} {
		f.Add([]byte(seed))
	}
	h, locales := fuzzHandler(f)
	s, _ := h.Catalog.Survey("best_interests")
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := decodeJSON(body)
		if err != nil {
			shipped.WantInvalid(t, locales, err)
			return
		}
		defer in.Release()
		ch, err := s.CheckChild(in, "10-13", survey.Scope{Setting: "school"}, h.shipped)
		if err != nil {
			shipped.WantInvalid(t, locales, err)
			return
		}
		shipped.CheckAccepted(t, s, ch, "school")
	})
}

// FuzzIdeasForm feeds the ideas step's decoder any form: either ideas of
// the two kinds, cleaned, masked and short enough for the database, or an
// Invalid fault every language can show. Never a panic; never an idea for
// a session without the step.
func FuzzIdeasForm(f *testing.F) {
	f.Add("id=x&lang=nl&a.idea.change=Meer+voetbal&a.idea.keep=De+juf", true)
	f.Add("a.idea.change=bel+0470+12+34+56&a.idea.keep=skip", true)
	f.Add("a.idea.change=4&a.idea.keep=dont_know", true)
	f.Add("a.idea.change=Meer+bomen", false)
	f.Add("a.idea.change=a&a.idea.change=b&a.idea.other=c", true)
	_, locales := fuzzHandler(f)
	f.Fuzz(func(t *testing.T, body string, enabled bool) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		in, err := survey.DecodeForm(form)
		if err != nil {
			return
		}
		defer in.Release()
		ideas, err := takeIdeas(in, enabled)
		if err != nil {
			shipped.WantInvalid(t, locales, err)
			return
		}
		if !enabled && len(ideas) > 0 {
			t.Fatal("ideas for a session without the step")
		}
		for name := range in.Answers {
			if name == ideaPrefix+store.IdeaChange || name == ideaPrefix+store.IdeaKeep {
				t.Fatalf("%s left among the survey's answers", name)
			}
		}
		for _, idea := range ideas {
			n := utf8.RuneCountInString(idea.Text)
			if n == 0 || n > survey.MaxTextLen || !utf8.ValidString(idea.Text) || idea.Text != strings.TrimSpace(idea.Text) {
				t.Fatalf("idea %q: empty, too long, broken or untrimmed", idea.Text)
			}
			if idea.Kind != store.IdeaChange && idea.Kind != store.IdeaKeep {
				t.Fatalf("idea of kind %q", idea.Kind)
			}
			if survey.MaskContact(idea.Text) != idea.Text {
				t.Fatalf("idea %q still holds contact details", idea.Text)
			}
		}
	})
}

// FuzzVoteForm feeds the vote form's decoder any form: a token the server
// signed for this session (never a made-up one, nor one for another
// session) and at most store.MaxVotes positive topic ids, or an Invalid
// fault every language can show.
func FuzzVoteForm(f *testing.F) {
	h, locales := fuzzHandler(f)
	key := h.tokenKey(voteTokens)
	now := time.Date(2026, 5, 12, 9, 30, 0, 0, time.UTC)
	good := fixedToken(key, now, 7)
	f.Add("token="+good+"&topic=1&topic=2", int64(7))
	f.Add("token="+good+"&topic=1", int64(8))
	f.Add("token=00112233445566778899aabbccddeeff&topic=1&topic=2", int64(7))
	f.Add("token=zz&topic=-1", int64(7))
	f.Add("token="+good+"&topic=1&topic=2&topic=3&topic=4", int64(7))
	f.Fuzz(func(t *testing.T, body string, session int64) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		_, topics, err := decodeVote(form, key, session, now)
		if err != nil {
			shipped.WantInvalid(t, locales, err)
			return
		}
		if form.Get("token") != good || session != 7 {
			t.Fatalf("a token not made for session %d passed: %q", session, body)
		}
		if len(topics) > store.MaxVotes {
			t.Fatalf("%d topics decoded, at most %d allowed", len(topics), store.MaxVotes)
		}
		for _, id := range topics {
			if id <= 0 {
				t.Fatalf("topic id %d", id)
			}
		}
	})
}

// fixedToken is makeToken with a fixed nonce: the seeds are the same in
// every fuzzing process.
func fixedToken(key []byte, now time.Time, ids ...int64) string {
	body := make([]byte, 24)
	copy(body, "sixteen byte non")
	binary.BigEndian.PutUint64(body[16:], uint64(now.Add(time.Hour).Unix()))
	return base64.RawURLEncoding.EncodeToString(append(body, tokenMAC(key, body, ids...)...))
}

// The felt-heard form, however mangled, is a vote signed for this answer
// and session or an Invalid fault; a valid token for one session never
// counts under another.
func FuzzDecodeHeard(f *testing.F) {
	h, locales := fuzzHandler(f)
	key := h.tokenKey(heardTokens)
	now := time.Date(2026, 5, 12, 9, 30, 0, 0, time.UTC)
	good := fixedToken(key, now, 3, 5)
	f.Add("rating=yes&reply=3&token="+good, int64(5))
	f.Add("rating=yes&reply=3&token="+good, int64(6))
	f.Add("rating=no&reply=4&token="+good, int64(5))
	f.Add("rating=some&reply=3&token=AAAA", int64(5))
	f.Add("rating=maybe&reply=x", int64(1))
	f.Fuzz(func(t *testing.T, body string, session int64) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		v, err := decodeHeard(form, key, session, now)
		if err != nil {
			shipped.WantInvalid(t, locales, err)
			return
		}
		if form.Get("token") != good || v.ReplyID != 3 || session != 5 {
			t.Fatalf("a token not made for answer %d under session %d passed: %q", v.ReplyID, session, body)
		}
	})
}
