package child

import (
	"crypto/rand"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// questionnaire is what the child's page shows: the whole questionnaire of
// the session's survey version and band, in one language, in one page.
type questionnaire struct {
	Code     string
	Action   string
	API      string // where the page's script sends the finished questionnaire
	Pilot    bool   // a pilot: every question offers "I don't understand"
	Preview  bool   // an author's preview: nothing is stored
	ID       string // a fresh random submission id for the no-JavaScript form
	Survey   *survey.Survey
	Young    bool
	Youngest bool // under six: a picture per question, read aloud after the first tap
	// Easy: the session runs the easy-read variant: easy words and a
	// pictogram per question, shown from one static sprite (fetched once
	// and cached, not repeated in the page of every language).
	Easy      bool
	Intro     string // message id of the welcome screen's introduction
	Langs     []langChoice
	Items     []itemView
	Ages      []int
	Steps     int    // screens a child goes through, for the progress path
	ResultsOn string // the day the group's results can be seen, formatted
	Voice     string // read-aloud voice tags, best first, space separated (locale.Registry)
	// Adult is what the adult beside the child reads, in the session's
	// language (a full one): the draft note beside a draft language, and
	// the note that the device cannot read the chosen language aloud.
	Adult    adultNotes
	Greeting greeting
	Start    string         // the screen the page opens at: languages, or welcome once a language is chosen
	Ideas    []ideaQuestion // the ideas step, when the session has one (ideas_child.go)
	Before   *beforeView    // the session's "before you start", when the worker filled it (before.go)
	// Background is the background block, when the worker added it
	// (background.go).
	Background *backgroundView
}

type langChoice struct {
	locale.Lang
	URL     string
	Current bool
	Flag    string // the language's flag in static/flags.svg (its view, "nl"); empty for none
	Prompt  string // "Choose your language" in this language
}

// adultNotes are a child's page's words for the adult, in Lang.
type adultNotes struct {
	Lang    locale.Lang
	Draft   string // "draft, not reviewed by a native speaker"
	NoVoice string // "this device cannot read this language aloud"
}

// adultNotes speak the session's language, or the default when the
// session's language is itself a draft.
func (h *Handler) adultNotes(sessionLang string) adultNotes {
	l, ok := h.Locales.Lang(sessionLang)
	if !ok || l.Draft() {
		l = h.Locales.Languages()[0]
	}
	t := h.Locales.For(l.Tag)
	return adultNotes{Lang: l, Draft: t.T("lang.draft"), NoVoice: t.T("lang.no_voice")}
}

// greeting is the language screen's title, in the browser's language when
// it is one of ours, else in the page's.
type greeting struct {
	Lang locale.Lang
	Text string
}

// itemView is one question on its own screen, or a note: words on a
// screen of their own.
type itemView struct {
	*survey.Item
	Number   int // 1-based, of questions; a note has the number of the question after it
	Text     string
	Section  string
	Choices  []choiceView
	DontKnow bool
	Style    string // faces, amount, words, ladder, number, yesno, choice, multi, text, note
	Note     bool
	Picture  string // the question's picture, one of survey.Pictures; empty for none
	// Pictogram is the question's easy-read pictogram, one of
	// survey.Pictograms; empty outside easy read.
	Pictogram string
	// When is set on a question asked only after a given answer: the
	// earlier question and the answers that show it, for the script, and
	// the line the form without JavaScript shows ("Only if you answered
	// Dog to question 2").
	When *whenView
}

type whenView struct {
	Item  string // the earlier question's id
	In    string // the codes that show it, space separated
	Multi bool   // the earlier question takes several answers
	Line  string // translated
}

type choiceView struct {
	Value  string
	Label  string // message id; empty for ladder steps without words
	Face   int    // 1 (very sad) .. 5 (very happy); 0 for none
	Amount int    // 0..4 filled dots for frequency scales
	Number string // for ladder steps
	Icon   string // yes or no
}

func (h *Handler) questionnaireView(c *gin.Context, sess *store.Session, s *survey.Survey, lang locale.Lang) *questionnaire {
	band, _ := s.Band(sess.AgeBand)
	q := &questionnaire{Code: sess.Code, Action: "/s/" + sess.Code, API: "/api/v1/sessions/" + sess.Code + "/submissions", Pilot: sess.IsPilot(),
		ID: newUUID(), Survey: s, Young: band.Young(), Youngest: band.Youngest(), Voice: lang.SpeechTags(),
		Greeting: greeting{Lang: lang, Text: h.Locales.For(lang.Tag).T("child.choose_language")}, Intro: s.Intro, Adult: h.adultNotes(sess.Lang)}
	if sess.EasyRead && s.OffersEasyRead() {
		q.Easy, q.Intro = true, s.EasyIntro()
	}
	for _, l := range h.Locales.Offered() {
		if !s.Speaks(l.Tag) {
			continue
		}
		lc := langChoice{Lang: l, URL: q.Action + "?lang=" + l.Tag + "#welcome", Current: l.Tag == lang.Tag,
			Prompt: h.Locales.For(l.Tag).T("child.choose_language")}
		if l.Flag != "" {
			lc.Flag = strings.TrimSuffix(l.Flag, ".svg")
		}
		q.Langs = append(q.Langs, lc)
	}
	loc := h.Localizer(c)
	scope := sess.Scope()
	numbers := map[string]int{}
	for _, sec := range s.Sections {
		for _, it := range sec.Items {
			if !s.Asks(it, scope) {
				continue
			}
			if w := it.ShowIf; w != nil && numbers[w.Item] == 0 {
				continue // it depends on a question this session does not ask
			}
			v := itemFor(it, band, q.questions()+1, sec.Title)
			if q.Easy && !v.Note {
				v.Text, v.Pictogram = s.EasyText(it.ID), it.Pictogram
			}
			if w := it.ShowIf; w != nil {
				v.When = whenFor(loc, s, w, band, numbers[w.Item])
			}
			if !v.Note {
				numbers[it.ID] = v.Number
			}
			q.Items = append(q.Items, v)
		}
	}
	for age := 4; age <= 17; age++ {
		if _, ok := s.BandOf(age); ok {
			q.Ages = append(q.Ages, age)
		}
	}
	q.Background = backgroundFor(sess, band)
	q.Steps = len(q.Items) + 2 + q.Background.screens() // the questions and notes, about you, the background block, and sending
	if sess.Ideas {
		q.Ideas = ideaQuestions(q.questions())
		q.Steps += len(q.Ideas)
	}
	results := sess.ClosesAt
	if results.Before(sess.OpenedAt.Add(24 * time.Hour)) {
		results = sess.ClosesAt.Add(time.Minute)
	}
	q.ResultsOn = results.Format("2/1/2006")
	return q
}

// questions counts the questions so far, notes left out.
func (q *questionnaire) questions() int {
	n := 0
	for _, v := range q.Items {
		if !v.Note {
			n++
		}
	}
	return n
}

// whenFor says when a question is asked: after which answers to which
// earlier question.
func whenFor(loc *locale.Localizer, s *survey.Survey, c *survey.Condition, band survey.Band, number int) *whenView {
	on, _ := s.Item(c.Item)
	w := &whenView{Item: c.Item, Multi: on.Kind == survey.KindMulti}
	var codes, words []string
	for _, code := range c.In {
		codes = append(codes, strconv.Itoa(code))
		for _, ch := range on.Choices(band) {
			if ch.Code == code {
				words = append(words, "“"+loc.T(ch.Label)+"”")
			}
		}
	}
	w.In = strings.Join(codes, " ")
	w.Line = loc.T("child.applies_if", "Answers", strings.Join(words, ", "), "Number", number)
	return w
}

func itemFor(it *survey.Item, band survey.Band, n int, section string) itemView {
	v := itemView{Item: it, Number: n, Text: it.TextFor(band), Section: section, DontKnow: it.OffersDontKnow(), Style: string(it.Kind),
		Note: it.Kind == survey.KindNote, Picture: it.Picture}
	choices := it.Choices(band)
	if sc := it.ScaleDef(); sc != nil {
		v.Style = sc.Style
	}
	for _, ch := range choices {
		cv := choiceView{Value: fmt.Sprint(ch.Code), Label: ch.Label}
		switch v.Style {
		case "faces":
			cv.Face = survey.Face(ch.Code, it.ScaleDef().Points, it.Negative)
		case "amount":
			cv.Amount = (ch.Code - 1) * 4 / max(1, it.ScaleDef().Points-1)
		case "ladder", "number":
			cv.Number = fmt.Sprint(ch.Code)
		case "yesno":
			cv.Icon = map[int]string{1: "yes", 0: "no"}[ch.Code]
		}
		v.Choices = append(v.Choices, cv)
	}
	if it.Kind == survey.KindLadder {
		// The ladder is drawn from 10 at the top down to 0.
		for i, j := 0, len(v.Choices)-1; i < j; i, j = i+1, j-1 {
			v.Choices[i], v.Choices[j] = v.Choices[j], v.Choices[i]
		}
	}
	return v
}

// newUUID makes a random (version 4) UUID for a submission.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
