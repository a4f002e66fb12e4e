package staff

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// AnswerList is GET /answers: the answers of the worker's organisation
// (every answer for an admin), with where each is public and in which
// languages it is written.
func (h *Handler) AnswerList(c *gin.Context) {
	replies, err := h.Store.Replies(c.Request.Context(), httpkit.Org(httpkit.ViewerOf(c)))
	if err != nil {
		h.Fail(c, err)
		return
	}
	lang := h.Localizer(c).Lang().Tag
	rows := make([]answerRow, len(replies))
	for i, r := range replies {
		rows[i] = answerRow{Reply: r, Status: h.translationStatus(r)}
		if len(r.Parts) > 0 {
			t, _ := r.TextOf(r.Parts[0], lang)
			rows[i].Title = t.Title
		}
	}
	p := h.Page(c, "answers.title", rows)
	p.Nav = "answers"
	h.Render(c, http.StatusOK, "answers", p)
}

type answerRow struct {
	*store.Reply
	Title  string
	Status []langStatus
}

// AnswerNew is GET /answers/new: an empty answer, to the session given in
// ?session= when there is one.
func (h *Handler) AnswerNew(c *gin.Context) {
	r := &store.Reply{}
	// Only a session the user may answer: another organisation's would
	// show its children's topics in the form.
	if id, err := strconv.ParseInt(c.Query("session"), 10, 64); err == nil && h.checkReplySessions(c, []int64{id}) == nil {
		r.Sessions = []int64{id}
	}
	h.renderAnswer(c, http.StatusOK, r, h.editLang(c, r), nil, nil)
}

// AnswerPage is GET /answers/:id?lang=: the answer's form in one language,
// its translation status, whether it is public, and how the children
// rated it.
func (h *Handler) AnswerPage(c *gin.Context) {
	r, ok := h.ownedReply(c)
	if !ok {
		return
	}
	h.renderAnswer(c, http.StatusOK, r, h.editLang(c, r), nil, nil)
}

// AnswerCreate is POST /answers: a new answer from the form.
func (h *Handler) AnswerCreate(c *gin.Context) {
	h.saveAnswer(c, &store.Reply{CreatedBy: httpkit.ViewerOf(c).ID})
}

// AnswerSave is POST /answers/:id: the form's language of an answer.
func (h *Handler) AnswerSave(c *gin.Context) {
	r, ok := h.ownedReply(c)
	if !ok {
		return
	}
	h.saveAnswer(c, r)
}

// saveAnswer decodes the form, checks the sessions are the user's, merges
// the form into the answer and stores it, all or nothing. A mistake
// shows the form again (422) with what was typed and what is wrong.
func (h *Handler) saveAnswer(c *gin.Context, r *store.Reply) {
	ctx := c.Request.Context()
	choices, err := h.answerChoices(c, r)
	if err != nil {
		h.Fail(c, err)
		return
	}
	form, err := decodeReplyForm(c.Request.PostForm, choices)
	if err == nil {
		err = h.checkReplySessions(c, form.Sessions)
	}
	if err == nil {
		next := *r
		if err = form.apply(&next); err == nil {
			if next.ID == 0 {
				next.OrganisationID = h.replyOrganisation(c, form.Sessions)
			}
			if err = h.Store.SaveReply(ctx, &next); err == nil {
				r = &next
			}
		}
	}
	if err != nil {
		if fault.Is(err, fault.Invalid) {
			h.renderAnswer(c, http.StatusUnprocessableEntity, r, h.editLang(c, r), c.Request.PostForm, err)
			return
		}
		h.Fail(c, err)
		return
	}
	h.Audit(c, httpkit.ViewerOf(c).ID, "answer_save", strconv.FormatInt(r.ID, 10), "lang "+form.Lang)
	c.Redirect(http.StatusSeeOther, "/answers/"+strconv.FormatInt(r.ID, 10)+"?lang="+form.Lang)
}

// AnswerPublic is POST /answers/:id/public: public=1 makes the answer
// readable under its sessions' codes, public=0 withdraws it.
func (h *Handler) AnswerPublic(c *gin.Context) {
	r, ok := h.ownedReply(c)
	if !ok {
		return
	}
	public := c.PostForm("public") == "1"
	if v := c.PostForm("public"); v != "0" && v != "1" {
		h.Fail(c, fault.Field("public", "answers.error_public", "public is 0 or 1"))
		return
	}
	if err := h.Store.SetReplyPublic(c.Request.Context(), r.ID, public); err != nil {
		h.Fail(c, err)
		return
	}
	action := "answer_withdraw"
	if public {
		action = "answer_public"
	}
	h.Audit(c, httpkit.ViewerOf(c).ID, action, strconv.FormatInt(r.ID, 10), "")
	c.Redirect(http.StatusSeeOther, "/answers/"+strconv.FormatInt(r.ID, 10))
}

// AnswerCloseHeard is POST /answers/:id/heard/close: the worker closes
// "do you feel heard?" for the answer. No face is offered or counted after
// it, the counts per session are shown (from k raters), and it is never
// reopened: counts that could still move would give a late tap away.
func (h *Handler) AnswerCloseHeard(c *gin.Context) {
	r, ok := h.ownedReply(c)
	if !ok {
		return
	}
	if err := h.Store.CloseHeard(c.Request.Context(), r.ID); err != nil {
		h.Fail(c, err)
		return
	}
	h.Audit(c, httpkit.ViewerOf(c).ID, "answer_heard_close", strconv.FormatInt(r.ID, 10), "")
	c.Redirect(http.StatusSeeOther, "/answers/"+strconv.FormatInt(r.ID, 10)+"#heard")
}

// ownedReply loads the answer in the URL for a worker of its organisation
// or an admin; anything else is "not found".
func (h *Handler) ownedReply(c *gin.Context) (*store.Reply, bool) {
	return httpkit.OwnedByID(h.Kit, c, h.Store.Reply, func(r *store.Reply) int64 { return r.OrganisationID }, "no such answer here")
}

// checkReplySessions refuses a session the user may not answer: a worker
// answers their organisation's sessions, an admin any.
func (h *Handler) checkReplySessions(c *gin.Context, ids []int64) error {
	v := httpkit.ViewerOf(c)
	for _, id := range ids {
		sess, err := h.Store.SessionByID(c.Request.Context(), id)
		if fault.Is(err, fault.NotFound) || (err == nil && httpkit.Org(v) != 0 && sess.OrganisationID != httpkit.Org(v)) {
			return fault.Field("sessions", "answers.error_sessions", "not a session of this organisation")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// replyOrganisation is the organisation a new answer belongs to: the
// worker's, or for an admin that of the first session it goes to.
func (h *Handler) replyOrganisation(c *gin.Context, sessions []int64) int64 {
	v := httpkit.ViewerOf(c)
	if httpkit.Org(v) != 0 {
		return v.OrganisationID
	}
	if sess, err := h.Store.SessionByID(c.Request.Context(), sessions[0]); err == nil {
		return sess.OrganisationID
	}
	return v.OrganisationID
}

// editLang is the language the form edits: ?lang= (or the posted lang),
// else the answer's own, else the page's.
func (h *Handler) editLang(c *gin.Context, r *store.Reply) string {
	for _, tag := range []string{c.PostForm("lang"), c.Query("lang"), r.Lang} {
		if _, ok := h.Locales.Lang(tag); ok {
			return tag
		}
	}
	return h.Localizer(c).Lang().Tag
}
