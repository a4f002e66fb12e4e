package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

// answerList is GET /answers: the answers of the worker's organisation
// (every answer for an admin), with where each is public and in which
// languages it is written.
func (a *App) answerList(c *gin.Context) {
	replies, err := a.Store.Replies(c.Request.Context(), scopeOrg(viewer(c)))
	if err != nil {
		a.fail(c, err)
		return
	}
	lang := a.localizer(c).Lang().Tag
	rows := make([]answerRow, len(replies))
	for i, r := range replies {
		rows[i] = answerRow{Reply: r, Status: a.translationStatus(r)}
		if len(r.Parts) > 0 {
			rows[i].Title = partIn(r, r.Parts[0], lang).Title
		}
	}
	p := a.page(c, "answers.title", rows)
	p.Nav = "answers"
	a.render(c, http.StatusOK, "answers", p)
}

// scopeOrg is the organisation whose records a user sees: their own, or
// every one (0) for an admin.
func scopeOrg(v *Viewer) int64 {
	if v.Is("admin") {
		return 0
	}
	return v.OrganisationID
}

type answerRow struct {
	*store.Reply
	Title  string
	Status []langStatus
}

// answerNew is GET /answers/new: an empty answer, to the session given in
// ?session= when there is one.
func (a *App) answerNew(c *gin.Context) {
	r := &store.Reply{}
	// Only a session the user may answer: another organisation's would
	// show its children's topics in the form.
	if id, err := strconv.ParseInt(c.Query("session"), 10, 64); err == nil && a.checkReplySessions(c, []int64{id}) == nil {
		r.Sessions = []int64{id}
	}
	a.renderAnswer(c, http.StatusOK, r, a.editLang(c, r), nil, nil)
}

// answerPage is GET /answers/:id?lang=: the answer's form in one language,
// its translation status, whether it is public, and how the children
// rated it.
func (a *App) answerPage(c *gin.Context) {
	r, ok := a.ownedReply(c)
	if !ok {
		return
	}
	a.renderAnswer(c, http.StatusOK, r, a.editLang(c, r), nil, nil)
}

// answerCreate is POST /answers: a new answer from the form.
func (a *App) answerCreate(c *gin.Context) {
	a.saveAnswer(c, &store.Reply{CreatedBy: viewer(c).ID})
}

// answerSave is POST /answers/:id: the form's language of an answer.
func (a *App) answerSave(c *gin.Context) {
	r, ok := a.ownedReply(c)
	if !ok {
		return
	}
	a.saveAnswer(c, r)
}

// saveAnswer decodes the form, checks the sessions are the user's, merges
// the form into the answer and stores it, all or nothing. A mistake
// shows the form again (422) with what was typed and what is wrong.
func (a *App) saveAnswer(c *gin.Context, r *store.Reply) {
	ctx := c.Request.Context()
	choices, err := a.answerChoices(c, r)
	if err != nil {
		a.fail(c, err)
		return
	}
	form, err := decodeReplyForm(c.Request.PostForm, choices)
	if err == nil {
		err = a.checkReplySessions(c, form.Sessions)
	}
	if err == nil {
		next := *r
		if err = form.apply(&next); err == nil {
			if next.ID == 0 {
				next.OrganisationID = a.replyOrganisation(c, form.Sessions)
			}
			if err = a.Store.SaveReply(ctx, &next); err == nil {
				r = &next
			}
		}
	}
	if err != nil {
		if fault.Is(err, fault.Invalid) {
			a.renderAnswer(c, http.StatusUnprocessableEntity, r, a.editLang(c, r), c.Request.PostForm, err)
			return
		}
		a.fail(c, err)
		return
	}
	a.audit(c, viewer(c).ID, "answer_save", strconv.FormatInt(r.ID, 10), "lang "+form.Lang)
	c.Redirect(http.StatusSeeOther, "/answers/"+strconv.FormatInt(r.ID, 10)+"?lang="+form.Lang)
}

// answerPublic is POST /answers/:id/public: public=1 makes the answer
// readable under its sessions' codes, public=0 withdraws it.
func (a *App) answerPublic(c *gin.Context) {
	r, ok := a.ownedReply(c)
	if !ok {
		return
	}
	public := c.PostForm("public") == "1"
	if v := c.PostForm("public"); v != "0" && v != "1" {
		a.fail(c, fault.Field("public", "answers.error_public", "public is 0 or 1"))
		return
	}
	if err := a.Store.SetReplyPublic(c.Request.Context(), r.ID, public); err != nil {
		a.fail(c, err)
		return
	}
	action := "answer_withdraw"
	if public {
		action = "answer_public"
	}
	a.audit(c, viewer(c).ID, action, strconv.FormatInt(r.ID, 10), "")
	c.Redirect(http.StatusSeeOther, "/answers/"+strconv.FormatInt(r.ID, 10))
}

// answerCloseHeard is POST /answers/:id/heard/close: the worker closes
// "do you feel heard?" for the answer. No face is offered or counted after
// it, the counts per session are shown (from k raters), and it is never
// reopened (review s21, finding 2).
func (a *App) answerCloseHeard(c *gin.Context) {
	r, ok := a.ownedReply(c)
	if !ok {
		return
	}
	if err := a.Store.CloseHeard(c.Request.Context(), r.ID); err != nil {
		a.fail(c, err)
		return
	}
	a.audit(c, viewer(c).ID, "answer_heard_close", strconv.FormatInt(r.ID, 10), "")
	c.Redirect(http.StatusSeeOther, "/answers/"+strconv.FormatInt(r.ID, 10)+"#heard")
}

// ownedReply loads the answer in the URL for a worker of its organisation
// or an admin; anything else is "not found".
func (a *App) ownedReply(c *gin.Context) (*store.Reply, bool) {
	return ownedByID(a, c, a.Store.Reply, func(r *store.Reply) int64 { return r.OrganisationID }, "no such answer here")
}

// checkReplySessions refuses a session the user may not answer: a worker
// answers their organisation's sessions, an admin any.
func (a *App) checkReplySessions(c *gin.Context, ids []int64) error {
	v := viewer(c)
	for _, id := range ids {
		sess, err := a.Store.SessionByID(c.Request.Context(), id)
		if fault.Is(err, fault.NotFound) || (err == nil && !v.Is("admin") && sess.OrganisationID != v.OrganisationID) {
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
func (a *App) replyOrganisation(c *gin.Context, sessions []int64) int64 {
	v := viewer(c)
	if !v.Is("admin") {
		return v.OrganisationID
	}
	if sess, err := a.Store.SessionByID(c.Request.Context(), sessions[0]); err == nil {
		return sess.OrganisationID
	}
	return v.OrganisationID
}

// editLang is the language the form edits: ?lang= (or the posted lang),
// else the answer's own, else the page's.
func (a *App) editLang(c *gin.Context, r *store.Reply) string {
	for _, tag := range []string{c.PostForm("lang"), c.Query("lang"), r.Lang} {
		if _, ok := a.Locales.Lang(tag); ok {
			return tag
		}
	}
	return a.localizer(c).Lang().Tag
}
