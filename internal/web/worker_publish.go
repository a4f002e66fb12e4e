package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// paddingMargin is how many questionnaires beyond the children the
// worker counted still let results be published: a child who started
// again, a count off by one.
func paddingMargin(expected int) int { return max(2, expected/10) }

// publishResults is POST /sessions/{id}/publish: after closing, the worker
// says how many children took part and publishes the group's results,
// once. What the group then sees is this frozen copy. It is refused while
// the session is open, when there are more questionnaires than children
// (beyond paddingMargin: someone holding the code added answers), under k
// children, and, after a reopening, until at least k more children
// answered, so no difference between two publications is smaller than k.
func (a *App) publishResults(c *gin.Context) {
	sess, s, ok := a.workerSession(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	if sess.IsOpen(a.Store.Now()) {
		a.fail(c, fault.New(fault.Conflict, "session.error_publish_open", "close the session first"))
		return
	}
	expected, err := strconv.Atoi(c.PostForm("expected"))
	if err != nil || expected < 1 || expected > 10000 {
		a.fail(c, fault.Field("expected", "session.error_expected", "expected: a number of children, 1 to 10000"))
		return
	}
	count, err := a.Store.CountSubmissions(ctx, sess.ID)
	if err != nil {
		a.fail(c, err)
		return
	}
	k := max(a.Config.K, indicator.MinK)
	switch prev, err := a.Store.PublishedResults(ctx, sess.ID); {
	case count > expected+paddingMargin(expected):
		a.fail(c, fault.Field("expected", "session.error_padding", "more questionnaires than children"))
		return
	case count < k:
		a.fail(c, fault.New(fault.Conflict, "results.not_enough", "fewer than k children"))
		return
	case err == nil && count < prev.Count+k:
		a.fail(c, fault.New(fault.Conflict, "session.error_republish", "fewer than k children since the last publication"))
		return
	case err != nil && !fault.Is(err, fault.NotFound):
		a.fail(c, err)
		return
	}
	if err := a.publishGroup(ctx, sess, s, expected, count); err != nil {
		a.fail(c, err)
		return
	}
	a.audit(c, viewer(c).ID, "session_publish", sess.Code, strconv.Itoa(count)+" of "+strconv.Itoa(expected))
	c.Redirect(http.StatusSeeOther, "/sessions/"+strconv.FormatInt(sess.ID, 10)+"/results")
}

// publishGroup computes a group's results and stores them, frozen, as
// resting on count questionnaires of expected children.
func (a *App) publishGroup(ctx context.Context, sess *store.Session, s *survey.Survey, expected, count int) error {
	items, err := a.groupItems(sess, s)
	if err != nil {
		return err
	}
	blob, err := json.Marshal(items)
	if err != nil {
		return err
	}
	return a.Store.PublishResults(ctx, &store.Published{SessionID: sess.ID, Expected: expected, Count: count, Results: blob})
}

// PublishSeeded publishes the results of a group the demo seeded with
// every child it counted (so no padding margin applies), once the index
// is loaded: the demo's participation loop shows its ideas page only
// after publishing, like any group. Published results are left alone.
func (a *App) PublishSeeded(ctx context.Context, sessionID int64) error {
	if _, err := a.Store.PublishedResults(ctx, sessionID); !fault.Is(err, fault.NotFound) {
		return err
	}
	sess, err := a.Store.SessionByID(ctx, sessionID)
	if err != nil {
		return err
	}
	s, ok := a.Catalog.Survey(sess.SurveyID)
	if !ok {
		return fault.New(fault.NotFound, "error.not_found", "the seeded group's survey is not shipped")
	}
	count, err := a.Store.CountSubmissions(ctx, sess.ID)
	if err != nil {
		return err
	}
	return a.publishGroup(ctx, sess, s, count, count)
}

// groupItems computes what a group said, per question, from the index:
// only ever called to publish.
func (a *App) groupItems(sess *store.Session, s *survey.Survey) ([]itemResult, error) {
	ix := a.indicators()
	if ix == nil {
		return nil, fault.New(fault.Unavailable, "results.counting", "the index is still being built")
	}
	sums, err := ix.Items(s.ID, indicator.Filter{Sessions: []int64{sess.ID}}, a.Config.K)
	if err != nil {
		return nil, err
	}
	band, _ := s.Band(sess.AgeBand)
	var out []itemResult
	for i, sum := range sums {
		out = append(out, itemResultFor(i+1, sum, band))
	}
	return out, nil
}
