package decision

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// Every decoder of what reaches the server from outside, on a child's
// link and on the worker's forms: none panics, a refusal is always
// "invalid input" (a 422 in the child's or worker's language, never a
// 500), and what is accepted keeps the rules: known topics, choices and
// people only, no text over its limit, valid UTF-8, six ASCII digits for
// a code, no visit token that was not signed here.
func FuzzDecodeVoiceInput(f *testing.F) {
	f.Add("topic=good&act=next&text=Voetbal&people=me&people=trusted", "123456", "AAAAAAAAAAAAAAAAAAAAAA", "")
	f.Add("topic=people&act=dont_know&share_good=meeting&share_wishes=worker", "٤٥٦ ١٢٣", "", "x")
	f.Add("label=R.T.&about=a&child_about=b&who_decides=c&by_when=2027-01-01&ask=0&not_asked=urgent", "12-34-56", "not-a-link", "")
	f.Add("decision=x&reasons=y&element_family=z&final=1&by=organisation&decided=a&why=b&share=1&lang=ar", "1234567", "", "")
	f.Add("text=%ff%fe%E2%80%AE&topic=wishes&act=back&by=region&share_know=meeting&share_know=worker", "", "", "")
	s, err := New(nil, []byte(strings.Repeat("k", 32)), []string{"youth_care"}, []string{"nl"})
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	valid := s.visitToken(7, 2, now)
	f.Add("", "", "", valid)
	f.Fuzz(func(t *testing.T, query, code, link, token string) {
		form, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		invalid := func(what string, err error) {
			t.Helper()
			if err != nil && fault.KindOf(err) != fault.Invalid {
				t.Fatalf("%s refused %q with %v (kind %v), not as invalid input", what, query, err, fault.KindOf(err))
			}
		}
		within := func(what, s string, n int) {
			t.Helper()
			if !utf8.ValidString(s) || utf8.RuneCountInString(s) > n {
				t.Fatalf("%s accepted %q", what, s)
			}
		}

		st, err := DecodeStep(form)
		invalid("DecodeStep", err)
		if err == nil {
			if !slices.Contains(Topics, st.Topic) || (st.Answer.Choice != Said && st.Answer.Choice != DontWant && st.Answer.Choice != DontKnow) {
				t.Fatalf("DecodeStep accepted %+v", st)
			}
			within("DecodeStep", st.Answer.Text, maxChildText)
			if strings.ContainsAny(st.Answer.Text, "\u202e\u200b\x00") {
				t.Fatalf("DecodeStep kept a hidden character in %q", st.Answer.Text)
			}
			for i, p := range st.People {
				if !slices.Contains(People, p) || slices.Contains(st.People[:i], p) {
					t.Fatalf("DecodeStep accepted people %v", st.People)
				}
			}
		}
		shares, err := DecodeShares(form)
		invalid("DecodeShares", err)
		for topic, v := range shares {
			if !slices.Contains(Topics, topic) || (v != ShareMeeting && v != ShareWorker) {
				t.Fatalf("DecodeShares accepted %s=%s", topic, v)
			}
		}

		in, err := DecodeNew(form)
		invalid("DecodeNew", err)
		if err == nil {
			within("DecodeNew label", in.Label, maxLabel)
			for _, v := range []string{in.About, in.ChildAbout, in.WhoDecides, in.Note, in.NotAskedNote} {
				within("DecodeNew", v, maxShort)
			}
			if _, perr := time.Parse(time.DateOnly, in.ByWhen); perr != nil {
				t.Fatalf("DecodeNew accepted the day %q", in.ByWhen)
			}
			if !in.Ask && !slices.Contains(NotAskedReasons, in.NotAsked) {
				t.Fatalf("DecodeNew accepted not asked because %q", in.NotAsked)
			}
		}
		rec, _, err := DecodeRecord(form)
		invalid("DecodeRecord", err)
		if err == nil {
			for _, v := range []string{rec.ViewWeight, rec.Decision, rec.Reasons, rec.Differs} {
				within("DecodeRecord", v, maxLong)
			}
			for id, v := range rec.Elements {
				if !slices.ContainsFunc(Elements, func(e Element) bool { return e.ID == id }) || v == "" {
					t.Fatalf("DecodeRecord accepted the element %s=%q", id, v)
				}
				within("DecodeRecord", v, maxLong)
			}
		}
		ex, _, err := DecodeExplanation(form)
		invalid("DecodeExplanation", err)
		if err == nil {
			for _, v := range []string{ex.Decided, ex.Why, ex.Words, ex.Next} {
				within("DecodeExplanation", v, maxLong)
			}
		}
		q, err := ParseFigures(form, "lang")
		invalid("ParseFigures", err)
		if err == nil && q.By != "" && !slices.Contains(FigureDims, q.By) {
			t.Fatalf("ParseFigures accepted by=%q", q.By)
		}

		if c := NormalCode(code); c != "" && (len(c) != CodeLen || strings.Trim(c, "0123456789") != "") {
			t.Fatalf("NormalCode(%q) = %q", code, c)
		}
		if validLink(link) && len(link) != 22 {
			t.Fatalf("validLink accepted %q", link)
		}
		if id, gen, ok := s.checkVisit(token, now); ok && token != s.visitToken(id, gen, now) && token != valid {
			t.Fatalf("checkVisit accepted a token it did not sign: %q", token)
		}
	})
}
