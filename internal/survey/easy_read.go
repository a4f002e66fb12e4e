package survey

// Easy read is a variant of a children's survey for children with an
// intellectual disability or little schooling: the same items, answers and
// codes, so the same indicators and series, in easy wording (short
// sentences, one idea each, common words, present tense, no negatives and
// no metaphors, after Inclusion Europe's "Information for all") with a
// pictogram beside each question. A worker chooses it per session; each
// submission records whether it was answered in it.
//
// Every shipped children's survey offers it: each item names a pictogram
// (one of Pictograms) and has its easy words under EasyText. A survey only
// for children who do not read yet has pictures of its own instead, and a
// survey its users wrote carries only the words they wrote.

// OffersEasyRead reports whether a worker can choose easy read for the
// survey.
func (s *Survey) OffersEasyRead() bool {
	if s.ForProfessionals() || s.Written() || len(s.AgeBands) == 0 {
		return false
	}
	for _, b := range s.AgeBands {
		if !b.Youngest() {
			return true
		}
	}
	return false
}

// EasyText is the message id of an item's easy-read wording:
// easy.<survey>.<item>, in the easy_read locale files.
func (s *Survey) EasyText(item string) string { return "easy." + s.ID + "." + item }

// EasyIntro is the message id of the survey's introduction in easy read.
func (s *Survey) EasyIntro() string { return "easy." + s.ID + ".intro" }

// pictogram checks an item's pictogram: one of Pictograms, and present on
// every item of a survey that offers easy read, whose easy words it also
// requires in every shipped language.
func (v *validator) pictogram(p []any, it *Item) {
	if it.Pictogram != "" && !IsPictogram(it.Pictogram) {
		v.bad(append(p, "pictogram"), "item %s: unknown pictogram %q (%s)", it.ID, it.Pictogram, pictogramList)
	}
	if !v.s.OffersEasyRead() {
		return
	}
	if it.Pictogram == "" {
		v.bad(p, "item %s: children's surveys offer easy read, so every item names a pictogram (%s)", it.ID, pictogramList)
	}
	v.l.ref(v.s.File, locate(v.doc, p...), v.s.EasyText(it.ID))
}

// pictogramList says where an author finds the pictograms' names.
const pictogramList = "pictogram: a name listed in static/pictograms/README.md"
