package staff

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// paddingMargin is how many questionnaires beyond the children the
// worker counted still let results be published: a child who started
// again, a count off by one.
func paddingMargin(expected int) int { return max(2, expected/10) }

// PublishResults is POST /sessions/{id}/publish: after closing, the worker
// says how many children took part and publishes the group's results,
// once. What the group then sees is this frozen copy. It is refused while
// the session is open, when there are more questionnaires than children
// (beyond paddingMargin: someone holding the code added answers), under k
// children, and, after a reopening, until at least k more children
// answered, so no difference between two publications is smaller than k.
func (h *Handler) PublishResults(c *gin.Context) {
	sess, s, ok := h.workerSession(c)
	if !ok {
		return
	}
	if sess.IsPilot() {
		h.Fail(c, errPilotNoResults)
		return
	}
	ctx := c.Request.Context()
	if sess.IsOpen(h.Store.Now()) {
		h.Fail(c, fault.New(fault.Conflict, "session.error_publish_open", "close the session first"))
		return
	}
	expected, err := strconv.Atoi(c.PostForm("expected"))
	if err != nil || expected < 1 || expected > 10000 {
		h.Fail(c, fault.Field("expected", "session.error_expected", "expected: a number of children, 1 to 10000"))
		return
	}
	count, err := h.Store.CountSubmissions(ctx, sess.ID)
	if err != nil {
		h.Fail(c, err)
		return
	}
	k := h.K()
	switch prev, err := h.Store.PublishedResults(ctx, sess.ID); {
	case count > expected+paddingMargin(expected):
		h.Fail(c, fault.Field("expected", "session.error_padding", "more questionnaires than children"))
		return
	case count < k:
		h.Fail(c, fault.New(fault.Conflict, "results.not_enough", "fewer than k children"))
		return
	case err == nil && count < prev.Count+k:
		h.Fail(c, fault.New(fault.Conflict, "session.error_republish", "fewer than k children since the last publication"))
		return
	case err != nil && !fault.Is(err, fault.NotFound):
		h.Fail(c, err)
		return
	}
	if err := h.publishGroup(ctx, h.Release(c), sess, s, expected, count); err != nil {
		h.Fail(c, err)
		return
	}
	h.Audit(c, httpkit.ViewerOf(c).ID, "session_publish", sess.Code, strconv.Itoa(count)+" of "+strconv.Itoa(expected))
	c.Redirect(http.StatusSeeOther, "/sessions/"+strconv.FormatInt(sess.ID, 10)+"/results")
}

// publishGroup computes a group's results and stores them, frozen, as
// resting on count questionnaires of expected children.
func (h *Handler) publishGroup(ctx context.Context, p release.Policy, sess *store.Session, s *survey.Survey, expected, count int) error {
	ix := h.Index()
	if ix == nil {
		return httpkit.ErrCounting
	}
	band, _ := s.Band(sess.AgeBand)
	blob, err := ix.GroupResults(s, sess.ID, band, p)
	if err != nil {
		return err
	}
	return h.Store.PublishResults(ctx, &store.Published{SessionID: sess.ID, Expected: expected, Count: count, Results: blob})
}

// PublishSeeded publishes the results of a group the demo seeded with
// every child it counted (so no padding margin applies), once the index
// is loaded: the demo's participation loop shows its ideas page only
// after publishing, like any group. Published results are left alone.
// It runs outside any request (Kit.Background).
func (h *Handler) PublishSeeded(ctx context.Context, sessionID int64) error {
	if _, err := h.Store.PublishedResults(ctx, sessionID); !fault.Is(err, fault.NotFound) {
		return err
	}
	sess, err := h.Store.SessionByID(ctx, sessionID)
	if err != nil {
		return err
	}
	s, ok := h.Catalog.Survey(sess.SurveyID)
	if !ok {
		return fault.New(fault.NotFound, "error.not_found", "the seeded group's survey is not shipped")
	}
	count, err := h.Store.CountSubmissions(ctx, sess.ID)
	if err != nil {
		return err
	}
	return h.publishGroup(ctx, h.Background(), sess, s, count, count)
}
