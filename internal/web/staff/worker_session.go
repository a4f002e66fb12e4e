package staff

import (
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// sessionView is the session page: what the worker shows the group.
type sessionView struct {
	Prepared   *store.Preparation // the "before you start", nil until filled
	ThemeTitle string             // a one-theme session's theme
	*store.Session
	Survey    *survey.Survey
	URL       string // what children type or scan
	Host      string
	QR        template.HTML
	Count     int
	Open      bool
	Results   bool // children can see the group's results now
	ClosesOn  string
	Feedback  map[string]string
	Langs     []langFeedback
	ReopenFor string // default closing time when reopening
	Graces    []int  // the grace periods a worker can choose on closing, in minutes
	Grace     string // a grace period running now: until when, formatted
	// OtherFeedback: a message exists in a language besides the session's.
	OtherFeedback bool
	// Replies are the structured answers that go to this session.
	Replies []*store.Reply
}

type langFeedback struct {
	Tag, Name, Dir, Message string
	Draft                   bool // a child-facing draft language (locale.Registry)
}

func (h *Handler) SessionPage(c *gin.Context) {
	sess, s, ok := h.workerSession(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	count, err := h.sessionCount(ctx, sess)
	if err != nil {
		h.Fail(c, err)
		return
	}
	feedback, err := h.Store.Feedback(ctx, sess.ID)
	if err != nil {
		h.Fail(c, err)
		return
	}
	url := h.PublicURL("/s/" + sess.Code)
	qr, err := qrSVG(url, h.Localizer(c).T("session.qr_label", "Code", sess.Code))
	if err != nil {
		h.Fail(c, err)
		return
	}
	now := h.Store.Now()
	loc := h.Store.Location()
	v := &sessionView{Session: sess, Survey: s, URL: url, Host: h.PublicHost(), QR: template.HTML(qr), Count: count, Open: sess.IsOpen(now),
		Results: sess.ShowsResults(now), ClosesOn: sess.ClosesAt.In(loc).Format("2/1/2006 15:04"), Feedback: feedback,
		ReopenFor: now.In(loc).Add(2 * time.Hour).Format("2006-01-02T15:04"), Graces: graceChoices}
	if p, err := h.Store.PreparationOf(ctx, sess.ID); err == nil {
		v.Prepared = p
	}
	if th, ok := h.Catalog.Theme(sess.Theme); ok {
		v.ThemeTitle = th.Title
	}
	if v.Replies, err = h.Store.SessionReplies(ctx, sess.ID); err != nil {
		h.Fail(c, err)
		return
	}
	if !v.Open && sess.TakesAnswers(now) {
		v.Grace = sess.GraceUntil.In(loc).Format("15:04")
	}
	// The session's language first: that is the one the group reads.
	for _, l := range h.Locales.Offered() {
		lf := langFeedback{Tag: l.Tag, Name: l.Name, Dir: l.Dir, Message: feedback[l.Tag], Draft: l.Draft()}
		if l.Tag == sess.Lang {
			v.Langs = append([]langFeedback{lf}, v.Langs...)
			continue
		}
		v.Langs = append(v.Langs, lf)
		v.OtherFeedback = v.OtherFeedback || lf.Message != ""
	}
	p := h.Page(c, "session.title", v)
	p.Nav = "sessions"
	h.Render(c, http.StatusOK, "session", p)
}

// SessionCount is the live count the session page polls: a number, never
// who answered what.
func (h *Handler) SessionCount(c *gin.Context) {
	sess, _, ok := h.workerSession(c)
	if !ok {
		return
	}
	n, err := h.sessionCount(c.Request.Context(), sess)
	if err != nil {
		h.Fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"count": n, "open": sess.IsOpen(h.Store.Now())})
}

// SessionQR serves the QR code alone, to print or to put on a screen.
func (h *Handler) SessionQR(c *gin.Context) {
	sess, _, ok := h.workerSession(c)
	if !ok {
		return
	}
	svg, err := qrSVG(h.PublicURL("/s/"+sess.Code), h.Localizer(c).T("session.qr_label", "Code", sess.Code))
	if err != nil {
		h.Fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "image/svg+xml", []byte(svg))
}

// graceChoices are the grace periods offered on closing; the first is the
// default, long enough for a child on the last screen to tap Send.
var graceChoices = []int{10, 0, 30, 60}

// CloseSession stops a session taking answers, now; for the grace period
// the worker chose (minutes, 0 for none) a child still on the last screen
// can send.
func (h *Handler) CloseSession(c *gin.Context) {
	sess, _, ok := h.workerSession(c)
	if !ok {
		return
	}
	grace := time.Duration(0)
	if g := c.PostForm("grace"); g != "" {
		minutes, err := strconv.Atoi(g)
		if err != nil {
			h.Fail(c, fault.Field("grace", "error.grace_invalid", "grace is not a number of minutes"))
			return
		}
		grace = time.Duration(minutes) * time.Minute
	}
	if err := h.Store.CloseSessionWithGrace(c.Request.Context(), sess.ID, grace); err != nil {
		h.Fail(c, err)
		return
	}
	h.Audit(c, httpkit.ViewerOf(c).ID, "session_close", sess.Code, "grace "+grace.String())
	c.Redirect(http.StatusSeeOther, "/sessions/"+strconv.FormatInt(sess.ID, 10))
}

// ReopenSession opens a closed session again until the time given.
func (h *Handler) ReopenSession(c *gin.Context) {
	sess, _, ok := h.workerSession(c)
	if !ok {
		return
	}
	now := h.Store.Now()
	until, err := time.ParseInLocation("2006-01-02T15:04", c.PostForm("closes"), h.Store.Location())
	if err != nil || !until.After(now) || until.After(now.AddDate(0, 3, 0)) {
		until = now.Add(2 * time.Hour)
	}
	if err := h.Store.ReopenSession(c.Request.Context(), sess.ID, until); err != nil {
		h.Fail(c, err)
		return
	}
	h.Audit(c, httpkit.ViewerOf(c).ID, "session_reopen", sess.Code, "until "+until.UTC().Format(time.RFC3339))
	c.Redirect(http.StatusSeeOther, "/sessions/"+strconv.FormatInt(sess.ID, 10))
}

// SaveFeedback stores "what we will do with your ideas", in every language
// the worker wrote it in.
func (h *Handler) SaveFeedback(c *gin.Context) {
	sess, _, ok := h.workerSession(c)
	if !ok {
		return
	}
	// Every language is checked before any is stored: one too long
	// leaves the others as they were.
	messages := map[string]string{}
	for _, l := range h.Locales.Offered() {
		msg, sent := c.GetPostForm("feedback_" + l.Tag)
		if !sent {
			continue
		}
		msg, err := cleanFeedback(msg)
		if err != nil {
			h.Fail(c, err)
			return
		}
		messages[l.Tag] = msg
	}
	if err := h.Store.SetFeedback(c.Request.Context(), sess.ID, messages); err != nil {
		h.Fail(c, err)
		return
	}
	h.Audit(c, httpkit.ViewerOf(c).ID, "session_feedback", sess.Code, "")
	c.Redirect(http.StatusSeeOther, "/sessions/"+strconv.FormatInt(sess.ID, 10)+"#feedback")
}
