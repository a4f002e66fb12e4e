package web

import (
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// intake is a child's submission as sent, before it is checked against the
// survey: the same whether it came as a form (no JavaScript) or as JSON
// (the offline queue).
type intake struct {
	ID      string
	Lang    string
	Age     string // "" when not given
	Gender  string // "" when not given
	Answers map[string]rawAnswer
}

// rawAnswer is one answer as sent: a code, "skip", "dont_know", a set of
// option codes, or text.
type rawAnswer struct {
	Word  string // skip or dont_know
	Text  string
	One   int   // the code, when one number was sent
	Codes []int // the codes, when a list was sent (a multi item's options)
	IsNum bool  // a number or a list of numbers was sent
	List  bool  // it was a list
}

const (
	maxAnswers = 200
	maxIDLen   = 64
)

// intakes keeps the intakes of finished requests for the next ones: the
// map of two dozen answers is the largest thing a submission allocates,
// and at thousands a second the collector feels it.
var intakes = sync.Pool{New: func() any { return &intake{Answers: make(map[string]rawAnswer, 32)} }}

// newIntake returns an empty intake, with its answers map.
func newIntake() *intake { return intakes.Get().(*intake) }

// release hands in back for reuse; nothing may use it afterwards. The
// strings in it are copies, so whatever was made from it stays valid. A
// map grown by a freak request is left to the collector.
func (in *intake) release() {
	if in == nil || len(in.Answers) > 64 {
		return
	}
	clear(in.Answers)
	*in = intake{Answers: in.Answers}
	intakes.Put(in)
}

func invalid(field, msg, detail string) error { return fault.Field(field, msg, detail) }

// decodeForm reads the no-JavaScript form: id, lang, age, gender and one
// field a.<item> per answer (several for a multi item).
func decodeForm(form url.Values) (*intake, error) {
	in := newIntake()
	in.ID, in.Lang, in.Age, in.Gender = form.Get("id"), form.Get("lang"), form.Get("age"), form.Get("gender")
	for key, vals := range form {
		item, ok := strings.CutPrefix(key, "a.")
		if !ok {
			continue
		}
		if len(in.Answers) >= maxAnswers || len(vals) > 64 {
			in.release()
			return nil, invalid("answers", "error.body_invalid", "too many answers")
		}
		var a rawAnswer
		for _, v := range vals {
			switch {
			case v == "skip" || v == "dont_know":
				a.Word = v
			case isNumber(v):
				n, err := strconv.Atoi(v)
				if err != nil {
					in.release()
					return nil, invalid("answers."+clip(item), "error.answer_invalid", "not a number")
				}
				a.Codes, a.IsNum = append(a.Codes, n), true
			default:
				a.Text = v
			}
		}
		// Checkboxes send one value per option: a list, however many.
		a.List = a.IsNum
		in.Answers[item] = a
	}
	return in, nil
}

func isNumber(s string) bool {
	if s == "" || len(s) > 9 {
		return false
	}
	for i, r := range s {
		if !(r >= '0' && r <= '9') && !(i == 0 && r == '-') {
			return false
		}
	}
	return s != "-"
}

// clip keeps an attacker's item name from filling logs and error bodies.
func clip(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	return strings.ToValidUTF8(s, "")
}

// parseUID reads a UUID made on the device ("8-4-4-4-12" hex).
func parseUID(s string) ([16]byte, error) {
	var uid [16]byte
	if len(s) > maxIDLen {
		return uid, invalid("id", "error.id_invalid", "id too long")
	}
	h := strings.ReplaceAll(s, "-", "")
	if len(h) != 32 || strings.Count(s, "-") > 4 {
		return uid, invalid("id", "error.id_invalid", "id must be a UUID")
	}
	if _, err := hex.Decode(uid[:], []byte(h)); err != nil {
		return uid, invalid("id", "error.id_invalid", "id must be a UUID")
	}
	if uid == [16]byte{} {
		return uid, invalid("id", "error.id_invalid", "id must not be all zeros")
	}
	return uid, nil
}

// checked turns an intake into a submission for a session, checking every
// answer against the survey version and band of the session. Nothing is
// stored when any part is wrong.
func (a *App) checked(in *intake, sess *store.Session, s *survey.Survey) (*store.Submission, error) {
	uid, err := parseUID(in.ID)
	if err != nil {
		return nil, err
	}
	if _, ok := a.Locales.Lang(in.Lang); !ok {
		return nil, invalid("lang", "error.lang_unknown", "not a shipped language")
	}
	band, ok := s.Band(sess.AgeBand)
	if !ok {
		return nil, fmt.Errorf("web: session %d has band %q that survey %s lacks", sess.ID, sess.AgeBand, s.ID)
	}
	sub := &store.Submission{UID: uid, SessionID: sess.ID, SurveyID: s.ID, SurveyVersion: s.Version, Lang: in.Lang, AgeBand: band.String(), Gender: "skip", Complete: true,
		Answers: make([]store.Answer, 0, len(s.Items()))}
	if err := checkAbout(in, s, sub); err != nil {
		return nil, err
	}
	for id := range in.Answers {
		it, ok := s.Item(id)
		if !ok || !it.ShownIn(sess.Setting) {
			return nil, invalid("answers."+clip(id), "error.item_unknown", "no such question in this questionnaire")
		}
	}
	for _, it := range s.Items() {
		if !it.ShownIn(sess.Setting) {
			continue
		}
		ans, err := answerFor(it, in.Answers[it.ID], band)
		if err != nil {
			return nil, err
		}
		if ans.Code == survey.CodeSkipped {
			sub.Complete = false
		}
		sub.Answers = append(sub.Answers, ans)
	}
	return sub, nil
}

func checkAbout(in *intake, s *survey.Survey, sub *store.Submission) error {
	switch {
	case in.Gender == "":
	case survey.ValidGender(in.Gender):
		sub.Gender = in.Gender
	default:
		return invalid("gender", "error.gender_invalid", "gender must be girl, boy, other or skip")
	}
	if in.Age == "" || in.Age == "skip" {
		return nil
	}
	age, err := strconv.Atoi(in.Age)
	if err != nil || age < 4 || age > 18 {
		return invalid("age", "error.age_range", "age out of range")
	}
	b, ok := s.BandOf(age)
	if !ok {
		return invalid("age", "error.age_range", "age outside the survey's age bands")
	}
	sub.Age, sub.AgeBand = age, b.String()
	return nil
}

// answerFor checks one answer; an item not answered is skipped.
func answerFor(it *survey.Item, r rawAnswer, band survey.Band) (store.Answer, error) {
	ans := store.Answer{Item: it.ID, Code: survey.CodeSkipped}
	switch {
	case r.Word == "dont_know":
		ans.Code = survey.CodeDontKnow
	case r.Word == "skip" || (!r.IsNum && r.Text == ""):
		return ans, nil
	case it.Kind == survey.KindText:
		text, err := survey.CleanText(r.Text)
		if err != nil {
			return ans, invalid("answers."+it.ID, "error.text_too_long", err.Error())
		}
		if text != "" {
			// Phone numbers, e-mail and street addresses never reach the database.
			ans.Code, ans.Text = 1, survey.MaskContact(text)
		}
		return ans, nil
	case !r.IsNum:
		return ans, invalid("answers."+it.ID, "error.answer_invalid", "want a number")
	case it.Kind == survey.KindMulti:
		ans.Code = 0
		codes := r.Codes
		if !r.List {
			codes = []int{r.One}
		}
		for _, c := range codes {
			if c < 1 || c > 30 {
				return ans, invalid("answers."+it.ID, "error.answer_invalid", "not an option")
			}
			ans.Code |= survey.MultiBit(c)
		}
		if ans.Code == 0 {
			ans.Code = survey.CodeSkipped
			return ans, nil
		}
	case r.List && len(r.Codes) != 1:
		return ans, invalid("answers."+it.ID, "error.answer_invalid", "one answer only")
	case r.List:
		ans.Code = r.Codes[0]
	default:
		ans.Code = r.One
	}
	if err := it.CheckCode(ans.Code, band); err != nil {
		return ans, invalid("answers."+it.ID, "error.answer_invalid", err.Error())
	}
	return ans, nil
}
