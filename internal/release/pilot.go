package release

// Band is how often something happened among the children of a pilot,
// said in words rather than as a count: a pilot tells an author whether
// children understood a question, never how many did what.
type Band string

// The bands of a pilot's figures.
const (
	BandNone Band = "none" // nobody
	BandFew  Band = "few"  // fewer than one child in five
	BandMany Band = "many" // one child in five or more
)

// PilotBand says in a band how many of children did something. Below K
// children nothing is said (ok is false): the band of a group smaller
// than K could be one child's answer.
func (p Policy) PilotBand(count, children int) (b Band, ok bool) {
	switch {
	case children < p.K() || count < 0 || count > children:
		return "", false
	case count == 0:
		return BandNone, true
	case count*5 < children:
		return BandFew, true
	}
	return BandMany, true
}
