package survey

import (
	"fmt"
	"slices"
)

// ScaleDef returns the item's scale, or nil for kinds without one.
func (it *Item) ScaleDef() *Scale { return it.scale }

// ShownIn reports whether the item is asked in a session with this setting.
func (it *Item) ShownIn(setting string) bool {
	return len(it.Settings) == 0 || slices.Contains(it.Settings, setting)
}

// TextFor returns the message id of the question for a band.
func (it *Item) TextFor(b Band) string {
	if b.Young() && it.Young != "" {
		return it.Young
	}
	return it.Text
}

// OffersDontKnow reports whether "I don't know" is one of the answers.
func (it *Item) OffersDontKnow() bool {
	if it.scale != nil {
		return it.scale.DontKnow
	}
	return it.DontKnow
}

// Choice is one answer a child can pick: the code it is stored as and the
// message id of its words.
type Choice struct {
	Code  int
	Label string
}

// Choices returns the answers shown for the item in a band, in display
// order, with the codes they are stored as. Ladder items return 0..10 with
// empty labels except at the ends; text items return nil.
func (it *Item) Choices(b Band) []Choice {
	switch it.Kind {
	case KindScale, KindMatrix:
		s := it.scale
		if s == nil {
			return nil
		}
		if b.Young() && s.Young != nil && it.Kind == KindScale {
			out := make([]Choice, s.Young.Points)
			for i := range out {
				out[i] = Choice{Code: s.Young.Map[i], Label: s.Young.Labels[i]}
			}
			return out
		}
		out := make([]Choice, s.Points)
		for i := range out {
			out[i] = Choice{Code: s.First() + i, Label: s.Labels[i]}
		}
		return out
	case KindYesNo:
		return []Choice{{Code: 1, Label: "answer.yes"}, {Code: 0, Label: "answer.no"}}
	case KindChoice, KindMulti:
		out := make([]Choice, len(it.Options))
		for i, o := range it.Options {
			out[i] = Choice{Code: o.Code, Label: o.Label}
		}
		return out
	case KindLadder:
		out := make([]Choice, 11)
		for i := range out {
			out[i] = Choice{Code: i}
		}
		out[0].Label, out[10].Label = it.Low, it.High
		return out
	case KindNumber:
		out := make([]Choice, 0, it.Max-it.Min+1)
		for n := it.Min; n <= it.Max; n++ {
			out = append(out, Choice{Code: n})
		}
		return out
	}
	return nil
}

// CodeRange returns the smallest and largest code an answer to the item can
// be stored as (a multi item's largest is the mask of all its options).
func (it *Item) CodeRange() (lo, hi int) {
	switch it.Kind {
	case KindScale, KindMatrix:
		if it.scale == nil {
			return 0, 0
		}
		return it.scale.First(), it.scale.Last()
	case KindYesNo:
		return 0, 1
	case KindLadder:
		return 0, 10
	case KindNumber:
		return it.Min, it.Max
	case KindChoice:
		if len(it.Options) == 0 {
			return 0, 0
		}
		lo, hi = it.Options[0].Code, it.Options[0].Code
		for _, o := range it.Options {
			lo, hi = min(lo, o.Code), max(hi, o.Code)
		}
		return lo, hi
	case KindMulti:
		for _, o := range it.Options {
			hi |= MultiBit(o.Code)
		}
		return 0, hi
	}
	return 0, 0
}

// MultiBit is the bit a multi item's option code sets in the stored mask.
func MultiBit(code int) int { return 1 << (code - 1) }

// CheckCode reports whether code is a valid stored answer to the item for a
// child in band b: one of the choices shown, skipped, or "don't know" where
// it is offered. Text items take CodeSkipped or 1 (answered).
func (it *Item) CheckCode(code int, b Band) error {
	switch {
	case code == CodeSkipped:
		return nil
	case code == CodeDontKnow:
		if it.OffersDontKnow() {
			return nil
		}
		return fmt.Errorf("item %s does not offer \"don't know\"", it.ID)
	case it.Kind == KindText:
		if code == 1 {
			return nil
		}
		return fmt.Errorf("item %s takes text", it.ID)
	case it.Kind == KindMulti:
		_, all := it.CodeRange()
		if code > 0 && code&^all == 0 {
			return nil
		}
		return fmt.Errorf("item %s: %d is not a set of its options", it.ID, code)
	}
	if it.validFor(code, b) {
		return nil
	}
	return fmt.Errorf("item %s: %d is not one of its answers", it.ID, code)
}

// validFor reports whether code is one of the answers shown in band b,
// without building the list of choices (it runs for every answer stored).
func (it *Item) validFor(code int, b Band) bool {
	switch it.Kind {
	case KindScale, KindMatrix:
		s := it.scale
		if s == nil {
			return false
		}
		if b.Young() && s.Young != nil && it.Kind == KindScale {
			for _, m := range s.Young.Map {
				if m == code {
					return true
				}
			}
			return false
		}
		return code >= s.First() && code <= s.Last()
	case KindYesNo:
		return code == 0 || code == 1
	case KindLadder:
		return code >= 0 && code <= 10
	case KindNumber:
		return code >= it.Min && code <= it.Max
	case KindChoice:
		for _, o := range it.Options {
			if o.Code == code {
				return true
			}
		}
	}
	return false
}

// Face maps a stored code on a scale of points to one of five faces, 1
// (very sad) to 5 (very happy); a negatively worded item turns the faces
// round ("I often feel alone": "very true" is the sad face).
func Face(code, points int, negative bool) int {
	f := 1 + (code-1)*4/max(1, points-1)
	if negative {
		f = 6 - f
	}
	return f
}
