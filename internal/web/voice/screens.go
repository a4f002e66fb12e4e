package voice

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/decision"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// screen is one of the child's screens: which one, and all it shows. Every
// form on it carries the visit token and the language; nothing else of
// the visit leaves the server.
type screen struct {
	Base, Visit string
	Lang        locale.Lang
	Langs       []locale.Lang // the welcome screen's language buttons
	Name        string        // welcome, ask, review, decline, declined, status, withdraw, withdrawn, not_asked, decided, explanation
	Young       bool
	Request     decision.Request
	ReqLang     string // the language the worker wrote the request in
	ByWhen      string
	Started     bool // the draft has answers: "go on" rather than "start"
	// An ask screen.
	Topic       string
	Step, Steps int
	Answer      decision.Answer
	People      []personChoice
	// The review.
	Review []reviewRow
	// After.
	SentOn          string
	Explanation     *decision.Explanation
	ExplanationLang string // the language's name, when not the page's
	Heard           string
	Faces           []string
	Retention       int
	Notice, Error   string // message ids
	Help            *httpkit.Help
	Complaints      *httpkit.Help
}

type personChoice struct {
	ID      string
	Checked bool
}

type reviewRow struct {
	Topic   string
	Answer  decision.Answer
	People  []string
	Meeting bool
}

// screenView builds a screen of a visit.
func (h *Handler) screenView(c *gin.Context, v *decision.Visit, lang locale.Lang, name string) *screen {
	s := &screen{Base: base(c), Visit: v.Token, Lang: lang, Name: name, Young: v.Request.Young(), Request: v.Request, ReqLang: v.Req.Lang,
		ByWhen: dateOf(v.Request.ByWhen), Retention: v.Retention, Heard: v.Req.Heard, Faces: decision.HeardAnswers,
		Help: h.HelpFor(lang.Tag), Steps: len(decision.Topics), SentOn: dateOf(v.Req.SentOn)}
	for _, a := range v.Say.Answers {
		if a.Choice != "" {
			s.Started = true
		}
	}
	switch name {
	case "welcome":
		s.Langs = h.Locales.Offered()
	case "review":
		for _, t := range decision.Topics {
			a := v.Say.Answer(t)
			row := reviewRow{Topic: t, Answer: a, Meeting: a.Share == decision.ShareMeeting}
			if t == "people" {
				row.People = v.Say.People
			}
			s.Review = append(s.Review, row)
		}
	case "explanation":
		s.Explanation = v.Explanation
		s.Complaints = h.ComplaintsFor(lang.Tag)
		if v.Explanation != nil && v.Explanation.Lang != lang.Tag {
			if l, ok := h.Locales.Lang(v.Explanation.Lang); ok {
				s.ExplanationLang = l.Name
			}
		}
	}
	return s
}

// ask readies an ask screen for a topic.
func (s *screen) ask(v *decision.Visit, topic string) {
	s.Name, s.Topic = "ask", topic
	s.Step = slices.Index(decision.Topics, topic) + 1
	s.Answer = v.Say.Answer(topic)
	if topic == "people" {
		for _, p := range decision.People {
			s.People = append(s.People, personChoice{ID: p, Checked: slices.Contains(v.Say.People, p)})
		}
	}
}

func (h *Handler) render(c *gin.Context, status int, s *screen) {
	p := h.ChildPage(c, "voice.title", s)
	p.BodyClass = "child voice " + s.Name
	h.RenderChild(c, status, "voice", p)
}

// arrive shows the screen a visit starts on: where the child is.
func (h *Handler) arrive(c *gin.Context, v *decision.Visit, lang locale.Lang) {
	h.show(c, v, lang, stageScreen[v.Stage()], "")
}

// stageScreen is the screen each stage starts on.
var stageScreen = map[string]string{
	decision.StageAsk:       "welcome",
	decision.StageDeclined:  "declined",
	decision.StageSent:      "status",
	decision.StageWithdrawn: "withdrawn",
	decision.StageNotAsked:  "not_asked",
	decision.StageDecided:   "decided",
	decision.StageExplained: "explanation",
}

// allowed are the screens a child may ask for in each stage; anything
// else shows the stage's own screen.
var allowed = map[string][]string{
	decision.StageAsk:       {"welcome", "start", "review", "decline"},
	decision.StageSent:      {"status", "withdraw"},
	decision.StageDeclined:  {"declined"},
	decision.StageWithdrawn: {"withdrawn"},
	decision.StageExplained: {"explanation"},
}

// show renders a screen by name ("ask_<topic>" for a topic, "start" for
// the first topic not yet answered).
func (h *Handler) show(c *gin.Context, v *decision.Visit, lang locale.Lang, name, notice string) {
	stage := v.Stage()
	topic, isTopic := strings.CutPrefix(name, "ask_")
	if isTopic && (stage != decision.StageAsk || !slices.Contains(decision.Topics, topic)) {
		isTopic, name = false, stageScreen[stage]
	}
	if !isTopic && !slices.Contains(allowed[stage], name) {
		name = stageScreen[stage]
	}
	if name == "start" {
		name = "review"
		for _, t := range decision.Topics {
			if v.Say.Answer(t).Choice == "" {
				name, topic, isTopic = "ask_"+t, t, true
				break
			}
		}
	}
	if name == "explanation" {
		if err := h.Decisions.ReadExplanation(c.Request.Context(), v); err != nil {
			h.Fail(c, err)
			return
		}
	}
	s := h.screenView(c, v, lang, name)
	if isTopic {
		s.ask(v, topic)
	}
	s.Notice = notice
	h.render(c, http.StatusOK, s)
}

// resume goes on with the visit the form carries. A visit that is over
// (sent, stopped, half an hour idle, a new code) shows the code box again
// with a word why. On failure it has answered.
func (h *Handler) resume(c *gin.Context) (*decision.Visit, locale.Lang, bool) {
	r, ok := h.knock(c)
	if !ok {
		return nil, locale.Lang{}, false
	}
	lang := h.language(c, r.Lang)
	v, err := h.Decisions.Resume(c.Request.Context(), c.Param("link"), c.PostForm("visit"))
	if fault.Is(err, fault.Unauthorized) {
		page := h.codeView(c, lang)
		page.Error = "voice.error_visit"
		h.renderCode(c, http.StatusUnauthorized, page)
		return nil, lang, false
	}
	if err != nil {
		h.Fail(c, err)
		return nil, lang, false
	}
	return v, lang, true
}

// Screen is POST /v/{link}/screen: an answer on a topic, kept in the
// child's draft, then the next screen (back or on); or a move to another
// screen (go).
func (h *Handler) Screen(c *gin.Context) {
	v, lang, ok := h.resume(c)
	if !ok {
		return
	}
	if c.PostForm("topic") == "" {
		h.show(c, v, lang, c.PostForm("go"), "")
		return
	}
	st, err := decision.DecodeStep(c.Request.PostForm)
	if err == nil {
		err = h.Decisions.SaveAnswer(c.Request.Context(), v, st.Topic, st.Answer, st.People)
	}
	if fe, ok := fault.As(err); ok && fe.Kind == fault.Invalid && fe.Field == "text" {
		// Too long: the screen again with what was typed and a kind word.
		// Any other invalid field (a topic, a button or a person the
		// screens do not have) is a form that was tampered with.
		s := h.screenView(c, v, lang, "ask")
		s.ask(v, st.Topic)
		s.Answer.Text, s.Error = c.PostForm("text"), "voice.error_too_long"
		h.render(c, http.StatusUnprocessableEntity, s)
		return
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	i := slices.Index(decision.Topics, st.Topic)
	next := "review"
	switch {
	case st.Act == decision.ActBack && i == 0:
		next = "welcome"
	case st.Act == decision.ActBack:
		next = "ask_" + decision.Topics[i-1]
	case i+1 < len(decision.Topics):
		next = "ask_" + decision.Topics[i+1]
	}
	h.show(c, v, lang, next, "")
}
