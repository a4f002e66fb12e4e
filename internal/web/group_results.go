package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// groupResults is what a group said, made to show to the group: per
// question the share of children in the upper answers ("often or always"),
// as a bar and as "7 of 10 children". Free text never appears. It rests on
// the same index and the same threshold as the analysts' pages: under k
// children nothing is shown at all.
type groupResults struct {
	Session  *store.Session
	Survey   *survey.Survey
	Count    int
	K        int
	Enough   bool
	Counting bool // the index is still being built
	// NotPublished: the worker has not published the results (yet).
	NotPublished bool
	Items        []itemResult
	Feedback     string // the adults' answer in the page's language, or another
	FbLang       string
	FbDir        string
	// Reply: the adults' structured answer, when a public one goes to the
	// session; it takes the place of Feedback. ResultsOver: the group's
	// results are no longer shown (results_until passed), the answer is.
	Reply       *replyView
	ResultsOver bool
}

type itemResult struct {
	Number  int
	Text    string // message id
	Hidden  bool
	HasTop  bool
	Percent int
	OutOf10 int
	Top     []answerResult // the answers that count as "yes, mostly"
	Answers []answerResult // for questions without an order: every option
}

type answerResult struct {
	Label   string
	Percent int
	Face    int
}

func (a *App) groupResults(c *gin.Context, sess *store.Session, s *survey.Survey, lang string) (*groupResults, error) {
	ctx := c.Request.Context()
	r := &groupResults{Session: sess, Survey: s, K: a.Config.K}
	feedback, err := a.Store.Feedback(ctx, sess.ID)
	if err != nil {
		return nil, err
	}
	r.Feedback, r.FbLang = pickFeedback(feedback, lang, sess.Lang)
	if l, ok := a.Locales.Lang(r.FbLang); ok {
		r.FbDir = l.Dir
	}
	if r.Reply, err = a.replyFor(c, sess, lang); err != nil {
		return nil, err
	}
	// Only what the worker published is shown, as it was published: a
	// live count would let anyone holding the code, or a worker who
	// reopens, read one child's answers off a difference.
	pub, err := a.Store.PublishedResults(ctx, sess.ID)
	if fault.Is(err, fault.NotFound) {
		r.NotPublished = true
		return r, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(pub.Results, &r.Items); err != nil {
		return nil, fmt.Errorf("web: published results of session %d: %w", sess.ID, err)
	}
	r.Count, r.Enough = pub.Count, true
	return r, nil
}

func itemResultFor(n int, sum indicator.ItemSummary, band survey.Band) itemResult {
	it := sum.Item
	res := itemResult{Number: n, Text: it.TextFor(band), Hidden: sum.Hidden, HasTop: sum.HasTop}
	if sum.Hidden {
		return res
	}
	points := 0
	if sc := it.ScaleDef(); sc != nil {
		points = sc.Points
	}
	for _, b := range sum.Answers {
		ar := answerResult{Label: b.Label, Percent: childPercent(b.Value, sum.N)}
		if points > 0 && it.ScaleDef().Style == "faces" {
			ar.Face = faceFor(b.Code, points, it.Negative)
		}
		res.Answers = append(res.Answers, ar)
	}
	if sum.HasTop {
		res.OutOf10 = outOf10(sum.Top.Value, sum.N)
		res.Percent = res.OutOf10 * 10
		top := topLabels(it, band, res.Answers)
		res.Top, res.Answers = top, nil
	}
	return res
}

// topLabels names the upper answers in the words the group saw.
func topLabels(it *survey.Item, band survey.Band, all []answerResult) []answerResult {
	switch it.Kind {
	case survey.KindLadder:
		return []answerResult{{Label: "results.ladder_top"}}
	case survey.KindYesNo:
		return []answerResult{{Label: "answer.yes"}}
	}
	var out []answerResult
	top := it.TopCodes()
	for _, ch := range it.Choices(band) {
		if top[ch.Code] {
			out = append(out, answerResult{Label: ch.Label, Face: faceFor(ch.Code, it.ScaleDef().Points, it.Negative)})
		}
	}
	if len(out) == 0 && len(all) > 0 {
		out = all[len(all)-1:]
	}
	return out
}

// smallGroup is the size under which a group's results never say "all"
// or "none": in a small group that would tell each child what the others
// answered.
const smallGroup = 20

// outOf10 rounds a share for children: "about 7 in 10", never 0 or 10 in
// a group under smallGroup.
func outOf10(v float64, n int) int {
	o := int(math.Round(v * 10))
	if math.IsNaN(v) {
		o = 0
	}
	if n < smallGroup {
		o = min(max(o, 1), 9)
	}
	return o
}

// childPercent is a bar's length: the share rounded to tens, the same
// way as outOf10.
func childPercent(v float64, n int) int { return outOf10(v, n) * 10 }

func percent(v float64) int {
	if math.IsNaN(v) {
		return 0
	}
	return int(math.Round(v * 100))
}

// pickFeedback chooses the adults' message in the reader's language, else
// the session's, else any.
func pickFeedback(fb map[string]string, lang, sessionLang string) (string, string) {
	for _, l := range []string{lang, sessionLang} {
		if m, ok := fb[l]; ok {
			return m, l
		}
	}
	for l, m := range fb {
		return m, l
	}
	return "", ""
}

// cleanFeedback keeps the worker's message as plain text: no control
// characters but line breaks, at most 4000 characters.
func cleanFeedback(s string) (string, error) {
	s = plainStaffText(s)
	if utf8.RuneCountInString(s) > 4000 {
		return "", fault.Field("feedback", "session.error_feedback", "feedback longer than 4000 characters")
	}
	return s, nil
}

// plainStaffText is a staff member's text made plain: valid UTF-8, line
// breaks as \n, no control characters but line breaks, trimmed. The
// feedback and the answers to children (answers_decode.go) both use it.
func plainStaffText(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || (!unicode.IsControl(r) && r != '\u2028') {
			return r
		}
		return -1
	}, strings.ReplaceAll(s, "\r\n", "\n"))
	return strings.TrimSpace(s)
}

// sessionResults is the worker's copy of the group page, to show on a
// screen or print.
func (a *App) sessionResults(c *gin.Context) {
	sess, s, ok := a.workerSession(c)
	if !ok {
		return
	}
	r, err := a.groupResults(c, sess, s, a.localizer(c).Lang().Tag)
	if err != nil {
		a.fail(c, err)
		return
	}
	p := a.page(c, "results.title", r)
	p.Nav = "sessions"
	p.BodyClass = "results"
	a.render(c, http.StatusOK, "results", p)
}

// groupResultsForChildren is what a child sees at the session's code after
// it closed: what the group said and what the adults will do about it.
func (a *App) groupResultsForChildren(c *gin.Context, sess *store.Session, s *survey.Survey) {
	r, err := a.groupResults(c, sess, s, a.localizer(c).Lang().Tag)
	if err != nil {
		a.childMessage(c, err)
		return
	}
	r.Reply.forChildren(a, c, sess)
	if !sess.ShowsResults(a.Store.Now()) {
		// Only a public answer outlives the results (issue 18).
		r.ResultsOver, r.Items, r.Count = true, nil, 0
	}
	p := a.childPage(c, "results.title", r)
	p.BodyClass = "child results"
	a.renderChild(c, http.StatusOK, "child_results", p)
}
