package survey

import (
	"strconv"
	"strings"
)

// The background block: a few questions a worker can add at the end of a
// children's questionnaire, per session, so analysts can see whether
// children in care, with a disability, speaking another language at home
// or going without things answer differently. Every question can be
// answered "I'd rather not say"; the block is never asked of children
// younger than BackgroundMinAge nor of the youngest band.
//
// The answers are not items of the survey: they travel as a.bg_* fields
// of the same form (or the same "answers" object of the JSON body), are
// taken out of the intake by TakeBackground before the survey checks the
// rest, and are stored on the submission as four values, not as answers.

// BackgroundMinAge is the youngest age the block is asked at.
const BackgroundMinAge = 8

// BackgroundPrefix starts the answer name of every background question.
const BackgroundPrefix = "bg_"

// RatherNot is the answer "I'd rather not say".
const RatherNot = "rather_not"

// BackgroundQuestion is one question of the block: its answer name, and
// its options in the order shown (each is also the stored value, and the
// message id background.<question>.<option>).
type BackgroundQuestion struct {
	ID      string // living, language, illness
	Options []string
}

// The questions with one answer. Their order is the page's.
var (
	BackgroundLiving   = BackgroundQuestion{"living", []string{"both_parents", "two_homes", "one_parent", "foster_family", "residential_care", "other"}}
	BackgroundLanguage = BackgroundQuestion{"language", []string{"school_only", "school_and_other", "other_only"}}
	BackgroundIllness  = BackgroundQuestion{"illness", []string{"yes", "no", "dont_know"}}
)

// BackgroundQuestions are the questions with one answer, in page order.
var BackgroundQuestions = []BackgroundQuestion{BackgroundLiving, BackgroundLanguage, BackgroundIllness}

// DeprivationItems are the Children's Worlds survey's material-deprivation
// items ("Which of the following do you have?", yes or no), each asked as
// bg_have_<item>; docs/analysts.md cites the survey.
var DeprivationItems = []string{"clothes", "computer", "internet", "phone", "own_room", "books", "school_trips", "car"}

// The deprivation groups: lacking none or one of the items, or two or
// more. A child who left out so many items that either could be true is
// in neither.
const (
	DeprivationNoneOrOne = "none_or_one"
	DeprivationTwoOrMore = "two_or_more"
)

// DeprivationGroups lists the groups in order.
var DeprivationGroups = []string{DeprivationNoneOrOne, DeprivationTwoOrMore}

// Background is what a child said in the block. "" is not asked (no block
// in the session, or too young); RatherNot is "I'd rather not say"; for
// Deprivation, "" also when the answers given leave the group open.
type Background struct {
	Living, Language, Illness, Deprivation string
}

// Asked reports whether the child was asked the block at all.
func (b Background) Asked() bool {
	return b.Living != "" || b.Language != "" || b.Illness != "" || b.Deprivation != ""
}

// AsksBackground reports whether a child of this band and age (0: not
// given) is asked the block: never the youngest band; in a band that
// starts below BackgroundMinAge only a child who said they are old
// enough; never a child who said they are younger.
func AsksBackground(b Band, age int) bool {
	if b.Youngest() || b.Max < BackgroundMinAge || age > 0 && age < BackgroundMinAge {
		return false
	}
	return b.Min >= BackgroundMinAge || age >= BackgroundMinAge
}

// TakeBackground takes the background answers (a.bg_*) out of the intake
// and checks them. on says whether the session has the block; band and
// age whether this child is asked it. Answers from a session without the
// block are an error naming the field; answers from a child too young are
// dropped, never kept. A question left out counts as "I'd rather not
// say" for a child who was asked.
func TakeBackground(in *Intake, on bool, b Band, age string) (Background, error) {
	var got []string
	for id := range in.Answers {
		if strings.HasPrefix(id, BackgroundPrefix) {
			got = append(got, id)
		}
	}
	if len(got) > 0 && !on {
		return Background{}, Invalid("answers."+Clip(got[0]), "error.item_unknown", "no such question in this questionnaire")
	}
	raw := map[string]RawAnswer{}
	for _, id := range got {
		raw[strings.TrimPrefix(id, BackgroundPrefix)] = in.Answers[id]
		delete(in.Answers, id)
	}
	years, _ := strconv.Atoi(strings.TrimSpace(age))
	if !on || !AsksBackground(b, years) {
		return Background{}, nil
	}
	known := map[string]bool{}
	var out Background
	for _, q := range BackgroundQuestions {
		known[q.ID] = true
		v, err := backgroundWord(raw[q.ID], q.ID, append(q.Options, RatherNot))
		if err != nil {
			return Background{}, err
		}
		switch q.ID {
		case "living":
			out.Living = v
		case "language":
			out.Language = v
		case "illness":
			out.Illness = v
		}
	}
	lacking, open := 0, 0
	for _, it := range DeprivationItems {
		known["have_"+it] = true
		v, err := backgroundWord(raw["have_"+it], "have_"+it, []string{"yes", "no", RatherNot})
		if err != nil {
			return Background{}, err
		}
		switch v {
		case "no":
			lacking++
		case RatherNot:
			open++
		}
	}
	out.Deprivation = DeprivationGroup(lacking, open)
	for id := range raw {
		if !known[id] {
			return Background{}, Invalid("answers."+BackgroundPrefix+Clip(id), "error.item_unknown", "no such question in this questionnaire")
		}
	}
	return out, nil
}

// DeprivationGroup places a child who lacks some of the items and left
// others out: two or more lacking is two or more whatever the rest; none
// or one only when the items left out could not make it two; a child who
// answered none of them is RatherNot; otherwise the group is open ("").
func DeprivationGroup(lacking, leftOut int) string {
	switch {
	case leftOut == len(DeprivationItems):
		return RatherNot
	case lacking >= 2:
		return DeprivationTwoOrMore
	case lacking+leftOut < 2:
		return DeprivationNoneOrOne
	}
	return ""
}

// backgroundWord reads one answer: an option's name, "skip" or nothing
// (RatherNot), or an error naming the field.
func backgroundWord(a RawAnswer, id string, options []string) (string, error) {
	switch {
	case a.Word == "skip" || a.Word == "dont_know" && id != "illness" || a.Word == "" && a.Text == "" && !a.IsNum:
		return RatherNot, nil
	case a.Word == "dont_know":
		return "dont_know", nil
	}
	for _, o := range options {
		if a.Text == o {
			return o, nil
		}
	}
	return "", Invalid("answers."+BackgroundPrefix+id, "error.answer_invalid", "not one of the answers offered")
}
