package survey

import (
	"fmt"
	"sort"
)

// WordWarning is one question of a survey beyond a words limit, in one
// language for one age band.
type WordWarning struct {
	Survey, Item, Lang, Band string
	Text                     string
	WordFinding
}

// Key names the warning without its numbers: what the list of known
// warnings of the shipped surveys holds.
func (w WordWarning) Key() string {
	return fmt.Sprintf("%s %s %s %s %s", w.Survey, w.Item, w.Band, w.Lang, w.Check)
}

// CheckSurvey runs the words check over every question and note of a
// children's survey, in each of langs, for each of its bands, with the
// wording that band sees; text gives a message id's words in a language
// ("" when there are none, which the translation check reports instead).
// Professionals' surveys are not checked: they are not for children.
func (w *WordLimits) CheckSurvey(s *Survey, langs []string, text func(lang, id string) string) []WordWarning {
	if w == nil || s.ForProfessionals() {
		return nil
	}
	var out []WordWarning
	for _, sec := range s.Sections {
		for _, it := range sec.Items {
			for _, lang := range langs {
				for _, b := range s.AgeBands {
					t := text(lang, it.TextFor(b))
					for _, f := range w.CheckText(t, lang, b) {
						out = append(out, WordWarning{Survey: s.ID, Item: it.ID, Lang: lang, Band: b.String(), Text: t, WordFinding: f})
					}
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Lang < out[j].Lang })
	return out
}
