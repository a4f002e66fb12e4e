package survey

import (
	"fmt"
	"slices"
)

// Change is an item that a new version of a survey asks differently from
// the version before it, under the same id.
type Change struct {
	Item string
	// Answers: the item takes other answers (kind, scale, options, rows,
	// range, or turned wording). Its answers could not be counted with the
	// old ones, so it needs a new id.
	Answers bool
	// Words: the item's words in the source language changed (question,
	// simpler wording, answer words). It needs a new id unless a reviewer
	// marks it "wording only": the same question, put better.
	Words bool
	What  string // what changed, for the reviewer
	Since int    // the version it was compared with: the last one that asked it
}

// Changes compares a new version with the versions before it (oldest
// first, as Catalog.Versions gives them): every item whose answers or
// words differ from the last version that asked it. An item a version
// dropped is compared with the version before that, so a name cannot come
// back asking something else. oldText gives a message id of an earlier
// version, newText one of the new version, both in the new version's
// source language. A series of answers under one id must never mix two
// questions; this is the rule that keeps it so.
func Changes(versions []*Survey, next *Survey, oldText func(old *Survey, id string) string, newText func(id string) string) []Change {
	var out []Change
	for _, it := range next.Items() {
		var was *Item
		var old *Survey
		for i := len(versions) - 1; i >= 0 && was == nil; i-- {
			if w, ok := versions[i].Item(it.ID); ok {
				was, old = w, versions[i]
			}
		}
		if was == nil {
			continue
		}
		c := Change{Item: it.ID, Since: old.Version}
		if what := answersDiffer(was, it); what != "" {
			c.Answers, c.What = true, what
		} else if what := wordsDiffer(was, it, func(id string) string { return oldText(old, id) }, newText); what != "" {
			c.Words, c.What = true, what
		}
		if c.Answers || c.Words {
			out = append(out, c)
		}
	}
	return out
}

func answersDiffer(a, b *Item) string {
	switch {
	case a.Kind != b.Kind:
		return fmt.Sprintf("kind %s → %s", a.Kind, b.Kind)
	case a.Scale != b.Scale:
		return fmt.Sprintf("scale %s → %s", a.Scale, b.Scale)
	case a.Negative != b.Negative:
		return "negative wording"
	case a.Min != b.Min || a.Max != b.Max:
		return fmt.Sprintf("range %d-%d → %d-%d", a.Min, a.Max, b.Min, b.Max)
	case a.OffersDontKnow() != b.OffersDontKnow():
		return "\"I don't know\""
	case !slices.EqualFunc(a.Options, b.Options, sameOption):
		return "options"
	case !slices.EqualFunc(a.Rows, b.Rows, func(x, y Row) bool { return x.ID == y.ID }):
		return "rows"
	case !sameCondition(a.ShowIf, b.ShowIf):
		// Asked of other children, its shares count another group.
		return "condition"
	case !slices.Equal(slices.Sorted(slices.Values(a.Settings)), slices.Sorted(slices.Values(b.Settings))):
		return "settings" // asked in other settings: another group too
	}
	return ""
}

func wordsDiffer(a, b *Item, oldText, newText func(string) string) string {
	same := func(x, y string) bool {
		return (x == "" && y == "") || (x != "" && y != "" && oldText(x) == newText(y))
	}
	switch {
	case !same(a.Text, b.Text):
		return "question"
	case !same(a.Young, b.Young):
		return "simpler wording"
	case !same(a.Low, b.Low) || !same(a.High, b.High):
		return "ladder words"
	}
	for i := range a.Options {
		if !same(a.Options[i].Label, b.Options[i].Label) {
			return "answer words"
		}
	}
	for i := range a.Rows {
		if !same(a.Rows[i].Label, b.Rows[i].Label) {
			return "row words"
		}
	}
	return ""
}

// sameOption: an answer keeps its code and, where both versions name it,
// its name. Named choices are numbered in their list's order, so two
// choices swapped in the list swap their codes; their names tell.
func sameOption(x, y Option) bool {
	return x.Code == y.Code && (x.Name == "" || y.Name == "" || x.Name == y.Name)
}

func sameCondition(x, y *Condition) bool {
	if x == nil || y == nil {
		return x == y
	}
	return x.Item == y.Item && slices.Equal(slices.Sorted(slices.Values(x.In)), slices.Sorted(slices.Values(y.In)))
}
