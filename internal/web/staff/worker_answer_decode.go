package staff

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

// Bounds of an answer: parts, sessions and the length of each text (the
// database's CHECKs say the same).
const (
	maxReplyParts    = 12
	maxReplySessions = 100
	maxPartTitle     = 120
	maxPartText      = 1000
)

// partFields are a part's four texts, as form fields and message ids.
var partFields = []string{"you_said", "we_will", "we_will_not", "who_decides"}

// replyForm is what the answer form sent: the language written in, the
// sessions the answer goes to, and per position a part's subject and
// texts in that language (or that it is removed).
type replyForm struct {
	Lang     string
	Sessions []int64
	Parts    []formPart
}

type formPart struct {
	Theme   string
	TopicID int64
	Text    store.PartText
	Remove  bool
}

// answerChoices is what the form's choices may be: the languages, the
// survey themes and the children's topics of the sessions.
type answerChoices struct {
	Langs  []string
	Themes []string
	Topics map[int64]bool
}

// decodeReplyForm reads the answer form. Every text is cleaned (no
// control characters but line breaks, trimmed) and bounded; a part with
// any text needs a title. The first fault is returned, naming its field.
func decodeReplyForm(form url.Values, ch answerChoices) (*replyForm, error) {
	f := &replyForm{Lang: form.Get("lang")}
	if !slices.Contains(ch.Langs, f.Lang) {
		return nil, fault.Field("lang", "answers.error_lang", "unknown language")
	}
	for _, v := range form["sessions"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return nil, fault.Field("sessions", "answers.error_sessions", "a session is an id")
		}
		if !slices.Contains(f.Sessions, id) {
			f.Sessions = append(f.Sessions, id)
		}
	}
	if len(f.Sessions) == 0 || len(f.Sessions) > maxReplySessions {
		return nil, fault.Field("sessions", "answers.error_no_session", "an answer goes to 1 to 100 sessions")
	}
	for i := 0; i < maxReplyParts; i++ {
		p, err := decodePart(form, fmt.Sprintf("part%d_", i), ch)
		if err != nil {
			return nil, err
		}
		f.Parts = append(f.Parts, p)
	}
	return f, nil
}

func decodePart(form url.Values, prefix string, ch answerChoices) (formPart, error) {
	var p formPart
	p.Remove = form.Get(prefix+"remove") != ""
	p.Theme = form.Get(prefix + "theme")
	if p.Theme != "" && !slices.Contains(ch.Themes, p.Theme) {
		return p, fault.Field(prefix+"theme", "answers.error_theme", "not a theme of these surveys")
	}
	if v := form.Get(prefix + "topic"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || !ch.Topics[id] {
			return p, fault.Field(prefix+"topic", "answers.error_topic", "not a topic of these sessions")
		}
		p.TopicID = id
	}
	var err error
	texts := []*string{&p.Text.YouSaid, &p.Text.WeWill, &p.Text.WeWillNot, &p.Text.WhoDecides}
	if p.Text.Title, err = cleanPartText(form.Get(prefix+"title"), prefix+"title", maxPartTitle); err != nil {
		return p, err
	}
	for i, name := range partFields {
		if *texts[i], err = cleanPartText(form.Get(prefix+name), prefix+name, maxPartText); err != nil {
			return p, err
		}
	}
	if p.Text.Title == "" && p.Text != (store.PartText{}) {
		return p, fault.Field(prefix+"title", "answers.error_title", "a part with texts needs a title")
	}
	if strings.ContainsRune(p.Text.Title, '\n') {
		return p, fault.Field(prefix+"title", "answers.error_title_line", "a title is one line")
	}
	return p, nil
}

// cleanPartText keeps an adult's text plain (plainStaffText) and at most
// max characters. Invisible and direction characters are refused with a
// message (store.CheckStaffText), not stripped.
func cleanPartText(s, field string, max int) (string, error) {
	s = plainStaffText(s)
	if utf8.RuneCountInString(s) > max {
		return "", fault.Field(field, "answers.error_too_long", fmt.Sprintf("%s is longer than %d characters", field, max))
	}
	return s, store.CheckStaffText(field, s)
}

// apply merges the form into an answer: the language's texts replace
// those of the same position, a part removed or without text in any
// language goes, and the parts close up. An answer left without a part
// is refused.
func (f *replyForm) apply(r *store.Reply) error {
	r.Sessions = f.Sessions
	if r.Lang == "" {
		r.Lang = f.Lang
	}
	var parts []store.ReplyPart
	for i, fp := range f.Parts {
		var p store.ReplyPart
		if i < len(r.Parts) {
			p = r.Parts[i]
		}
		texts := map[string]store.PartText{}
		for lang, t := range p.Texts {
			if lang != f.Lang {
				texts[lang] = t
			}
		}
		if fp.Text.Title != "" {
			texts[f.Lang] = fp.Text
		}
		if fp.Remove || len(texts) == 0 {
			continue
		}
		parts = append(parts, store.ReplyPart{Theme: fp.Theme, TopicID: fp.TopicID, Texts: texts})
	}
	if len(parts) == 0 {
		return fault.Field("part0_title", "answers.error_no_part", "an answer has at least one part")
	}
	r.Parts = parts
	return nil
}
