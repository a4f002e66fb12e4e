package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A say screen's form with a topic, a button or a person the screens do
// not have is refused as it is: it is not shown as an ask screen telling
// the child their text is too long. A text that is too long is.
func TestVoiceScreenOddFormsSayWhatIsWrong(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Jeugdhulp Noord")
	ch := e.enter(t, w.askChild(t, nil), "nl")
	const tooLong = "Je tekst is te lang"
	for _, f := range []url.Values{
		{"topic": {"nonsense"}, "act": {"next"}},
		{"topic": {"good"}, "act": {"nonsense"}},
		{"topic": {"people"}, "act": {"next"}, "people": {"nobody"}},
	} {
		r := ch.post("/screen", f)
		if r.StatusCode != http.StatusUnprocessableEntity || strings.Contains(r.body, tooLong) {
			t.Errorf("%v: %d, says the text is too long: %v", f, r.StatusCode, strings.Contains(r.body, tooLong))
		}
	}
	r := ch.post("/screen", url.Values{"topic": {"good"}, "act": {"next"}, "text": {strings.Repeat("lang ", 2000)}})
	r.want(t, http.StatusUnprocessableEntity, tooLong)
}
