package child

import (
	"strings"
	"unicode/utf8"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// ideaPrefix starts the answer names of the ideas step: the form sends
// a.idea.change, the offline queue "idea.change" among the answers. Survey
// item ids never hold a dot, so these cannot meet a question of a survey.
const ideaPrefix = "idea."

// ideaQuestion is one screen of the ideas step.
type ideaQuestion struct {
	Item   string // idea.change, idea.keep
	Number int    // the screen's number after the survey's questions
	Text   string // message id
}

// ideaQuestions are the ideas step's screens, numbered on from the
// questionnaire's last question.
func ideaQuestions(after int) []ideaQuestion {
	out := make([]ideaQuestion, len(store.IdeaKinds))
	for i, kind := range store.IdeaKinds {
		out[i] = ideaQuestion{Item: ideaPrefix + kind, Number: after + i + 1, Text: "ideas." + kind + "_question"}
	}
	return out
}

// takeIdeas takes the ideas step's answers out of a child's intake, so
// that what is left is checked against the survey. A text is cleaned as a
// text answer is and masked (phone numbers, e-mail and street addresses
// never reach the database); an empty one or "skip" is no idea. A session
// without the ideas step takes none: such an answer is an unknown item.
func takeIdeas(in *survey.Intake, enabled bool) ([]store.Idea, error) {
	var ideas []store.Idea
	for _, kind := range store.IdeaKinds {
		name := ideaPrefix + kind
		r, ok := in.Answers[name]
		if !ok {
			continue
		}
		delete(in.Answers, name)
		if !enabled {
			return nil, survey.Invalid("answers."+name, "error.item_unknown", "this session has no ideas step")
		}
		switch {
		case r.Word == "skip" || (!r.IsNum && r.Word == "" && r.Text == ""):
			continue
		case r.IsNum || r.Word != "":
			return nil, survey.Invalid("answers."+name, "error.answer_invalid", "an idea is words")
		}
		text, err := survey.CleanText(r.Text)
		if err != nil {
			return nil, survey.Invalid("answers."+name, "error.text_too_long", err.Error())
		}
		text = strings.TrimSpace(survey.MaskContact(text))
		if utf8.RuneCountInString(text) > survey.MaxTextLen {
			return nil, survey.Invalid("answers."+name, "error.text_too_long", "text too long")
		}
		if text != "" {
			ideas = append(ideas, store.Idea{Kind: kind, Text: text})
		}
	}
	return ideas, nil
}
