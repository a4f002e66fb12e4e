package web

import (
	"net/url"
	"strings"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// decodeResponse reads a professional's form: lang, and one field a.<item>
// per item, a.<item>.<row> per matrix cell. Every item and cell of the
// survey gets an answer (skipped when nothing was sent); anything the
// survey does not ask, or an answer it does not offer, is an error naming
// the field, and nothing is stored.
func (a *App) decodeResponse(form url.Values, s *survey.Survey) (lang string, answers []store.Answer, err error) {
	in, err := decodeForm(form)
	if err != nil {
		return "", nil, err
	}
	defer in.release()
	if _, ok := a.Locales.Lang(in.Lang); !ok {
		return "", nil, invalid("lang", "error.lang_unknown", "not a shipped language")
	}
	for key := range in.Answers {
		if !asked(s, key) {
			return "", nil, invalid("answers."+clip(key), "error.item_unknown", "no such question in this questionnaire")
		}
	}
	band := survey.ProfessionalBand
	for _, it := range s.Items() {
		if it.Kind != survey.KindMatrix {
			ans, err := answerFor(it, in.Answers[it.ID], band)
			if err != nil {
				return "", nil, err
			}
			answers = append(answers, ans)
			continue
		}
		for _, r := range it.Rows {
			id := survey.CellID(it.ID, r.ID)
			ans, err := answerFor(it, in.Answers[id], band)
			if err != nil {
				return "", nil, invalid("answers."+id, "error.answer_invalid", "not an answer of this row")
			}
			ans.Item = id
			answers = append(answers, ans)
		}
	}
	return in.Lang, answers, nil
}

// asked reports whether key names an item of the survey that takes one
// answer, or one row of a matrix item.
func asked(s *survey.Survey, key string) bool {
	id, row, isCell := strings.Cut(key, ".")
	it, ok := s.Item(id)
	if !ok || isCell != (it.Kind == survey.KindMatrix) {
		return false
	}
	if !isCell {
		return true
	}
	for _, r := range it.Rows {
		if r.ID == row {
			return true
		}
	}
	return false
}
