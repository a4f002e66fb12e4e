package indicator

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// GroupItem is one question of a group's results as published to the
// group: the share of children in the upper answers ("often or always")
// as "about 7 in 10" and as a bar, or every option's share for a question
// without an order. Published results are stored as JSON of these, so
// the field names are a stored format.
type GroupItem struct {
	Number  int
	Text    string // message id
	Hidden  bool
	HasTop  bool
	Percent int
	OutOf10 int           // the share in tens, read through ChildShare
	Top     []GroupAnswer // the answers that count as "yes, mostly"
	Answers []GroupAnswer // for questions without an order: every option
	// Large: more than SmallGroup children answered. Results published
	// before it was stored lack it and read as a small group's, which is
	// coarser and so true of them too.
	Large bool `json:",omitempty"`
}

// GroupAnswer is one answer's share in whole tens (Percent = tens × 10),
// read through ChildShare.
type GroupAnswer struct {
	Label   string
	Percent int
	Face    int
}

// Share is how children read a share: "about 4 in 10" (Kind "about"),
// "fewer than 3 in 10" or "more than 7 in 10" (Kind "fewer", "more"), and
// a bar of Bar per cent.
type Share struct {
	Kind string // about, fewer, more: the wording's message ids end in it
	N    int
	Bar  int
}

// Share is the question's share of the upper answers as children read it.
func (g GroupItem) Share() Share { return ChildShare(g.OutOf10, g.Large) }

// AnswerShare is one option's share as children read it.
func (g GroupItem) AnswerShare(a GroupAnswer) Share { return ChildShare(a.Percent/10, g.Large) }

// GroupItems computes what one session's group said, per question, from
// the index, in the words of the session's band: the numbers a worker
// publishes, once, and children then read. Free text never appears; a
// question under k children is hidden.
func (ix *Index) GroupItems(s *survey.Survey, sessionID int64, band survey.Band, p release.Policy) ([]GroupItem, error) {
	sums, err := ix.Items(s.ID, Filter{Sessions: []int64{sessionID}}, p)
	if err != nil {
		return nil, err
	}
	out := make([]GroupItem, 0, len(sums))
	for i, sum := range sums {
		out = append(out, groupItem(i+1, sum, band))
	}
	return out, nil
}

// GroupResults are a group's results as they are published and stored:
// GroupItems in JSON. The worker's publication and the restore drill's
// recomputation both make them here, so a drill compares like with like.
func (ix *Index) GroupResults(s *survey.Survey, sessionID int64, band survey.Band, p release.Policy) ([]byte, error) {
	items, err := ix.GroupItems(s, sessionID, band, p)
	if err != nil {
		return nil, err
	}
	return json.Marshal(items)
}

func groupItem(n int, sum ItemSummary, band survey.Band) GroupItem {
	it := sum.Item
	res := GroupItem{Number: n, Text: it.TextFor(band), Hidden: sum.Hidden, HasTop: sum.HasTop}
	if sum.Hidden {
		return res
	}
	points := 0
	if sc := it.ScaleDef(); sc != nil {
		points = sc.Points
	}
	res.Large = sum.N > SmallGroup
	for _, b := range sum.Answers {
		ar := GroupAnswer{Label: b.Label, Percent: OutOf10(b.Value) * 10}
		if points > 0 && it.ScaleDef().Style == "faces" {
			ar.Face = survey.Face(b.Code, points, it.Negative)
		}
		res.Answers = append(res.Answers, ar)
	}
	if sum.HasTop {
		res.OutOf10 = OutOf10(sum.Top.Value)
		res.Percent = res.OutOf10 * 10
		res.Top, res.Answers = topLabels(it, band, res.Answers), nil
	}
	return res
}

// topLabels names the upper answers in the words the group saw.
func topLabels(it *survey.Item, band survey.Band, all []GroupAnswer) []GroupAnswer {
	switch it.Kind {
	case survey.KindLadder:
		return []GroupAnswer{{Label: "results.ladder_top"}}
	case survey.KindYesNo:
		return []GroupAnswer{{Label: "answer.yes"}}
	}
	var out []GroupAnswer
	top := it.TopCodes()
	for _, ch := range it.Choices(band) {
		if top[ch.Code] {
			out = append(out, GroupAnswer{Label: ch.Label, Face: survey.Face(ch.Code, it.ScaleDef().Points, it.Negative)})
		}
	}
	if len(out) == 0 && len(all) > 0 {
		out = all[len(all)-1:]
	}
	return out
}

// SmallGroup is the size up to which a group's results read their ends
// coarsely (ChildShare): in a small group "all" or "none" would tell each
// child what the others answered.
const SmallGroup = 20

// OutOf10 is a share in whole tens, 0 to 10: what ChildShare words.
func OutOf10(v float64) int {
	if math.IsNaN(v) {
		return 0
	}
	return min(max(int(math.Round(v*10)), 0), 10)
}

// ShareOf words a share v of n children for children: in tens, with the
// ends of a group of more than SmallGroup (ChildShare).
func ShareOf(v float64, n int) Share { return ChildShare(OutOf10(v), n > SmallGroup) }

// ChildShare is the one rule for how children read a share given in tens:
// "about N in 10" in the middle, and at each end a bound that is true of
// every share rounding there. In a group of more than SmallGroup the ends
// are the single tens 0 and 10: "fewer than 1 in 10" (under 0.05),
// "more than 9 in 10" (0.95 or more). In a group of SmallGroup or fewer
// the two tens at each end read as one: 0, 1 and 2 are "fewer than 3 in
// 10" (under 0.25), 8, 9 and 10 "more than 7 in 10" (0.75 or more). So
// nobody chose it never reads "about 1 in 10", all and none are never
// said, and each end also holds the share one child away from all or none
// (1/n is under 0.05 above SmallGroup, at most 0.2 from five children, and
// k is never below 5): the words do not tell a child what everyone else
// chose.
func ChildShare(tens int, large bool) Share {
	tens = min(max(tens, 0), 10)
	edge := 2
	if large {
		edge = 0
	}
	end := max(5, edge*5) // an end's bar: a sliver, never empty or full
	switch {
	case tens <= edge:
		return Share{Kind: "fewer", N: edge + 1, Bar: end}
	case tens >= 10-edge:
		return Share{Kind: "more", N: 9 - edge, Bar: 100 - end}
	}
	return Share{Kind: "about", N: tens, Bar: tens * 10}
}

// Republish gives a group's published results back as they were frozen
// (GroupItems stored as JSON, resting on count questionnaires), for the
// group and the worker to read again. Nothing is shown when count is
// under today's k: a threshold raised since publishing applies to what
// was published before it.
func Republish(blob []byte, count int, p release.Policy) ([]GroupItem, bool, error) {
	p.Note(release.Published)
	if count < p.K() {
		return nil, false, nil
	}
	var items []GroupItem
	if err := json.Unmarshal(blob, &items); err != nil {
		return nil, false, fmt.Errorf("indicator: published results: %w", err)
	}
	return items, true, nil
}
