package survey

import (
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// Intake is a submission as sent, before it is checked against a survey:
// the same whether a child sent it as a form (no JavaScript) or as JSON
// (the offline queue), or a professional sent their form.
type Intake struct {
	ID      string
	Lang    string
	Age     string // "" when not given
	Gender  string // "" when not given
	Answers map[string]RawAnswer
	// Unclear are the questions a child in a pilot marked "I don't
	// understand this question" (never kept as an answer).
	Unclear []string
}

// RawAnswer is one answer as sent: a code, "skip", "dont_know", a set of
// option codes, or text.
type RawAnswer struct {
	Word  string // skip or dont_know
	Text  string
	One   int   // the code, when one number was sent
	Codes []int // the codes, when a list was sent (a multi item's options)
	IsNum bool  // a number or a list of numbers was sent
	List  bool  // it was a list
}

// Answer is the code given to one item, and the text of a text item.
type Answer struct {
	Item string
	Code int
	Text string
}

// Bounds on what one submission may carry.
const (
	MaxAnswers = 200
	MaxIDLen   = 64
)

// intakes keeps the intakes of finished requests for the next ones: the
// map of two dozen answers is the largest thing a submission allocates,
// and at thousands a second the collector feels it.
var intakes = sync.Pool{New: func() any { return &Intake{Answers: make(map[string]RawAnswer, 32)} }}

// NewIntake returns an empty intake, with its answers map.
func NewIntake() *Intake { return intakes.Get().(*Intake) }

// Release hands in back for reuse; nothing may use it afterwards. The
// strings in it are copies, so whatever was made from it stays valid. A
// map grown by a freak request is left to the collector.
func (in *Intake) Release() {
	if in == nil || len(in.Answers) > 64 {
		return
	}
	clear(in.Answers)
	*in = Intake{Answers: in.Answers, Unclear: in.Unclear[:0]}
	intakes.Put(in)
}

// Invalid is the error of a field of a submission that cannot be taken.
func Invalid(field, msg, detail string) error { return fault.Field(field, msg, detail) }

// DecodeForm reads an answer form: id, lang, age, gender and one field
// a.<item> per answer (several for a multi item), a.<item>.<row> per cell
// of a matrix item, and u.<item> for a question marked "I don't
// understand" in a pilot.
func DecodeForm(form url.Values) (*Intake, error) {
	in := NewIntake()
	in.ID, in.Lang, in.Age, in.Gender = form.Get("id"), form.Get("lang"), form.Get("age"), form.Get("gender")
	for key, vals := range form {
		if item, ok := strings.CutPrefix(key, "u."); ok {
			if len(in.Unclear) >= MaxAnswers {
				in.Release()
				return nil, Invalid("unclear", "error.body_invalid", "too many questions marked")
			}
			in.Unclear = append(in.Unclear, Clip(item))
			continue
		}
		item, ok := strings.CutPrefix(key, "a.")
		if !ok {
			continue
		}
		if len(in.Answers) >= MaxAnswers || len(vals) > 64 {
			in.Release()
			return nil, Invalid("answers", "error.body_invalid", "too many answers")
		}
		var a RawAnswer
		for _, v := range vals {
			switch {
			case v == "skip" || v == "dont_know":
				a.Word = v
			case isNumber(v):
				n, err := strconv.Atoi(v)
				if err != nil {
					in.Release()
					return nil, Invalid("answers."+Clip(item), "error.answer_invalid", "not a number")
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

// Clip keeps an attacker's item name from filling logs and error bodies.
func Clip(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	return strings.ToValidUTF8(s, "")
}

// ParseUID reads a submission id made on the device: a UUID, "8-4-4-4-12"
// hex digits.
func ParseUID(s string) ([16]byte, error) {
	var uid [16]byte
	if len(s) > MaxIDLen {
		return uid, Invalid("id", "error.id_invalid", "id too long")
	}
	h := strings.ReplaceAll(s, "-", "")
	if len(h) != 32 || strings.Count(s, "-") > 4 {
		return uid, Invalid("id", "error.id_invalid", "id must be a UUID")
	}
	if _, err := hex.Decode(uid[:], []byte(h)); err != nil {
		return uid, Invalid("id", "error.id_invalid", "id must be a UUID")
	}
	if uid == [16]byte{} {
		return uid, Invalid("id", "error.id_invalid", "id must not be all zeros")
	}
	return uid, nil
}
