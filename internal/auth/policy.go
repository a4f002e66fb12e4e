package auth

import (
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
)

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
// made of the user's own e-mail or name, or on the lists of common
// passwords or otherwise easy to guess. It returns a *WeakPassword.
func CheckPolicy(password, role string, personal ...string) error {
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
	var inputs []string
	for _, p := range personal {
		for _, part := range strings.FieldsFunc(strings.ToLower(p), func(r rune) bool { return r == '@' || r == '.' || r == ' ' }) {
			if utf8.RuneCountInString(part) >= 4 {
				if strings.Contains(lower, part) {
					return &WeakPassword{Personal}
				}
				inputs = append(inputs, part)
			}
		}
	}
	if zxcvbn.PasswordStrength(password, inputs).Score < minGuessScore {
		return &WeakPassword{Common}
	}
	return nil
}
