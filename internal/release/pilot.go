package release

// Pilot is the kind of release of a pilot's report: how many children
// took part and, per question, in bands, how many did not understand it
// and what they did instead.
const Pilot What = "pilot bands"

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

// PilotCount is what the children of a pilot did on one question: taps on
// "I don't understand this question", and of those children how many
// answered anyway, said "I don't know", or skipped.
type PilotCount struct {
	Item                                 string
	Unclear, Answered, DontKnow, Skipped int
}

// PilotBands are one question's released bands.
type PilotBands struct {
	Unclear, Answered, DontKnow, Skipped Band
}

// PilotRelease is a pilot report as it may be shown: nothing unless
// Shown; then the children (perturbed) and each question's bands.
type PilotRelease struct {
	Shown    bool
	Children int
	Items    map[string]PilotBands
}

// Pilot releases the report of a draft revision's pilots over children
// in all. Every count is perturbed with a cell key before it is banded, as
// the worker's vote and felt-heard counts are: whoever holds a pilot's
// code can add children of their own, and the noise keeps one real
// child's tap from showing through the band (a single tap comes out as
// none two times in three). The keys depend on the draft, the revision
// and the count, so the same report always shows the same bands; a report
// only changes when a whole pilot of k or more children joins it.
func (p Policy) Pilot(draftID int64, revision int, children int, counts []PilotCount) (PilotRelease, error) {
	p.Note(Pilot)
	k, err := p.Keys()
	if err != nil {
		return PilotRelease{}, err
	}
	id, rev := draftID, int64(revision)
	total := Perturb(children, uint32(k.Row("kinderstem pilot children v1\x00", id, rev, int64(children))))
	if _, ok := p.PilotBand(0, total); !ok {
		return PilotRelease{}, nil
	}
	out := PilotRelease{Shown: true, Children: total, Items: map[string]PilotBands{}}
	band := func(item, what string, n int) Band {
		c := min(Perturb(n, uint32(k.Row("kinderstem pilot v1\x00"+item+"\x00"+what+"\x00", id, rev, int64(n)))), total)
		b, _ := p.PilotBand(c, total)
		return b
	}
	for _, c := range counts {
		out.Items[c.Item] = PilotBands{Unclear: band(c.Item, "unclear", c.Unclear), Answered: band(c.Item, "answered", c.Answered),
			DontKnow: band(c.Item, "dont_know", c.DontKnow), Skipped: band(c.Item, "skipped", c.Skipped)}
	}
	return out, nil
}
