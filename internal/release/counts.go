package release

// Counts that people add to one by one and that keep nothing per person:
// the children's votes on their topics and their "do you feel heard?"
// faces. They are shown to the worker who ran the session, who also
// holds its code and so can add votes or faces of their own; what keeps
// the real ones hidden is what keeps the analysts' tables safe: every
// count perturbed with a cell key under the record secret, and nothing at
// all under k (perturbed) people.

// Counts is a released count of people and of what they chose.
type Counts struct {
	Shown bool  // k or more (perturbed) people: the numbers below may be shown
	Total int   // people, perturbed; 0 when not Shown
	Parts []int // per choice, perturbed and never above Total; nil when not Shown
}

// Counts releases a count of people and the counts of their choices (a
// voter may choose several, so the parts need not add up to the total):
// each perturbed with its own cell key, and nothing when the perturbed
// total is under k.
func (p Policy) Counts(what What, total Tally, parts []Tally) Counts {
	p.Note(what)
	t := total.Perturbed()
	if t < p.K() {
		return Counts{}
	}
	out := Counts{Shown: true, Total: t, Parts: make([]int, len(parts))}
	for i, pt := range parts {
		out.Parts[i] = min(pt.Perturbed(), t)
	}
	return out
}

// HeardRatings are the faces of "do you feel heard?", in the order their
// counts are released.
var HeardRatings = []string{"yes", "some", "no"}

// HeardKey is the cell key of one row of felt-heard counts: an answer's
// face in a session and how many tapped it. A row is released only once
// its rating is closed, so it never changes under its key.
func HeardKey(k *Keys, replyID, sessionID int64, rating string, n int) uint16 {
	return k.Row("kinderstem felt-heard cell v1\x00"+rating+"\x00", replyID, sessionID, int64(n))
}

// Heard releases the faces children tapped under one answer in one
// session (counts in HeardRatings order), for the worker who wrote it.
// The raters' key is the sum of the faces' keys, as in the process
// indicators, so the same taps get the same noise on both pages.
func (p Policy) Heard(replyID, sessionID int64, counts [3]int) (Counts, error) {
	p.Note(FeltHeard)
	k, err := p.Keys()
	if err != nil {
		return Counts{}, err
	}
	var total Tally
	parts := make([]Tally, len(HeardRatings))
	for i, r := range HeardRatings {
		if counts[i] > 0 {
			parts[i].Add(counts[i], HeardKey(k, replyID, sessionID, r, counts[i]))
		}
		total.Merge(parts[i])
	}
	return p.Counts(FeltHeard, total, parts), nil
}

// Votes releases a closed vote round of a session: how many children
// voted, and each topic's votes (in the order of topics). A closed round
// never changes, so its keys never show two counts.
func (p Policy) Votes(sessionID int64, voters int, topics []int64, votes []int) (Counts, error) {
	p.Note(Votes)
	k, err := p.Keys()
	if err != nil {
		return Counts{}, err
	}
	var total Tally
	total.Add(voters, k.Row("kinderstem voters v1\x00", sessionID, int64(voters)))
	parts := make([]Tally, len(topics))
	for i, id := range topics {
		parts[i].Add(votes[i], k.Row("kinderstem topic votes v1\x00", sessionID, id, int64(votes[i])))
	}
	return p.Counts(Votes, total, parts), nil
}
