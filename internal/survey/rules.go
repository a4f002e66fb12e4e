package survey

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Genders are the answers to "what fits you best?" in the order every
// breakdown lists them; "skip" is "I'd rather not say" or no answer. The
// database's CHECK on submissions.gender holds the same four.
var Genders = []string{"girl", "boy", "other", "skip"}

// ValidGender reports whether g is one of Genders.
func ValidGender(g string) bool { return slices.Contains(Genders, g) }

// TopCodes are the answers that say "yes, mostly", which a group's
// feedback counts as "n in 10": the points above the middle of a scale
// (4 and 5 of 1-5, 4 and 5 of 0-5, the top face of the young three), 8-10
// on the ladder, yes. Unordered choices and matrices have none.
func (it *Item) TopCodes() map[int]bool {
	out := map[int]bool{}
	switch it.Kind {
	case KindScale:
		sc := it.scale
		for c := sc.First() + sc.Points/2 + 1; c <= sc.Last(); c++ {
			out[c] = true
		}
	case KindLadder:
		out[8], out[9], out[10] = true, true, true
	case KindYesNo:
		out[1] = true
	}
	return out
}

// StoredChoices returns every answer the item can be stored as, in the
// survey's order: the full scale, never a young band's shorter one. The
// codebook, the index's columns and the distributions list these.
func (it *Item) StoredChoices() []Choice { return it.Choices(Band{Min: 10, Max: 17}) }

// MultiHas reports whether the stored mask of a multi item's answer has
// the option with this code (see MultiBit).
func MultiHas(mask, code int) bool { return mask&MultiBit(code) != 0 }

// CleanText trims a free-text answer and drops control characters (a
// newline or tab becomes a space); invalid UTF-8 is dropped. More than
// MaxTextLen characters is an error, not a silent cut.
func CleanText(s string) (string, error) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxTextLen {
		return "", fmt.Errorf("text longer than %d characters", MaxTextLen)
	}
	return s, nil
}
