package survey

import (
	"fmt"
	"strconv"
	"strings"
)

// Checked is a child's submission checked against the survey version and
// band of their session: every item shown in the session's setting has an
// answer (skipped when nothing was sent).
type Checked struct {
	UID      [16]byte
	Lang     string
	Age      int    // whole years; 0 when not given
	AgeBand  string // the band of the age given, else the session's
	Gender   string // girl, boy, other or skip
	Complete bool   // every item shown was answered, skipped or "don't know"
	Answers  []Answer
}

// CheckChild checks a child's intake for a session of this survey run for
// band in scope (its setting, a theme, ideas only); known says which
// languages are shipped. Any answer the session does not ask, or the
// survey does not offer, is an error naming the field.
func (s *Survey) CheckChild(in *Intake, band string, sc Scope, known func(lang string) bool) (Checked, error) {
	var ch Checked
	uid, err := ParseUID(in.ID)
	if err != nil {
		return ch, err
	}
	if !known(in.Lang) {
		return ch, Invalid("lang", "error.lang_unknown", "not a shipped language")
	}
	b, ok := s.Band(band)
	if !ok {
		return ch, fmt.Errorf("survey: %s has no band %q", s.ID, band)
	}
	ch = Checked{UID: uid, Lang: in.Lang, AgeBand: b.String(), Gender: "skip", Complete: true, Answers: make([]Answer, 0, len(s.items))}
	if err := s.checkAbout(in, &ch); err != nil {
		return ch, err
	}
	for id := range in.Answers {
		it, ok := s.Item(id)
		if !ok || !s.Asks(it, sc) {
			return ch, Invalid("answers."+Clip(id), "error.item_unknown", "no such question in this questionnaire")
		}
	}
	for _, it := range s.items {
		if !s.Asks(it, sc) {
			continue
		}
		ans, err := it.Answer(in.Answers[it.ID], b)
		if err != nil {
			return ch, err
		}
		if !it.AppliesAfter(ch.Answers) {
			// Asked only after another answer this child did not give: not
			// asked, so nothing is kept, even if the form without
			// JavaScript (which shows every question) sent one.
			continue
		}
		if ans.Code == CodeSkipped {
			ch.Complete = false
		}
		ch.Answers = append(ch.Answers, ans)
	}
	return ch, nil
}

// AppliesAfter reports whether the item is asked given the answers before
// it: always, unless it has a condition, which holds when the answer to
// the item it names is one of the codes it lists (one of them chosen, for
// a multi item). A skipped question, "don't know" or a question not asked
// fulfils no condition.
func (it *Item) AppliesAfter(earlier []Answer) bool {
	if it.ShowIf == nil {
		return true
	}
	for i := len(earlier) - 1; i >= 0; i-- {
		if earlier[i].Item == it.ShowIf.Item {
			return it.ShowIf.holds(earlier[i].Code, it.showIfMulti)
		}
	}
	return false
}

// holds reports whether an answer's code fulfils the condition.
func (c *Condition) holds(code int, multi bool) bool {
	if code < 0 {
		return false
	}
	for _, want := range c.In {
		if (multi && MultiHas(code, want)) || (!multi && code == want) {
			return true
		}
	}
	return false
}

// checkAbout reads the age and gender a child gave: an age puts the child
// in the band it falls in.
func (s *Survey) checkAbout(in *Intake, ch *Checked) error {
	switch {
	case in.Gender == "":
	case ValidGender(in.Gender):
		ch.Gender = in.Gender
	default:
		return Invalid("gender", "error.gender_invalid", "gender must be girl, boy, other or skip")
	}
	if in.Age == "" || in.Age == "skip" {
		return nil
	}
	age, err := strconv.Atoi(in.Age)
	if err != nil || age < 4 || age > 18 {
		return Invalid("age", "error.age_range", "age out of range")
	}
	b, ok := s.BandOf(age)
	if !ok {
		return Invalid("age", "error.age_range", "age outside the survey's age bands")
	}
	ch.Age, ch.AgeBand = age, b.String()
	return nil
}

// CheckProfessional checks a professional's intake: every item and matrix
// cell of the survey gets an answer (skipped when nothing was sent);
// anything the survey does not ask, or an answer it does not offer, is an
// error naming the field.
func (s *Survey) CheckProfessional(in *Intake, known func(lang string) bool) ([]Answer, error) {
	if !known(in.Lang) {
		return nil, Invalid("lang", "error.lang_unknown", "not a shipped language")
	}
	for key := range in.Answers {
		if !s.asks(key) {
			return nil, Invalid("answers."+Clip(key), "error.item_unknown", "no such question in this questionnaire")
		}
	}
	var answers []Answer
	for _, it := range s.items {
		if it.Kind != KindMatrix {
			ans, err := it.Answer(in.Answers[it.ID], ProfessionalBand)
			if err != nil {
				return nil, err
			}
			answers = append(answers, ans)
			continue
		}
		for _, r := range it.Rows {
			id := CellID(it.ID, r.ID)
			ans, err := it.Answer(in.Answers[id], ProfessionalBand)
			if err != nil {
				return nil, Invalid("answers."+id, "error.answer_invalid", "not an answer of this row")
			}
			ans.Item = id
			answers = append(answers, ans)
		}
	}
	return answers, nil
}

// asks reports whether key names an item of the survey that takes one
// answer, or one row of a matrix item.
func (s *Survey) asks(key string) bool {
	id, row, isCell := strings.Cut(key, ".")
	it, ok := s.Item(id)
	if !ok || isCell != (it.Kind == KindMatrix) {
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

// Answer checks one answer to the item in band; an item not answered is
// skipped. A text is cleaned and masked: phone numbers, e-mail and street
// addresses never reach the database.
func (it *Item) Answer(r RawAnswer, band Band) (Answer, error) {
	ans := Answer{Item: it.ID, Code: CodeSkipped}
	switch {
	case r.Word == "dont_know":
		ans.Code = CodeDontKnow
	case r.Word == "skip" || (!r.IsNum && r.Text == ""):
		return ans, nil
	case it.Kind == KindText:
		text, err := CleanText(r.Text)
		if err != nil {
			return ans, Invalid("answers."+it.ID, "error.text_too_long", err.Error())
		}
		if text != "" {
			ans.Code, ans.Text = 1, MaskContact(text)
		}
		return ans, nil
	case !r.IsNum:
		return ans, Invalid("answers."+it.ID, "error.answer_invalid", "want a number")
	case it.Kind == KindMulti:
		ans.Code = 0
		codes := r.Codes
		if !r.List {
			codes = []int{r.One}
		}
		for _, c := range codes {
			if c < 1 || c > 30 {
				return ans, Invalid("answers."+it.ID, "error.answer_invalid", "not an option")
			}
			ans.Code |= MultiBit(c)
		}
		if ans.Code == 0 {
			ans.Code = CodeSkipped
			return ans, nil
		}
	case r.List && len(r.Codes) != 1:
		return ans, Invalid("answers."+it.ID, "error.answer_invalid", "one answer only")
	case r.List:
		ans.Code = r.Codes[0]
	default:
		ans.Code = r.One
	}
	if err := it.CheckCode(ans.Code, band); err != nil {
		return ans, Invalid("answers."+it.ID, "error.answer_invalid", err.Error())
	}
	return ans, nil
}
