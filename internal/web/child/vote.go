package child

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

// voteView is the children's vote on the group's topics: one form, a
// one-time token in it, no cookie. Done: the thank-you after voting.
type voteView struct {
	Code   string
	Token  string
	Topics []store.Topic
	Max    int
	Done   bool
	Again  bool // this form had been counted already

	// Finished: where the thank-you's "Done" leads (?voted=1), a
	// thank-you with a way in for the next child on the tablet, never
	// the form itself.
	Finished bool
}

// votePage shows the vote when the session's vote round is open, and
// reports whether it did; a closed session's code then leads here instead
// of to the results, until the worker closes the round.
func (h *Handler) votePage(c *gin.Context, sess *store.Session) bool {
	ctx := c.Request.Context()
	tally, err := h.Store.TopicVotes(ctx, sess.ID)
	if err != nil || tally.State != store.VotesOpen {
		return false
	}
	if c.Query("voted") != "" {
		h.renderVote(c, http.StatusOK, &voteView{Code: sess.Code, Finished: true})
		return true
	}
	topics, err := h.Store.Topics(ctx, sess.ID)
	if err != nil {
		h.Fail(c, err)
		return true
	}
	h.renderVote(c, http.StatusOK, &voteView{Code: sess.Code, Token: makeToken(h.tokenKey(voteTokens), h.Store.Now(), sess.ID), Topics: topics, Max: store.MaxVotes})
	return true
}

func (h *Handler) renderVote(c *gin.Context, status int, v *voteView) {
	c.Header("Cache-Control", "no-store")
	p := h.ChildPage(c, "ideas.vote_title", v)
	p.BodyClass = "child vote"
	h.RenderChild(c, status, "child_vote", p)
}

// Vote is POST /s/{code}/vote, the vote form (no JavaScript needed).
func (h *Handler) Vote(c *gin.Context) {
	sess, s := h.childSession(c)
	if sess == nil {
		return
	}
	h.childLanguage(c, c.PostForm(langParam), s)
	if !h.limitTaps(c) {
		return
	}
	token, topics, err := decodeVote(c.Request.PostForm, h.tokenKey(voteTokens), sess.ID, h.Store.Now())
	var counted bool
	if err == nil {
		counted, err = h.Store.Vote(c.Request.Context(), sess.ID, token, topics)
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	h.renderVote(c, http.StatusOK, &voteView{Code: sess.Code, Done: true, Again: !counted})
}

// decodeVote reads the vote form of a session: the one-time token the
// server signed for it (token.go), and one "topic" field per ticked
// topic. It returns the token's SHA-256, the only form of it that is
// stored.
func decodeVote(form url.Values, key []byte, sessionID int64, now time.Time) ([32]byte, []int64, error) {
	hash, err := checkToken(key, form.Get("token"), now, "ideas.error_vote_form", sessionID)
	if err != nil {
		return [32]byte{}, nil, err
	}
	vals := form["topic"]
	if len(vals) > store.MaxVotes {
		return [32]byte{}, nil, fault.Field("topics", "ideas.error_vote_many", "too many topics ticked")
	}
	topics := make([]int64, 0, len(vals))
	for _, v := range vals {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return [32]byte{}, nil, fault.Field("topics", "ideas.error_topic", "not a topic")
		}
		topics = append(topics, id)
	}
	return hash, topics, nil
}
