package staff

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// ideasView is the worker's ideas page: the group's ideas in a fresh
// random order, with nothing about who or when, merged into topics.
type ideasView struct {
	Session *store.Session
	Wait    string // why nothing is shown yet (a message id), or ""
	K       int
	Loose   []store.StoredIdea // ideas not under a topic
	Topics  []topicView
	Votes   int // the vote round's state (store.VotesOpen, …)
	Voters  int
	Counted bool           // the round is closed and at least K children voted: counts shown
	Themes  []survey.Theme // what a topic's theme is chosen from
}

type topicView struct {
	store.Topic
	Ideas []store.StoredIdea
}

// ideasSession loads the worker's session for the ideas routes: owned like
// every session route, with an ideas step, else "not found".
func (h *Handler) ideasSession(c *gin.Context) (*store.Session, bool) {
	sess, _, ok := h.workerSession(c)
	if ok && !sess.Ideas {
		h.Fail(c, fault.New(fault.NotFound, "error.not_found", "this session has no ideas step"))
		return nil, false
	}
	return sess, ok
}

// ideasWait says why a session's ideas are not shown (a message id), or
// "" when they may be. They are shown only when the session takes no more
// answers (closed, grace period over: a later idea would stand out against
// the set the worker saw), once the group's results were published (the
// worker then said how many children took part), to at least k children
// and no more questionnaires than publishing allows (paddingMargin: a few
// padded questionnaires cannot open the ideas of two real children).
func (h *Handler) ideasWait(ctx context.Context, sess *store.Session) (string, error) {
	now := h.Store.Now()
	switch {
	case sess.IsOpen(now):
		return "ideas.after_closing", nil
	case sess.TakesAnswers(now):
		return "ideas.after_grace", nil
	}
	count, err := h.Store.CountSubmissions(ctx, sess.ID)
	if err != nil {
		return "", err
	}
	if count < h.K() {
		return "ideas.not_enough", nil
	}
	pub, err := h.Store.PublishedResults(ctx, sess.ID)
	switch {
	case fault.Is(err, fault.NotFound):
		return "ideas.not_published", nil
	case err != nil:
		return "", err
	case count > pub.Expected+paddingMargin(pub.Expected):
		return "ideas.error_padding", nil
	}
	return "", nil
}

// ideasFor gathers the page. Nothing of the ideas is read unless ideasWait
// allows it; the first showing freezes the set (store.ShowIdeas).
func (h *Handler) ideasFor(c *gin.Context, sess *store.Session) (*ideasView, error) {
	ctx := c.Request.Context()
	p := h.Release(c)
	p.Note(release.Votes)
	v := &ideasView{Session: sess, K: p.K(), Themes: h.Catalog.Themes}
	var err error
	if v.Wait, err = h.ideasWait(ctx, sess); err != nil || v.Wait != "" {
		return v, err
	}
	if err := h.Store.ShowIdeas(ctx, sess.ID); err != nil {
		return nil, err
	}
	ideas, err := h.Store.Ideas(ctx, sess.ID)
	if err != nil {
		return nil, err
	}
	topics, err := h.Store.Topics(ctx, sess.ID)
	if err != nil {
		return nil, err
	}
	tally, err := h.Store.TopicVotes(ctx, sess.ID)
	if err != nil {
		return nil, err
	}
	// While the vote runs the worker sees how many voted, never what.
	v.Votes, v.Voters = tally.State, tally.Voters
	// Counts are shown once, frozen (a live count would give one child's
	// votes away as the difference between two looks), as the gate
	// releases them: perturbed, and only from k perturbed voters. The
	// worker holds the code and could pad a small vote to k with votes of
	// their own; the noise keeps the real votes from being read off.
	if tally.State == store.VotesClosed {
		ids, votes := make([]int64, len(topics)), make([]int, len(topics))
		for i, t := range topics {
			ids[i], votes[i] = t.ID, tally.Votes[t.ID]
		}
		counts, err := p.Votes(sess.ID, tally.Voters, ids, votes)
		if err != nil {
			return nil, err
		}
		if v.Counted = counts.Shown; v.Counted {
			v.Voters = counts.Total
			for i := range topics {
				topics[i].Votes = counts.Parts[i]
			}
		}
	}
	at := map[int64]int{}
	for i, t := range topics {
		at[t.ID] = i
		v.Topics = append(v.Topics, topicView{Topic: t})
	}
	for _, idea := range ideas {
		if i, ok := at[idea.TopicID]; ok {
			v.Topics[i].Ideas = append(v.Topics[i].Ideas, idea)
		} else {
			v.Loose = append(v.Loose, idea)
		}
	}
	return v, nil
}

// IdeasPage is GET /sessions/{id}/ideas.
func (h *Handler) IdeasPage(c *gin.Context) {
	sess, ok := h.ideasSession(c)
	if !ok {
		return
	}
	v, err := h.ideasFor(c, sess)
	if err != nil {
		h.Fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	p := h.Page(c, "ideas.title", v)
	p.Nav = "sessions"
	h.Render(c, http.StatusOK, "ideas", p)
}

// ideasAction runs one of the worker's changes to the ideas, only on
// ideas the worker can see (ideasWait), then goes back to the page.
func (h *Handler) ideasAction(c *gin.Context, do func(sess *store.Session) error) {
	sess, ok := h.ideasSession(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	wait, err := h.ideasWait(ctx, sess)
	if wait == "ideas.not_enough" {
		wait = "ideas.error_not_enough"
	}
	if err == nil && wait != "" {
		err = fault.New(fault.Conflict, wait, "the ideas are not shown yet")
	}
	if err == nil {
		err = h.Store.ShowIdeas(ctx, sess.ID)
	}
	if err == nil {
		err = do(sess)
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/sessions/"+strconv.FormatInt(sess.ID, 10)+"/ideas")
}

// MergeIdeas is POST /sessions/{id}/ideas/merge: the ticked ideas become
// a new topic with a title, or join the chosen topic.
func (h *Handler) MergeIdeas(c *gin.Context) {
	h.ideasAction(c, func(sess *store.Session) error {
		keys, err := ideaKeys(c.PostFormArray("idea"))
		if err != nil {
			return err
		}
		topic, err := formTopic(c.PostForm("topic"))
		if err != nil {
			return err
		}
		_, err = h.Store.MergeIdeas(c.Request.Context(), sess.ID, keys, topic, c.PostForm("title"))
		return err
	})
}

// RenameTopic is POST /sessions/{id}/topics/rename.
func (h *Handler) RenameTopic(c *gin.Context) {
	h.ideasAction(c, func(sess *store.Session) error {
		topic, err := formTopic(c.PostForm("topic"))
		if err == nil && topic == 0 {
			err = fault.Field("topic", "ideas.error_topic", "no topic chosen")
		}
		if err != nil {
			return err
		}
		return h.Store.RenameTopic(c.Request.Context(), sess.ID, topic, c.PostForm("title"))
	})
}

// TopicTheme is POST /sessions/{id}/topics/theme: the worker gives a
// topic a children's-rights theme (or none), which the analysts' topic
// counts are broken down by.
func (h *Handler) TopicTheme(c *gin.Context) {
	h.ideasAction(c, func(sess *store.Session) error {
		topic, err := formTopic(c.PostForm("topic"))
		if err == nil && topic == 0 {
			err = fault.Field("topic", "ideas.error_topic", "no topic chosen")
		}
		if err != nil {
			return err
		}
		theme := c.PostForm("theme")
		if _, ok := h.Catalog.Theme(theme); !ok && theme != "" {
			return fault.Field("theme", "topics.error_theme", "no such theme")
		}
		return h.Store.SetTopicTheme(c.Request.Context(), sess.ID, topic, theme)
	})
}

// maxHideReason is the longest reason for hiding an idea, in characters.
const maxHideReason = 300

// HideIdea is POST /sessions/{id}/ideas/hide: an idea that identifies
// someone goes, with a reason. The audit log keeps the reason, never the
// idea's words.
func (h *Handler) HideIdea(c *gin.Context) {
	h.ideasAction(c, func(sess *store.Session) error {
		reason := strings.TrimSpace(c.PostForm("reason"))
		if reason == "" || utf8.RuneCountInString(reason) > maxHideReason {
			return fault.Field("reason", "ideas.error_reason", "a reason of 1 to 300 characters is required")
		}
		if err := store.CheckStaffText("reason", reason); err != nil {
			return err
		}
		key, err := store.ParseIdeaKey(c.PostForm("idea"))
		if err != nil {
			return err
		}
		if err := h.Store.HideIdea(c.Request.Context(), sess.ID, key); err != nil {
			return err
		}
		h.Audit(c, httpkit.ViewerOf(c).ID, "idea_hide", sess.Code, reason)
		return nil
	})
}

// OpenVotes and closeVotes are POST /sessions/{id}/votes/open and /close.
func (h *Handler) OpenVotes(c *gin.Context)  { h.voteStep(c, h.Store.OpenVotes, "votes_open") }
func (h *Handler) CloseVotes(c *gin.Context) { h.voteStep(c, h.Store.CloseVotes, "votes_close") }

func (h *Handler) voteStep(c *gin.Context, step func(context.Context, int64) error, action string) {
	h.ideasAction(c, func(sess *store.Session) error {
		if err := step(c.Request.Context(), sess.ID); err != nil {
			return err
		}
		h.Audit(c, httpkit.ViewerOf(c).ID, action, sess.Code, "")
		return nil
	})
}

// maxMerge is how many ideas one merge may name.
const maxMerge = 500

// ideaKeys reads the ticked ideas of the merge form.
func ideaKeys(vals []string) ([][]byte, error) {
	if len(vals) > maxMerge {
		return nil, fault.Field("ideas", "ideas.error_unknown", "too many ideas at once")
	}
	keys := make([][]byte, 0, len(vals))
	for _, v := range vals {
		k, err := store.ParseIdeaKey(v)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// formTopic reads a topic id from a form: 0 when none was chosen.
func formTopic(v string) (int64, error) {
	if v == "" || v == "new" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, fault.Field("topic", "ideas.error_topic", "not a topic")
	}
	return id, nil
}
