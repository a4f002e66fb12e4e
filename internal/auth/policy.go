package auth

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
)

// The password policy follows NIST SP 800-63B (5.1.1.2): a minimum length
// (12 characters for admins, 10 for everyone else), no composition rules,
// and a check against lists of common and breached passwords. The lists
// are zxcvbn's (github.com/trustelem/zxcvbn, a Go port of Dropbox's
// zxcvbn: the 30,000 most common passwords of leaked sets, English words,
// names, keyboard patterns, dates and sequences), embedded in the binary.
const (
	MinAdminPasswordLen = 12
	minGuessScore       = 3 // zxcvbn: 3 is "safely unguessable" (about 10^8 guesses or more)
)

// Reasons a password is refused, each with a message id staff can read.
const (
	TooShort      = "password.too_short"
	TooShortAdmin = "password.too_short_admin"
	TooLong       = "password.too_long"
	Common        = "password.common"
	Personal      = "password.personal"
	Guessable     = "password.context" // built on the product's or the organisation's name
)

// ProductWords are what anyone guessing a password here tries first: the
// product's own name and the words of the field it serves.
var ProductWords = []string{"kinderstem", "kinderstemmen", "kinderrechten", "kinderrechtenmonitor", "jeugdwerk", "jeugdhulp"}

// About is what a password must not be built on besides the lists of
// common passwords: the user's own e-mail address and name (refused when
// the password contains one of their parts), and their organisation's name
// (given to the estimator as words an attacker would try, with
// ProductWords).
type About struct {
	Email, Name  string
	Organisation string
}

// WeakPassword says why a password is refused.
type WeakPassword struct{ Reason string }

func (e *WeakPassword) Error() string { return "auth: weak password: " + e.Reason }

// MinLength is the shortest password a role may have; the strictest when
// the role is not known.
func MinLength(role string) int {
	if role == "admin" || role == "" {
		return MinAdminPasswordLen
	}
	return MinPasswordLen
}

// CheckPolicy refuses a password that is too short for the role, too long,
// made of the user's own e-mail or name, or easy to guess for someone who
// knows the site, the organisation and the user (zxcvbn with them as its
// user inputs), or on the lists of common passwords. It returns a
// *WeakPassword.
func CheckPolicy(password, role string, about About) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinLength(role) && MinLength(role) == MinAdminPasswordLen:
		return &WeakPassword{TooShortAdmin}
	case n < MinLength(role):
		return &WeakPassword{TooShort}
	case n > MaxPasswordLen:
		return &WeakPassword{TooLong}
	}
	lower := strings.ToLower(password)
	personal := words(about.Email, about.Name)
	for _, part := range personal {
		if strings.Contains(lower, part) {
			return &WeakPassword{Personal}
		}
	}
	context := append(words(about.Organisation), ProductWords...)
	result := zxcvbn.PasswordStrength(password, append(personal, context...))
	if result.Score >= minGuessScore {
		return nil
	}
	for _, m := range result.Sequence {
		if m.DictionaryName == "user_inputs" && slices.Contains(context, m.MatchedWord) {
			return &WeakPassword{Guessable}
		}
	}
	return &WeakPassword{Common}
}

// words are the parts of texts an attacker would try, lower case: every
// part of four or more characters between '@', '.', '-', '_' and spaces,
// and a text of several parts also whole, without its separators
// ("Stad Gent" gives "stad", "gent" and "stadgent").
func words(texts ...string) []string {
	var out []string
	for _, t := range texts {
		parts := strings.FieldsFunc(strings.ToLower(t), func(r rune) bool { return strings.ContainsRune("@.-_ ", r) })
		for _, p := range parts {
			if utf8.RuneCountInString(p) >= 4 {
				out = append(out, p)
			}
		}
		if len(parts) > 1 {
			out = append(out, strings.Join(parts, ""))
		}
	}
	return out
}
