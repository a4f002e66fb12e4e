package locale_test

import "testing"

// Whatever a browser or a link sends, negotiation picks a shipped language.
func FuzzNegotiate(f *testing.F) {
	f.Add("nl", "fr", "de-DE,de;q=0.9,en;q=0.8")
	f.Add("", "", "*")
	f.Add("x-klingon", "ar-EG", ";q=1,,,")
	f.Add("zh-Hant-TW-u-nu-hanidec", "", "en;q=NaN")
	b := shipped(f)
	f.Fuzz(func(t *testing.T, query, cookie, accept string) {
		l := b.Negotiate(query, cookie, accept)
		if _, ok := b.Lang(l.Tag); !ok {
			t.Fatalf("negotiated %q, which is not shipped", l.Tag)
		}
	})
}
