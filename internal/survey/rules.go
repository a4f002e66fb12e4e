package survey

import "slices"

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
