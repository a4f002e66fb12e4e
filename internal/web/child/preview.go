package child

import (
	"bytes"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/authoring"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// previewSession finds the draft revision a preview link names and makes
// the session a child would be in: the band, setting and language the
// link asks for (?band=, ?setting=, ?lang=; ?pilot=1 as in a pilot),
// never stored. On failure it has answered and returns nil.
func (h *Handler) previewSession(c *gin.Context) (*store.Session, *survey.Survey, url.Values) {
	token := c.Param("token")
	draftID, rev, err := h.ParsePreview(token)
	var s *survey.Survey
	if err == nil {
		var w *authoring.Written
		w, err = h.draft(c, draftID, rev)
		if err == nil {
			s = w.Survey
			httpkit.SetOverlay(c, w.Overlay)
		}
	}
	if err != nil {
		h.childLanguage(c, "", nil)
		h.Fail(c, err)
		return nil, nil, nil
	}
	q := url.Values{}
	band := s.AgeBands[0]
	if b, ok := s.Band(c.Query("band")); ok {
		band = b
	}
	q.Set("band", band.String())
	setting := "school"
	if h.Catalog.HasSetting(c.Query("setting")) {
		setting = c.Query("setting")
	}
	q.Set("setting", setting)
	if c.Query("pilot") == "1" {
		q.Set("pilot", "1")
	}
	now := h.Store.Now()
	sess := &store.Session{Code: "preview", SurveyID: s.ID, SurveyVersion: s.Version, AgeBand: band.String(), Lang: s.Source, Setting: setting,
		OpenedAt: now, ClosesAt: now.Add(time.Hour)}
	httpkit.AllowFraming(c)
	return sess, s, q
}

// previewView is the questionnaire of a preview: it posts back to the
// preview, whose answers are checked and then forgotten.
func (h *Handler) previewView(c *gin.Context, sess *store.Session, s *survey.Survey, q url.Values) *questionnaire {
	lang := h.childLanguage(c, sess.Lang, s)
	v := h.questionnaireView(c, sess, s, lang)
	base := "/preview/" + c.Param("token")
	v.Action, v.API, v.Preview, v.Pilot = base+"?"+q.Encode(), base+"/check", true, q.Get("pilot") == "1"
	for i := range v.Langs {
		lq := url.Values{}
		for k, vs := range q {
			lq[k] = vs
		}
		lq.Set(langParam, v.Langs[i].Tag)
		v.Langs[i].URL = base + "?" + lq.Encode() + "#welcome"
	}
	return v
}

// Preview is GET /preview/{token}: a draft questionnaire exactly as a
// child will see it, for its author and reviewers, in a frame of their
// preview page or on a tablet of their own.
func (h *Handler) Preview(c *gin.Context) {
	sess, s, q := h.previewSession(c)
	if sess == nil {
		return
	}
	v := h.previewView(c, sess, s, q)
	p := h.ChildPage(c, s.Title, v)
	p.BodyClass = "child questionnaire"
	h.RenderChild(c, http.StatusOK, "questionnaire", p)
}

// PreviewSubmit is POST /preview/{token}: the form without JavaScript,
// checked as a child's submission would be, then forgotten; the page
// says that nothing was stored.
func (h *Handler) PreviewSubmit(c *gin.Context) {
	sess, s, q := h.previewSession(c)
	if sess == nil {
		return
	}
	h.childLanguage(c, c.PostForm(langParam), s)
	in, err := survey.DecodeForm(c.Request.PostForm)
	if err == nil {
		defer in.Release()
		if in.ID == "" {
			in.ID = newUUID()
		}
		_, err = s.CheckChild(in, sess.AgeBand, sess.Scope(), func(lang string) bool { return h.shipped(lang) && s.Speaks(lang) })
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	p := h.ChildPage(c, "child.preview_done_title", h.previewView(c, sess, s, q))
	p.BodyClass = "child thanks"
	h.RenderChild(c, http.StatusOK, "child_preview_done", p)
}

// PreviewCheck is POST /preview/{token}/check: the script's JSON, checked
// and forgotten; 201 as if it arrived, so the preview shows what a child
// sees after sending.
func (h *Handler) PreviewCheck(c *gin.Context) {
	sess, s, _ := h.previewSession(c)
	if sess == nil {
		return
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(c.Request.Body); err != nil {
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
		_, err = s.CheckChild(in, sess.AgeBand, sess.Scope(), func(lang string) bool { return h.shipped(lang) && s.Speaks(lang) })
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"id": in.ID, "status": "preview"})
}

// draft reads the revision a preview shows; one that cannot be read any
// more (the rules changed since) is logged and said to be gone.
func (h *Handler) draft(c *gin.Context, draftID int64, rev int) (*authoring.Written, error) {
	w, err := h.Authoring.DraftSurvey(c.Request.Context(), draftID, rev)
	if err != nil && !fault.Is(err, fault.NotFound) {
		h.Log.Error("preview", "draft", draftID, "revision", rev, "err", err)
		return nil, fault.New(fault.NotFound, "error.not_found", "no such preview")
	}
	return w, err
}
