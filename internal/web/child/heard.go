package child

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
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
	v.Token = h.heardToken(v.ID, sess.ID, h.Store.Now())
	v.Action = "/s/" + sess.Code + "/heard?lang=" + url.QueryEscape(h.Localizer(c).Lang().Tag)
}

// How long a felt-heard token is good for: a child reads and taps within
// a visit; a page left open overnight asks to open the code again.
const heardTokenLife = 12 * time.Hour

// heardKey signs felt-heard tokens; it is made from the cookie secret, so
// it is never in the database.
func (h *Handler) heardKey() []byte {
	m := hmac.New(sha256.New, h.Config.CookieKeys[0])
	m.Write([]byte("kinderstem felt-heard tokens v1"))
	return m.Sum(nil)
}

// heardToken makes a one-time token for one answer under one session:
// a random nonce, when it expires, and a signature over both and the ids.
// Nothing is stored until it is redeemed.
func (h *Handler) heardToken(replyID, sessionID int64, now time.Time) string {
	buf := make([]byte, 16+8, 16+8+16)
	rand.Read(buf[:16])
	binary.BigEndian.PutUint64(buf[16:], uint64(now.Add(heardTokenLife).Unix()))
	return base64.RawURLEncoding.EncodeToString(append(buf, heardMAC(h.heardKey(), buf, replyID, sessionID)...))
}

func heardMAC(key, body []byte, replyID, sessionID int64) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(body)
	var ids [16]byte
	binary.BigEndian.PutUint64(ids[:8], uint64(replyID))
	binary.BigEndian.PutUint64(ids[8:], uint64(sessionID))
	m.Write(ids[:])
	return m.Sum(nil)[:16]
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
	raw, err := base64.RawURLEncoding.DecodeString(form.Get("token"))
	if err != nil || len(raw) != 16+8+16 || !hmac.Equal(raw[24:], heardMAC(key, raw[:24], id, sessionID)) {
		return v, fault.Field("token", "answers.error_token", "token not made for this answer")
	}
	if exp := int64(binary.BigEndian.Uint64(raw[16:24])); now.Unix() > exp {
		return v, fault.Field("token", "answers.error_token", "token expired")
	}
	v.Token = sha256.Sum256(raw)
	return v, nil
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
	ctx := c.Request.Context()
	vote, err := decodeHeard(c.Request.PostForm, h.heardKey(), sess.ID, h.Store.Now())
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
