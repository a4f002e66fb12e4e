package staff

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// prepareForm is the "before you start" a worker fills for a session:
// what it is for, who decides, what can and cannot change, and when the
// group hears back. Children read it on the welcome screen in their
// language; the process figures count the sessions that had one.
type prepareForm struct {
	SessionID int64
	Code      string
	Deciders  []string
	Values    map[string]string
	Errors    map[string]string // field -> message id
	Saved     bool
}

var prepareFields = []string{"purpose", "decides", "decides_note", "can_change", "cannot_change", "hear_back"}

// preparationFrom reads the form's fields into a preparation; a field
// that is wrong goes into errors.
func preparationFrom(values map[string]string, errors map[string]string) *store.Preparation {
	p := &store.Preparation{Purpose: values["purpose"], Decides: values["decides"], DecidesNote: values["decides_note"],
		CanChange: values["can_change"], CannotChange: values["cannot_change"]}
	day, ok := store.ParseDay(values["hear_back"])
	if ok {
		p.HearBack = day
	}
	if err := p.Check(); err != nil {
		field, id := "form", "form.fix_errors"
		if f, isFault := fault.As(err); isFault {
			field, id = f.Field, f.Message
		}
		errors[field] = id
	}
	return p
}

func (h *Handler) renderPrepare(c *gin.Context, status int, f *prepareForm) {
	f.Deciders = store.Deciders
	p := h.Page(c, "prepare.title", f)
	p.Nav = "sessions"
	h.Render(c, status, "session_prepare", p)
}

// PreparePage is GET /sessions/{id}/prepare.
func (h *Handler) PreparePage(c *gin.Context) {
	sess, _, ok := h.workerSession(c)
	if !ok {
		return
	}
	f := &prepareForm{SessionID: sess.ID, Code: sess.Code, Values: map[string]string{}, Errors: map[string]string{}}
	if p, err := h.Store.PreparationOf(c.Request.Context(), sess.ID); err == nil {
		f.Values = map[string]string{"purpose": p.Purpose, "decides": p.Decides, "decides_note": p.DecidesNote,
			"can_change": p.CanChange, "cannot_change": p.CannotChange, "hear_back": p.HearBack.Format("2006-01-02")}
	}
	h.renderPrepare(c, http.StatusOK, f)
}

// SavePrepare is POST /sessions/{id}/prepare.
func (h *Handler) SavePrepare(c *gin.Context) {
	sess, _, ok := h.workerSession(c)
	if !ok {
		return
	}
	f := &prepareForm{SessionID: sess.ID, Code: sess.Code, Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range prepareFields {
		f.Values[k] = strings.TrimSpace(c.PostForm(k))
	}
	p := preparationFrom(f.Values, f.Errors)
	if len(f.Errors) > 0 {
		h.renderPrepare(c, http.StatusUnprocessableEntity, f)
		return
	}
	p.SessionID = sess.ID
	if err := h.Store.SavePreparation(c.Request.Context(), httpkit.ViewerOf(c).ID, p); err != nil {
		h.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/sessions/"+strconv.FormatInt(sess.ID, 10)+"#prepared")
}
