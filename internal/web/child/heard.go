package child

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// answerOutlives reports whether a session's code still shows something
// after its results are over: a public answer does, for as long as it is
// public.
func (h *Handler) answerOutlives(c *gin.Context, sess *store.Session) bool {
	_, err := h.Store.PublicReply(c.Request.Context(), sess.ID)
	return err == nil
}

// forChildren readies the answer for the child's page: the felt-heard
// form with a fresh one-time token, or the thanks after a tap.
func (h *Handler) forChildren(v *httpkit.ReplyView, c *gin.Context, sess *store.Session) {
	if v == nil {
		return
	}
	v.Thanks = c.Query("heard") == "thanks"
	if v.Closed {
		return
	}
	v.Token = makeToken(h.tokenKey(heardTokens), h.Store.Now(), v.ID, sess.ID)
	v.Action = "/s/" + sess.Code + "/heard?lang=" + url.QueryEscape(h.Localizer(c).Lang().Tag)
}

// heardVote is one child's tap: which answer, which face, and the hash of
// the token it came with (kept only against reuse).
type heardVote struct {
	ReplyID int64
	Rating  string
	Token   [32]byte
}

// decodeHeard reads the felt-heard form of a session's page: reply, rating
// and a token that must be signed for this answer and session and not
// expired.
func decodeHeard(form url.Values, key []byte, sessionID int64, now time.Time) (heardVote, error) {
	var v heardVote
	v.Rating = form.Get("rating")
	if !slices.Contains(store.HeardRatings, v.Rating) {
		return v, fault.Field("rating", "answers.error_rating", "rating must be yes, some or no")
	}
	id, err := strconv.ParseInt(form.Get("reply"), 10, 64)
	if err != nil || id <= 0 {
		return v, fault.Field("reply", "answers.error_token", "no answer id")
	}
	v.ReplyID = id
	v.Token, err = checkToken(key, form.Get("token"), now, "answers.error_token", id, sessionID)
	return v, err
}

// FeltHeard is POST /s/{code}/heard: a child's "do you feel heard?",
// without JavaScript, cookie or login. It counts once per token; a token
// sent again (a double tap, the back button) is thanked but not counted.
func (h *Handler) FeltHeard(c *gin.Context) {
	sess, s := h.childSession(c)
	if sess == nil {
		return
	}
	lang := h.childLanguage(c, sess.Lang, s)
	if !h.limitTaps(c) {
		return
	}
	ctx := c.Request.Context()
	vote, err := decodeHeard(c.Request.PostForm, h.tokenKey(heardTokens), sess.ID, h.Store.Now())
	if err != nil {
		h.Fail(c, err)
		return
	}
	r, err := h.Store.PublicReply(ctx, sess.ID)
	if fault.Is(err, fault.NotFound) || (err == nil && (r.ID != vote.ReplyID || sess.IsOpen(h.Store.Now()))) {
		err = fault.New(fault.Gone, "answers.error_withdrawn", "the answer is no longer public here")
	}
	if err == nil {
		err = h.Store.RecordHeard(ctx, vote.Token, vote.ReplyID, sess.ID, vote.Rating)
	}
	if err != nil && !fault.Is(err, fault.Conflict) {
		h.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/s/"+sess.Code+"?lang="+url.QueryEscape(lang.Tag)+"&heard=thanks#heard")
}
