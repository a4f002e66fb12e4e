package web

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

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
	a, _, _ := fuzzApp(f)
	f.Fuzz(func(t *testing.T, body string, enabled bool) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		in, err := decodeForm(form)
		if err != nil {
			return
		}
		defer in.release()
		ideas, err := takeIdeas(in, enabled)
		if err != nil {
			wantInvalid(t, a, err)
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

// FuzzVoteForm feeds the vote form's decoder any form: a token's hash and
// at most store.MaxVotes positive topic ids, or an Invalid fault every
// language can show.
func FuzzVoteForm(f *testing.F) {
	f.Add("token=00112233445566778899aabbccddeeff&topic=1&topic=2")
	f.Add("token=zz&topic=-1")
	f.Add("token=00112233445566778899aabbccddeeff&topic=1&topic=2&topic=3&topic=4")
	a, _, _ := fuzzApp(f)
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		_, topics, err := decodeVote(form)
		if err != nil {
			wantInvalid(t, a, err)
			return
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

// wantInvalid fails unless err is an Invalid fault with a message every
// shipped language can show.
func wantInvalid(t *testing.T, a *App, err error) {
	t.Helper()
	fe, ok := fault.As(err)
	if !ok || fe.Kind != fault.Invalid {
		t.Fatalf("error %v is not an Invalid fault", err)
	}
	for _, l := range a.Locales.Languages() {
		if !a.Locales.Has(l.Tag, fe.Message) {
			t.Fatalf("error message %q has no %s text", fe.Message, l.Tag)
		}
	}
}
