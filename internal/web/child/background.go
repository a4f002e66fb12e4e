package child

import (
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// backgroundView is the background block at the end of the questionnaire,
// when the worker added it to the session: an opening screen, one screen
// per question, and one for the things a child has. Every question offers
// "I'd rather not say".
type backgroundView struct {
	// ByAge: the band starts below survey.BackgroundMinAge, so the block
	// is for the children who say they are old enough (the script passes
	// it over for the others; the server keeps nothing from them).
	ByAge     bool
	MinAge    int
	Questions []bgQuestion
	Have      []bgQuestion // the Children's Worlds items, yes or no each
}

type bgQuestion struct {
	Name    string // the form field, a.bg_<id>
	ID      string
	Text    string // message id
	Options []bgChoice
}

type bgChoice struct{ Value, Label string }

// backgroundFor is the block of a session, nil when it has none or its
// band is never asked.
func backgroundFor(sess *store.Session, band survey.Band) *backgroundView {
	if !sess.Background || sess.Kind == store.KindIdeas || !survey.AsksBackground(band, band.Max) {
		return nil
	}
	v := &backgroundView{ByAge: band.Min < survey.BackgroundMinAge, MinAge: survey.BackgroundMinAge}
	for _, q := range survey.BackgroundQuestions {
		bq := bgQuestion{Name: "a." + survey.BackgroundPrefix + q.ID, ID: q.ID, Text: "background.q." + q.ID}
		for _, o := range q.Options {
			bq.Options = append(bq.Options, bgChoice{o, "background.q." + q.ID + "." + o})
		}
		v.Questions = append(v.Questions, bq)
	}
	for _, it := range survey.DeprivationItems {
		id := "have_" + it
		v.Have = append(v.Have, bgQuestion{Name: "a." + survey.BackgroundPrefix + id, ID: id, Text: "background.q." + id,
			Options: []bgChoice{{"yes", "background.q.yes"}, {"no", "background.q.no"}}})
	}
	return v
}

// screens is how many screens the block adds: the opening, one per
// question, and the things a child has.
func (v *backgroundView) screens() int {
	if v == nil {
		return 0
	}
	return 2 + len(v.Questions)
}
