package web

import (
	"encoding/base64"
	"encoding/binary"
	"net/url"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kinderstem/kinderstem/internal/store"
)

// The answer form, however mangled, decodes into clean, bounded texts
// with a title wherever there is text, or into an Invalid fault every
// shipped language can say. Never a panic.
func FuzzDecodeReplyForm(f *testing.F) {
	a, _, _ := fuzzApp(f)
	ch := answerChoices{Themes: []string{"wellbeing", "participation"}, Topics: map[int64]bool{7: true}}
	for _, l := range a.Locales.Languages() {
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
			wantInvalid(t, a, err)
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
			wantInvalid(t, a, err)
			return
		}
		for _, p := range r.Parts {
			if len(p.Texts) == 0 {
				t.Fatal("a part without text in any language")
			}
		}
	})
}

// The felt-heard form, however mangled, is a vote signed for this answer
// and session or an Invalid fault; a valid token for one session never
// counts under another.
func FuzzDecodeHeard(f *testing.F) {
	a, _, _ := fuzzApp(f)
	a.Config.CookieKeys = [][]byte{[]byte("the fuzzer's cookie key, 32 bytes")}
	key := a.heardKey()
	now := time.Date(2026, 5, 12, 9, 30, 0, 0, time.UTC)
	// A fixed nonce: the seeds are the same in every fuzzing process.
	body := make([]byte, 24)
	copy(body, "sixteen byte non")
	binary.BigEndian.PutUint64(body[16:], uint64(now.Add(time.Hour).Unix()))
	good := base64.RawURLEncoding.EncodeToString(append(body, heardMAC(key, body, 3, 5)...))
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
			wantInvalid(t, a, err)
			return
		}
		if form.Get("token") != good || v.ReplyID != 3 || session != 5 {
			t.Fatalf("a token not made for answer %d under session %d passed: %q", v.ReplyID, session, body)
		}
	})
}
