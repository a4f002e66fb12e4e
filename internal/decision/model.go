package decision

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

// Request is what a worker asks one child, for one decision: the words
// the child reads (what is decided and who decides, in words a child
// understands, and by when), the adults' words for the file, and the
// label the worker finds it by.
type Request struct {
	Label        string `json:"label"`                    // for the worker's list: initials or a word, no full name needed
	About        string `json:"about"`                    // what is decided, in the adults' words, for the file
	ChildAbout   string `json:"child_about"`              // what is decided, in words the child understands
	WhoDecides   string `json:"who_decides"`              // who decides, in the child's words
	ByWhen       string `json:"by_when"`                  // the day it is decided (2006-01-02)
	Note         string `json:"note,omitempty"`           // a line from the worker to the child
	AgeBand      string `json:"age_band"`                 // AgeBands
	NotAsked     string `json:"not_asked,omitempty"`      // why the child is not asked (NotAskedReasons); "" when asked
	NotAskedNote string `json:"not_asked_note,omitempty"` // the worker's words on why, for the file
}

// AgeBands are the children's ages a request is worded for. The youngest
// read with an adult, so their screens use fewer and shorter words.
var AgeBands = []string{"4-7", "8-12", "13-17"}

// Young reports whether a request is worded for the youngest band.
func (r Request) Young() bool { return r.AgeBand == AgeBands[0] }

// NotAskedReasons are why a decision is recorded without asking the child
// (General Comment 14, paras. 89–91: a child capable of forming views is
// asked; an exception is recorded with its reason).
var NotAskedReasons = []string{"urgent", "too_young", "unreachable", "other"}

// Topics are the child's own say, in the order the screens ask it: what
// is going well, what worries me, what I wish for, what the people who
// decide should know, who I would like there or to speak for me (the
// "three houses" of Signs of Safety and Mind of My Own's questions before
// a meeting).
var Topics = []string{"good", "worries", "wishes", "know", "people"}

// People are who a child may want at the meeting or to speak for them.
var People = []string{"me", "trusted", "lawyer", "family", "worker"}

// The choices a child makes on each topic.
const (
	Said     = "said"      // wrote something (or, on people, chose someone)
	DontWant = "dont_want" // "I don't want to say"
	DontKnow = "dont_know" // "I don't know"
)

// Who may read an answer: the meeting, or only the child's own worker.
const (
	ShareMeeting = "meeting"
	ShareWorker  = "worker"
)

// Answer is the child's say on one topic.
type Answer struct {
	Choice string `json:"choice,omitempty"` // Said, DontWant, DontKnow; "" not answered
	Text   string `json:"text,omitempty"`
	Share  string `json:"share,omitempty"` // ShareMeeting or ShareWorker (the default)
}

// Say is the child's own say: one answer per topic, and on "people" who
// they chose.
type Say struct {
	Answers map[string]Answer `json:"answers"`
	People  []string          `json:"people,omitempty"`
}

// Answer returns the answer on a topic.
func (s Say) Answer(topic string) Answer { return s.Answers[topic] }

// ForMeeting is the say as the meeting may read it: what the child kept
// for their worker is left out, and how many answers that was.
func (s Say) ForMeeting() (Say, int) {
	out := Say{Answers: map[string]Answer{}}
	hidden := 0
	for t, a := range s.Answers {
		if a.Share != ShareMeeting {
			if a.Choice != "" {
				hidden++
			}
			continue
		}
		out.Answers[t] = a
	}
	if s.Answers["people"].Share == ShareMeeting {
		out.People = s.People
	}
	return out, hidden
}

// Elements are what the General Comment asks to weigh in a best-interests
// assessment (CRC/C/GC/14, paras. 52–79; the list is not exhaustive, para.
// 50), in its order, with the paragraphs that say each.
var Elements = []Element{
	{"identity", "55–57"},
	{"family", "58–70"},
	{"care", "71–74"},
	{"vulnerability", "75–76"},
	{"health", "77–78"},
	{"education", "79"},
	{"other", "50"},
}

// Element is one element of the assessment.
type Element struct{ ID, Paras string }

// Record is the decision along the steps of the General Comment: the
// child's view and how it was weighed, the facts, the elements, how they
// were balanced, the safeguards, the decision, the reasons, and how it is
// reviewed.
type Record struct {
	ViewWeight     string            `json:"view_weight,omitempty"`    // paras. 43–45, 53–54, 89–91
	Facts          string            `json:"facts,omitempty"`          // para. 92
	Elements       map[string]string `json:"elements,omitempty"`       // paras. 52–79
	Balance        string            `json:"balance,omitempty"`        // paras. 80–84
	Professionals  string            `json:"professionals,omitempty"`  // paras. 94–95
	Representation string            `json:"representation,omitempty"` // para. 96
	Decision       string            `json:"decision,omitempty"`
	DecidedBy      string            `json:"decided_by,omitempty"`
	Reasons        string            `json:"reasons,omitempty"` // para. 97
	Differs        string            `json:"differs,omitempty"` // para. 97: where the decision is not what the child wished
	Review         string            `json:"review,omitempty"`  // para. 93: time; para. 98: review
	Appeal         string            `json:"appeal,omitempty"`  // para. 98
}

// Explanation is what the worker tells the child afterwards, in words the
// child understands (General Comment 12, para. 45: the child is told how
// their views were considered).
type Explanation struct {
	Lang    string `json:"lang"`
	Decided string `json:"decided"`
	Why     string `json:"why"`
	Words   string `json:"words"` // what was done with what the child said
	Next    string `json:"next"`
}

// Felt-heard answers, as the child's screen offers them.
var HeardAnswers = []string{"yes", "some", "no"}

// Lengths: a child writes up to a page per topic; a worker's field up to
// a few pages.
const (
	maxChildText = 2000
	maxLabel     = 60
	maxShort     = 500
	maxLong      = 4000
)

// childText cleans what a child typed: invalid bytes, control characters
// (but line breaks) and invisible direction characters are dropped, not
// refused, and the text is trimmed. Too long is said kindly.
func childText(field, s string) (string, error) {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.TrimSpace(store.StripHidden(s))
	if utf8.RuneCountInString(s) > maxChildText {
		return "", fault.Field(field, "voice.error_too_long", "text longer than the limit")
	}
	return s, nil
}

// staffText checks what a worker typed: trimmed, at most n characters, no
// hidden characters (refused, so nobody's words change silently).
func staffText(field, s string, n int) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if !utf8.ValidString(s) {
		return "", fault.Field(field, "error.body_invalid", "invalid UTF-8")
	}
	if utf8.RuneCountInString(s) > n {
		return "", fault.Field(field, "decision.error_too_long", "text longer than the limit")
	}
	if err := store.CheckStaffText(field, s); err != nil {
		return "", err
	}
	return s, nil
}

// day checks a day typed in a form (2006-01-02).
func day(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", fault.Field(field, "decision.error_day", "not a day")
	}
	return s, nil
}

func oneOf(field, v string, allowed []string, message string) error {
	if !slices.Contains(allowed, v) {
		return fault.Field(field, message, "not one of the choices")
	}
	return nil
}
