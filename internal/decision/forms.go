package decision

import (
	"net/url"
	"slices"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// DecodeNew reads a worker's new request: the words (each checked for
// length and hidden characters), the day it is decided, the child's age
// band, language and setting, and whether the child is asked (ask=1) or
// why not (not_asked). The service checks the choices against what is
// shipped.
func DecodeNew(f url.Values) (NewRequest, error) {
	var in NewRequest
	var err error
	texts := []struct {
		field string
		dst   *string
		n     int
	}{
		{"label", &in.Label, maxLabel}, {"about", &in.About, maxShort}, {"child_about", &in.ChildAbout, maxShort},
		{"who_decides", &in.WhoDecides, maxShort}, {"note", &in.Note, maxShort}, {"not_asked_note", &in.NotAskedNote, maxShort},
	}
	for _, t := range texts {
		if *t.dst, err = staffText(t.field, f.Get(t.field), t.n); err != nil {
			return in, err
		}
	}
	if in.ByWhen, err = day("by_when", f.Get("by_when")); err != nil {
		return in, err
	}
	in.AgeBand, in.Setting, in.Lang = f.Get("age_band"), f.Get("setting"), f.Get("lang")
	switch f.Get("ask") {
	case "1":
		in.Ask = true
	case "0":
		in.NotAsked = f.Get("not_asked")
	default:
		return in, fault.Field("ask", "decision.error_not_asked", "ask is 1 or 0")
	}
	if !in.Ask {
		if err := oneOf("not_asked", in.NotAsked, NotAskedReasons, "decision.error_not_asked"); err != nil {
			return in, err
		}
	}
	return in, nil
}

// RecordFields are the decision record's fields as the form names them,
// in the order of the steps (the elements come as element_<id>).
var RecordFields = []string{"view_weight", "facts", "balance", "professionals", "representation", "decision", "decided_by", "reasons",
	"differs", "review", "appeal"}

// DecodeRecord reads the decision record form; final is true when the
// worker pressed "record the decision" rather than "save the draft".
func DecodeRecord(f url.Values) (Record, bool, error) {
	var rec Record
	var err error
	dst := map[string]*string{"view_weight": &rec.ViewWeight, "facts": &rec.Facts, "balance": &rec.Balance, "professionals": &rec.Professionals,
		"representation": &rec.Representation, "decision": &rec.Decision, "decided_by": &rec.DecidedBy, "reasons": &rec.Reasons,
		"differs": &rec.Differs, "review": &rec.Review, "appeal": &rec.Appeal}
	for _, name := range RecordFields {
		if *dst[name], err = staffText(name, f.Get(name), maxLong); err != nil {
			return rec, false, err
		}
	}
	for _, el := range Elements {
		v, err := staffText("element_"+el.ID, f.Get("element_"+el.ID), maxLong)
		if err != nil {
			return rec, false, err
		}
		if v != "" {
			if rec.Elements == nil {
				rec.Elements = map[string]string{}
			}
			rec.Elements[el.ID] = v
		}
	}
	return rec, f.Get("final") == "1", nil
}

// ExplanationFields are the explanation's fields as the form names them.
var ExplanationFields = []string{"decided", "why", "words", "next"}

// DecodeExplanation reads the explanation form; share is true when the
// worker pressed "share with the child".
func DecodeExplanation(f url.Values) (Explanation, bool, error) {
	ex := Explanation{Lang: f.Get("lang")}
	var err error
	dst := map[string]*string{"decided": &ex.Decided, "why": &ex.Why, "words": &ex.Words, "next": &ex.Next}
	for _, name := range ExplanationFields {
		if *dst[name], err = staffText(name, f.Get(name), maxLong); err != nil {
			return ex, false, err
		}
	}
	return ex, f.Get("share") == "1", nil
}

// The buttons of a say screen.
const (
	ActNext     = "next"
	ActBack     = "back"
	ActDontWant = DontWant
	ActDontKnow = DontKnow
)

// Step is one say screen as the child sent it: the topic, the button
// pressed, and the answer it makes.
type Step struct {
	Topic  string
	Act    string
	Answer Answer
	People []string
}

// DecodeStep reads a say screen: "I don't want to say" and "I don't know"
// are answers of their own (and keep nothing typed); next and back keep
// what was typed and who was chosen.
func DecodeStep(f url.Values) (Step, error) {
	st := Step{Topic: f.Get("topic"), Act: f.Get("act")}
	if !slices.Contains(Topics, st.Topic) {
		return st, errNoTopic
	}
	switch st.Act {
	case ActNext, ActBack:
		text, err := childText("text", f.Get("text"))
		if err != nil {
			return st, err
		}
		st.Answer = Answer{Choice: Said, Text: text}
	case ActDontWant, ActDontKnow:
		st.Answer = Answer{Choice: st.Act}
	default:
		return st, errBadChoice
	}
	people := f["people"]
	if len(people) > len(People) {
		return st, errBadPeople
	}
	for _, p := range people {
		if !slices.Contains(People, p) {
			return st, errBadPeople
		}
		if !slices.Contains(st.People, p) {
			st.People = append(st.People, p)
		}
	}
	return st, nil
}

// DecodeShares reads the review screen's choices (share_<topic>), one per
// topic at most.
func DecodeShares(f url.Values) (map[string]string, error) {
	out := map[string]string{}
	for _, t := range Topics {
		v := f["share_"+t]
		switch {
		case len(v) == 0:
		case len(v) > 1 || (v[0] != ShareMeeting && v[0] != ShareWorker):
			return nil, errBadShare
		default:
			out[t] = v[0]
		}
	}
	return out, nil
}
