package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// A professional answers by invitation: /i/{token} is the link an analyst
// sent (one response per link), /r/{secret} the personal link made when the
// response is first saved, the only way back to it. Neither sets a cookie.

// invitationPage is GET /i/{token}: an empty form, or why there is none.
func (a *App) invitationPage(c *gin.Context) {
	r, used, err := a.Store.Invitation(c.Request.Context(), c.Param("token"))
	if err == nil && used {
		err = fault.New(fault.Conflict, "error.invitation_used", "this link already has its response")
	}
	s, err := a.openRoundSurvey(r, err)
	if err != nil {
		a.professionalMessage(c, err)
		return
	}
	a.renderResponse(c, http.StatusOK, a.responseView(c, r, s, "/i/"+c.Param("token"), nil))
}

// startResponse is POST /i/{token}: the first save, then on to the
// personal link.
func (a *App) startResponse(c *gin.Context) {
	r, _, err := a.Store.Invitation(c.Request.Context(), c.Param("token"))
	s, err := a.openRoundSurvey(r, err)
	if err != nil {
		a.professionalMessage(c, err)
		return
	}
	lang, answers, err := a.decodeResponseForm(c, s)
	if err != nil {
		a.responseError(c, r, s, "/i/"+c.Param("token"), err)
		return
	}
	secret, err := a.Store.StartResponse(c.Request.Context(), c.Param("token"), lang, answers)
	if err != nil {
		a.professionalMessage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/r/"+secret+"?saved=1&lang="+lang)
}

// responsePage is GET /r/{secret}: the response as saved, to change.
func (a *App) responsePage(c *gin.Context) {
	r, _, answers, err := a.Store.Response(c.Request.Context(), c.Param("secret"))
	s, err := a.openRoundSurvey(r, err)
	if err != nil {
		a.professionalMessage(c, err)
		return
	}
	v := a.responseView(c, r, s, "/r/"+c.Param("secret"), answers)
	v.Saved = c.Query("saved") == "1"
	a.renderResponse(c, http.StatusOK, v)
}

// saveResponse is POST /r/{secret}: the changed answers replace the old.
func (a *App) saveResponse(c *gin.Context) {
	r, _, _, err := a.Store.Response(c.Request.Context(), c.Param("secret"))
	s, err := a.openRoundSurvey(r, err)
	if err != nil {
		a.professionalMessage(c, err)
		return
	}
	lang, answers, err := a.decodeResponseForm(c, s)
	if err != nil {
		a.responseError(c, r, s, "/r/"+c.Param("secret"), err)
		return
	}
	if err := a.Store.SaveResponse(c.Request.Context(), c.Param("secret"), lang, answers); err != nil {
		a.professionalMessage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/r/"+c.Param("secret")+"?saved=1&lang="+lang)
}

// openRoundSurvey checks that a round takes responses and returns the
// survey version it runs.
func (a *App) openRoundSurvey(r *store.Round, err error) (*survey.Survey, error) {
	if err != nil {
		return nil, err
	}
	if !r.IsOpen(a.Store.Now()) {
		return nil, fault.New(fault.Gone, "error.round_closed", "the round is closed")
	}
	s, ok := a.Catalog.Survey(r.SurveyID)
	if !ok || s.Version != r.SurveyVersion || !s.ForProfessionals() {
		return nil, fault.New(fault.Gone, "error.round_closed", "survey version no longer shipped")
	}
	return s, nil
}

func (a *App) decodeResponseForm(c *gin.Context, s *survey.Survey) (string, []store.Answer, error) {
	if err := c.Request.ParseForm(); err != nil {
		if isTooLarge(err) {
			return "", nil, fault.New(fault.TooLarge, "error.too_large", "form too large")
		}
		return "", nil, invalid("form", "error.body_invalid", "unreadable form")
	}
	// Errors about this form are said in the language it was filled in.
	if lang, ok := a.Locales.Lang(c.Request.PostForm.Get("lang")); ok {
		withLang(c, lang.Tag)
	}
	return a.decodeResponse(c.Request.PostForm, s)
}

// responseError shows the form again with what was sent and the field at
// fault; nothing was stored.
func (a *App) responseError(c *gin.Context, r *store.Round, s *survey.Survey, action string, err error) {
	code, msg, field := a.problem(c, err)
	v := a.responseView(c, r, s, action, nil)
	v.Error, v.ErrorField = msg, strings.TrimPrefix(field, "answers.")
	v.fill(c.Request.PostForm)
	a.renderResponse(c, code, v)
}

func (a *App) renderResponse(c *gin.Context, status int, v *responseView) {
	p := a.page(c, v.Survey.Title, v)
	p.User, p.CSRF, p.NoIndex = nil, "", true
	p.BodyClass = "professional"
	a.render(c, status, "professional", p)
}

// professionalMessage answers with a plain page saying why there is no
// form: an unknown or used link, a closed round.
func (a *App) professionalMessage(c *gin.Context, err error) {
	code, msg, _ := a.problem(c, err)
	p := a.page(c, "pro.message_title", map[string]any{"Message": msg})
	p.User, p.CSRF, p.NoIndex = nil, "", true
	a.render(c, code, "professional_message", p)
	c.Abort()
}

// closingDay is the last day a round takes answers, in the server's zone.
func (a *App) closingDay(r *store.Round) string {
	return r.ClosesAt.Add(-1).In(a.Store.Location()).Format("2006-01-02")
}

func (a *App) personalLink(c *gin.Context, path string) string {
	scheme, host := publicBase(c)
	return fmt.Sprintf("%s://%s%s", scheme, host, path)
}
