package shipped

import (
	"testing"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// WantInvalid fails unless err is an Invalid fault with a message every
// shipped language can show: what every decoder of outside input must
// answer to anything it cannot take.
func WantInvalid(tb testing.TB, locales *locale.Bundle, err error) {
	tb.Helper()
	fe, ok := fault.As(err)
	if !ok || fe.Kind != fault.Invalid {
		tb.Fatalf("error %v is not an Invalid fault", err)
	}
	for _, l := range locales.Languages() {
		if !locales.Has(l.Tag, fe.Message) {
			tb.Fatalf("error message %q has no %s text", fe.Message, l.Tag)
		}
	}
}

// CheckAccepted holds a checked submission to its contract: an age in its
// band, and only answers the survey shows in the setting and accepts.
func CheckAccepted(t testing.TB, s *survey.Survey, ch survey.Checked, setting string) {
	t.Helper()
	band, _ := s.Band(ch.AgeBand)
	if ch.Age > 0 && !band.Contains(ch.Age) {
		t.Fatalf("age %d outside band %s", ch.Age, ch.AgeBand)
	}
	for _, ans := range ch.Answers {
		it, ok := s.Item(ans.Item)
		if !ok || !it.ShownIn(setting) {
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
