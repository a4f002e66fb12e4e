package child

import (
	"bytes"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/authoring"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// Submit is POST /s/{code}: the questionnaire sent without JavaScript.
// Success goes on to the thank-you page (so a reload does not post again;
// a repeated post carries the same id and is stored once anyway).
func (h *Handler) Submit(c *gin.Context) {
	sess, s := h.childSession(c)
	if sess == nil {
		return
	}
	// checkRequest has parsed the form already: too large 413, broken 400.
	lang := h.childLanguage(c, c.PostForm(langParam), s)
	in, err := survey.DecodeForm(c.Request.PostForm)
	if err == nil {
		defer in.Release()
		if in.ID == "" {
			in.ID = newUUID()
		}
		_, err = h.submit(c, in, sess, s)
	}
	if fault.Is(err, fault.Gone) {
		// Say plainly that these answers were not kept, not only that the
		// questionnaire closed.
		err = fault.New(fault.Gone, "child.not_sent_closed", err.Error())
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/s/"+sess.Code+"/thanks?lang="+lang.Tag)
}

// SubmitJSON is POST /api/v1/sessions/{code}/submissions, used by the
// offline queue: 201 when stored, 200 when this id was stored before, 4xx
// with a JSON error naming the field otherwise.
func (h *Handler) SubmitJSON(c *gin.Context) {
	sess, err := h.sessionByCode(c, true)
	if err != nil {
		h.Fail(c, err)
		return
	}
	s, err := h.sessionSurvey(c, sess)
	if err != nil {
		h.Fail(c, err)
		return
	}
	buf := bodies.Get().(*bytes.Buffer)
	defer putBody(buf)
	_, err = buf.ReadFrom(c.Request.Body)
	if err != nil {
		if httpkit.IsTooLarge(err) {
			h.Fail(c, httpkit.ErrTooLarge)
			return
		}
		h.Fail(c, fault.New(fault.Invalid, "error.body_invalid", "could not read the body"))
		return
	}
	in, err := decodeJSON(buf.Bytes())
	if err == nil {
		defer in.Release()
		httpkit.SetLang(c, in.Lang)
		var r store.Receipt
		if r, err = h.submit(c, in, sess, s); err == nil {
			status, word := http.StatusOK, "already_received"
			if r.Created {
				status, word = http.StatusCreated, "created"
			}
			// The id is a checked UUID: hex digits and dashes, nothing to escape.
			receipt := make([]byte, 0, 96)
			receipt = append(append(append(append(receipt, `{"id":"`...), in.ID...), `","status":"`...), word...)
			receipt = append(receipt, `"}`...)
			c.Writer.Header()["Content-Type"] = jsonContentType
			c.Writer.WriteHeader(status)
			_, _ = c.Writer.Write(receipt)
			return
		}
	}
	h.Fail(c, err)
}

// jsonContentType is shared by every receipt (see strictHeaders).
var jsonContentType = []string{"application/json; charset=utf-8"}[:1:1]

// bodies holds read buffers for submission bodies between requests.
var bodies = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putBody returns a body buffer; decodeJSON copies every string it keeps,
// so nothing points into it any more.
func putBody(b *bytes.Buffer) {
	if b.Cap() > 256<<10 {
		return
	}
	b.Reset()
	bodies.Put(b)
}

// submit checks a submission against the survey version, band and
// setting of its session, and stores it. Nothing is stored when any part
// is wrong.
func (h *Handler) submit(c *gin.Context, in *survey.Intake, sess *store.Session, s *survey.Survey) (store.Receipt, error) {
	ideas, err := takeIdeas(in, sess.Ideas)
	if err != nil {
		return store.Receipt{}, err
	}
	band, _ := s.Band(sess.AgeBand)
	bg, err := survey.TakeBackground(in, sess.Background && sess.Kind != store.KindIdeas, band, in.Age)
	if err != nil {
		return store.Receipt{}, err
	}
	ch, err := s.CheckChild(in, sess.AgeBand, sess.Scope(), func(lang string) bool { return h.shipped(lang) && s.Speaks(lang) })
	if err != nil {
		return store.Receipt{}, err
	}
	if sess.IsPilot() {
		// A pilot keeps no answer: one more child, and per question marked
		// "I don't understand", what the child did instead.
		created, err := h.Store.RecordPilot(c.Request.Context(), sess.ID, ch.UID, authoring.Taps(s, in.Unclear, ch.Answers))
		return store.Receipt{Created: created}, err
	}
	return h.Store.Submit(c.Request.Context(), &store.Submission{UID: ch.UID, SessionID: sess.ID, SurveyID: s.ID, SurveyVersion: s.Version,
		Lang: ch.Lang, Age: ch.Age, AgeBand: ch.AgeBand, Gender: ch.Gender, Complete: ch.Complete, Answers: ch.Answers, Ideas: ideas, Background: bg})
}

// shipped reports whether lang is a shipped language.
func (h *Handler) shipped(lang string) bool {
	_, ok := h.Locales.Lang(lang)
	return ok
}

// Thanks is where the no-JavaScript form lands after sending.
func (h *Handler) Thanks(c *gin.Context) {
	sess, s := h.childSession(c)
	if sess == nil {
		return
	}
	lang := h.childLanguage(c, sess.Lang, s)
	p := h.ChildPage(c, "child.thanks_title", h.questionnaireView(c, sess, s, lang))
	p.BodyClass = "child thanks"
	h.RenderChild(c, http.StatusOK, "child_thanks", p)
}

// Bye is where "I don't want to" leads without JavaScript: taking part
// is a right, and so is not taking part.
func (h *Handler) Bye(c *gin.Context) {
	sess, s := h.childSession(c)
	if sess == nil {
		return
	}
	lang := h.childLanguage(c, sess.Lang, s)
	p := h.ChildPage(c, "child.bye_title", h.questionnaireView(c, sess, s, lang))
	p.BodyClass = "child bye"
	h.RenderChild(c, http.StatusOK, "child_bye", p)
}

// SessionInfo is GET /api/v1/sessions/{code}: what a client needs to know
// to answer a session (its survey version, band, setting and language) and
// whether it is open. Nothing about who answered.
func (h *Handler) SessionInfo(c *gin.Context) {
	sess, err := h.sessionByCode(c, false)
	if err != nil {
		h.Fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"code": sess.Code, "survey": sess.SurveyID, "version": sess.SurveyVersion, "age_band": sess.AgeBand,
		"setting": sess.Setting, "lang": sess.Lang, "open": sess.IsOpen(h.Store.Now())})
}
