package respond

import (
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
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

// Invitation is GET /i/{token}: an empty form, or why there is none.
func (h *Handler) Invitation(c *gin.Context) {
	r, used, err := h.Store.Invitation(c.Request.Context(), c.Param("token"))
	if err == nil && used {
		err = fault.New(fault.Conflict, "error.invitation_used", "this link already has its response")
	}
	s, err := h.openRoundSurvey(r, err)
	if err != nil {
		h.Fail(c, err)
		return
	}
	h.renderResponse(c, http.StatusOK, h.responseView(c, r, s, "/i/"+c.Param("token"), nil))
}

// Start is POST /i/{token}: the first save, then on to the
// personal link.
func (h *Handler) Start(c *gin.Context) {
	r, _, err := h.Store.Invitation(c.Request.Context(), c.Param("token"))
	s, err := h.openRoundSurvey(r, err)
	if err != nil {
		h.Fail(c, err)
		return
	}
	lang, answers, err := h.decodeResponseForm(c, s)
	if err != nil {
		h.responseError(c, r, s, "/i/"+c.Param("token"), err)
		return
	}
	secret, err := h.Store.StartResponse(c.Request.Context(), c.Param("token"), lang, answers)
	if err != nil {
		h.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/r/"+secret+"?saved=1&lang="+lang)
}

// Response is GET /r/{secret}: the response as saved, to change.
func (h *Handler) Response(c *gin.Context) {
	r, _, answers, err := h.Store.Response(c.Request.Context(), c.Param("secret"))
	s, err := h.openRoundSurvey(r, err)
	if err != nil {
		h.Fail(c, err)
		return
	}
	v := h.responseView(c, r, s, "/r/"+c.Param("secret"), answers)
	v.Saved = c.Query("saved") == "1"
	h.renderResponse(c, http.StatusOK, v)
}

// Save is POST /r/{secret}: the changed answers replace the old.
func (h *Handler) Save(c *gin.Context) {
	r, _, _, err := h.Store.Response(c.Request.Context(), c.Param("secret"))
	s, err := h.openRoundSurvey(r, err)
	if err != nil {
		h.Fail(c, err)
		return
	}
	lang, answers, err := h.decodeResponseForm(c, s)
	if err != nil {
		h.responseError(c, r, s, "/r/"+c.Param("secret"), err)
		return
	}
	if err := h.Store.SaveResponse(c.Request.Context(), c.Param("secret"), lang, answers); err != nil {
		h.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/r/"+c.Param("secret")+"?saved=1&lang="+lang)
}

// openRoundSurvey checks that a round takes responses and returns the
// survey version it runs.
func (h *Handler) openRoundSurvey(r *store.Round, err error) (*survey.Survey, error) {
	if err != nil {
		return nil, err
	}
	if !r.IsOpen(h.Store.Now()) {
		return nil, fault.New(fault.Gone, "error.round_closed", "the round is closed")
	}
	s, ok := h.Catalog.Survey(r.SurveyID)
	if !ok || s.Version != r.SurveyVersion || !s.ForProfessionals() {
		return nil, fault.New(fault.Gone, "error.round_closed", "survey version no longer shipped")
	}
	return s, nil
}

// decodeResponseForm reads a professional's form and checks it against
// the survey: every item and matrix cell gets an answer, and anything the
// survey does not ask is an error naming the field.
func (h *Handler) decodeResponseForm(c *gin.Context, s *survey.Survey) (string, []store.Answer, error) {
	if err := c.Request.ParseForm(); err != nil {
		if httpkit.IsTooLarge(err) {
			return "", nil, fault.New(fault.TooLarge, "error.too_large", "form too large")
		}
		return "", nil, survey.Invalid("form", "error.body_invalid", "unreadable form")
	}
	// Errors about this form are said in the language it was filled in.
	if lang, ok := h.Locales.Lang(c.Request.PostForm.Get("lang")); ok {
		httpkit.SetLang(c, lang.Tag)
	}
	in, err := survey.DecodeForm(c.Request.PostForm)
	if err != nil {
		return "", nil, err
	}
	defer in.Release()
	answers, err := s.CheckProfessional(in, func(lang string) bool { _, ok := h.Locales.Lang(lang); return ok })
	if err != nil {
		return "", nil, err
	}
	return in.Lang, answers, nil
}

// responseError shows the form again with what was sent and the field at
// fault; nothing was stored.
func (h *Handler) responseError(c *gin.Context, r *store.Round, s *survey.Survey, action string, err error) {
	code, msg, field := h.Problem(c, err)
	v := h.responseView(c, r, s, action, nil)
	v.Error, v.ErrorField = msg, strings.TrimPrefix(field, "answers.")
	v.fill(c.Request.PostForm)
	h.renderResponse(c, code, v)
}

func (h *Handler) renderResponse(c *gin.Context, status int, v *responseView) {
	p := h.Page(c, v.Survey.Title, v)
	p.User, p.CSRF, p.NoIndex = nil, "", true
	p.BodyClass = "professional"
	h.Render(c, status, "professional", p)
}
