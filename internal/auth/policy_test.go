package auth_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/auth"
)

func TestPasswordPolicy(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		pw, role string
		want     string // "" when accepted
	}{
		{"1234567890", "admin", auth.TooShortAdmin},
		{"1234567890", "worker", auth.Common},
		{"123456789012", "admin", auth.Common},
		{"password1234", "admin", auth.Common},
		{"qwertyuiopasdf", "analyst", auth.Common},
		{"iloveyou2026", "worker", auth.Common},
		{"Welkom123456", "worker", auth.Common},
		{"aaaaaaaaaaaaaa", "admin", auth.Common},
		{"short", "worker", auth.TooShort},
		{"mia.peeters-2026!", "worker", auth.Personal},
		{strings.Repeat("x7Q", 100), "worker", auth.TooLong},
		{"correct horse battery staple", "admin", ""},
		{"Kx7#mPq2vLw9", "admin", ""},
		{"tram 7 naar de zee", "worker", ""},
		{"zonnebloem-fiets-42", "", ""},
		// What someone who knows the site and the organisation tries first.
		{"Kinderstem2026", "admin", auth.Guessable},
		{"kinderstem2026!", "worker", auth.Guessable},
		{"KinderstemGent", "admin", auth.Guessable},
		{"StadGent2026", "admin", auth.Guessable},
		{"Kinderrechten2026", "analyst", auth.Guessable},
		// Such a word inside a strong password is no weakness.
		{"Kinderstem zonnebloem fiets tram 42", "admin", ""},
	} {
		err := auth.CheckPolicy(c.pw, c.role, auth.About{Email: "mia.peeters@example.org", Name: "Mia Peeters", Organisation: "Stad Gent"})
		var weak *auth.WeakPassword
		got := ""
		if errors.As(err, &weak) {
			got = weak.Reason
		} else if err != nil {
			t.Fatalf("%q: %v is not a *WeakPassword", c.pw, err)
		}
		if got != c.want {
			t.Errorf("CheckPolicy(%q, %s) = %q, want %q", c.pw, c.role, got, c.want)
		}
	}
}
