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
	OutOf10 int
	Top     []GroupAnswer // the answers that count as "yes, mostly"
	Answers []GroupAnswer // for questions without an order: every option
}

// GroupAnswer is one answer's share, rounded for children.
type GroupAnswer struct {
	Label   string
	Percent int
	Face    int
}

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
	for _, b := range sum.Answers {
		ar := GroupAnswer{Label: b.Label, Percent: ChildPercent(b.Value, sum.N)}
		if points > 0 && it.ScaleDef().Style == "faces" {
			ar.Face = survey.Face(b.Code, points, it.Negative)
		}
		res.Answers = append(res.Answers, ar)
	}
	if sum.HasTop {
		res.OutOf10 = OutOf10(sum.Top.Value, sum.N)
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

// SmallGroup is the size under which a group's results never say "all"
// or "none": in a small group that would tell each child what the others
// answered.
const SmallGroup = 20

// OutOf10 rounds a share for children: "about 7 in 10", never 0 or 10 in
// a group under SmallGroup.
func OutOf10(v float64, n int) int {
	o := int(math.Round(v * 10))
	if math.IsNaN(v) {
		o = 0
	}
	if n < SmallGroup {
		o = min(max(o, 1), 9)
	}
	return o
}

// ChildPercent is a bar's length: the share rounded to tens, the same way
// as OutOf10.
func ChildPercent(v float64, n int) int { return OutOf10(v, n) * 10 }

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
