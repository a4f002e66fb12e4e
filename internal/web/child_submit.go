package web

import (
	"bytes"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

var errTooLarge = fault.New(fault.TooLarge, "error.too_large", "request body too large")

// submitForm is POST /s/{code}: the questionnaire sent without JavaScript.
// Success goes on to the thank-you page (so a reload does not post again;
// a repeated post carries the same id and is stored once anyway).
func (a *App) submitForm(c *gin.Context) {
	sess, s := a.childSession(c)
	if sess == nil {
		return
	}
	// checkRequest has parsed the form already: too large 413, broken 400.
	lang := a.childLanguage(c, c.PostForm(langParam))
	in, err := decodeForm(c.Request.PostForm)
	if err == nil {
		defer in.release()
		if in.ID == "" {
			in.ID = newUUID()
		}
		_, err = a.submit(c, in, sess, s)
	}
	if fault.Is(err, fault.Gone) {
		// Say plainly that these answers were not kept, not only that the
		// questionnaire closed.
		err = fault.New(fault.Gone, "child.not_sent_closed", err.Error())
	}
	if err != nil {
		a.childMessage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/s/"+sess.Code+"/thanks?lang="+lang.Tag)
}

// submitJSON is POST /api/v1/sessions/{code}/submissions, used by the
// offline queue: 201 when stored, 200 when this id was stored before, 4xx
// with a JSON error naming the field otherwise.
func (a *App) submitJSON(c *gin.Context) {
	sess, err := a.sessionByCode(c, true)
	if err != nil {
		a.failJSON(c, err)
		return
	}
	s, err := a.sessionSurvey(sess)
	if err != nil {
		a.failJSON(c, err)
		return
	}
	buf := bodies.Get().(*bytes.Buffer)
	defer putBody(buf)
	_, err = buf.ReadFrom(c.Request.Body)
	if err != nil {
		if isTooLarge(err) {
			a.failJSON(c, errTooLarge)
			return
		}
		a.failJSON(c, fault.New(fault.Invalid, "error.body_invalid", "could not read the body"))
		return
	}
	in, err := decodeJSON(buf.Bytes())
	if err == nil {
		defer in.release()
		withLang(c, in.Lang)
		var r store.Receipt
		if r, err = a.submit(c, in, sess, s); err == nil {
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
	a.failJSON(c, err)
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

// submit checks and stores a submission.
func (a *App) submit(c *gin.Context, in *intake, sess *store.Session, s *survey.Survey) (store.Receipt, error) {
	ideas, err := takeIdeas(in, sess.Ideas)
	if err != nil {
		return store.Receipt{}, err
	}
	sub, err := a.checked(in, sess, s)
	if err != nil {
		return store.Receipt{}, err
	}
	sub.Ideas = ideas
	return a.Store.Submit(c.Request.Context(), sub)
}

// thanksPage is where the no-JavaScript form lands after sending.
func (a *App) thanksPage(c *gin.Context) {
	sess, s := a.childSession(c)
	if sess == nil {
		return
	}
	lang := a.childLanguage(c, sess.Lang)
	p := a.childPage(c, "child.thanks_title", a.questionnaireView(sess, s, lang))
	p.BodyClass = "child thanks"
	a.renderChild(c, http.StatusOK, "child_thanks", p)
}

// byePage is where "I don't want to" leads without JavaScript: taking part
// is a right, and so is not taking part.
func (a *App) byePage(c *gin.Context) {
	sess, s := a.childSession(c)
	if sess == nil {
		return
	}
	lang := a.childLanguage(c, sess.Lang)
	p := a.childPage(c, "child.bye_title", a.questionnaireView(sess, s, lang))
	p.BodyClass = "child bye"
	a.renderChild(c, http.StatusOK, "child_bye", p)
}

// sessionInfo is GET /api/v1/sessions/{code}: what a client needs to know
// to answer a session (its survey version, band, setting and language) and
// whether it is open. Nothing about who answered.
func (a *App) sessionInfo(c *gin.Context) {
	sess, err := a.sessionByCode(c, false)
	if err != nil {
		a.failJSON(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"code": sess.Code, "survey": sess.SurveyID, "version": sess.SurveyVersion, "age_band": sess.AgeBand,
		"setting": sess.Setting, "lang": sess.Lang, "open": sess.IsOpen(a.Store.Now())})
}
