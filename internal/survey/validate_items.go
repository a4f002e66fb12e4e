package survey

import "slices"

// The widest range a number item may take: one button per number, so a
// child taps instead of typing; 0 to 99 keeps every answer in the
// index's one-byte codes.
const (
	maxNumber      = 99
	maxNumberRange = 20
)

// note checks a note: words on a screen of their own, for children's
// surveys (a professional's form has no screens). It takes no answer, so
// it is not one of the survey's items; its id may not be another item's.
func (v *validator) note(p []any, it *Item) {
	if v.notes == nil {
		v.notes = map[string]bool{}
	}
	v.notes[it.ID] = true
	v.s.notes++
	v.message(append(p, "text"), "note "+it.ID+" text", it.Text)
	if v.s.ForProfessionals() {
		v.bad(append(p, "kind"), "item %s: notes are for children's surveys, which show one screen at a time", it.ID)
	}
	if it.Young != "" {
		v.message(append(p, "young"), "note "+it.ID+" young", it.Young)
	}
	if it.Scale != "" || len(it.Options) > 0 || len(it.Rows) > 0 || it.DontKnow || it.ShowIf != nil {
		v.bad(p, "note %s takes no answer: no scale, options, rows, dont_know or show_if", it.ID)
	}
}

// number checks a number item: whole numbers from min to max, a button
// each.
func (v *validator) number(p []any, it *Item) {
	if it.Min < 0 || it.Max > maxNumber || it.Min >= it.Max || it.Max-it.Min > maxNumberRange {
		v.bad(p, "item %s: a number item takes min and max from 0 to %d, min below max, at most %d apart", it.ID, maxNumber, maxNumberRange)
	}
}

// condition checks show_if: it names an earlier choice, yes/no or multi
// item of the same survey, and codes that are answers of that item.
// Professionals see one form, all at once, so only children's surveys
// ask a question depending on another.
func (v *validator) condition(p []any, it *Item) {
	c := it.ShowIf
	if c == nil {
		return
	}
	cp := append(p, "show_if")
	if v.s.ForProfessionals() {
		v.bad(cp, "item %s: show_if is for children's surveys", it.ID)
		return
	}
	at := v.s.ItemIndex(c.Item)
	if at < 0 || at >= v.s.ItemIndex(it.ID) {
		v.bad(append(cp, "item"), "item %s: show_if names %q, which is not an earlier item of this survey", it.ID, c.Item)
		return
	}
	on := v.s.items[at]
	if !on.SingleAnswer() && on.Kind != KindMulti {
		v.bad(append(cp, "item"), "item %s: show_if takes a choice, yes/no or multi item, not %s (%s)", it.ID, on.ID, on.Kind)
		return
	}
	it.showIfMulti = on.Kind == KindMulti
	if len(c.In) == 0 {
		v.bad(append(cp, "in"), "item %s: show_if needs the answers (in) that show it", it.ID)
	}
	for k, code := range c.In {
		if !slices.ContainsFunc(on.Choices(Band{Min: 10, Max: 17}), func(ch Choice) bool { return ch.Code == code }) {
			v.bad(append(cp, "in", k), "item %s: show_if: %d is not an answer of %s", it.ID, code, on.ID)
		}
	}
}

// Notes reports how many notes (screens with words and no answer) the
// survey has besides its items.
func (s *Survey) Notes() int { return s.notes }
