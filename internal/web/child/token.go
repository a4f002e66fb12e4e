package child

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// A child's vote and "do you feel heard?" are plain form posts, without
// cookie or login, so what stops a count from being padded is the token
// in the form: a random nonce, when it expires, and an HMAC over both and
// the ids the form is for (the session; for a rating also the answer),
// under a key made from the cookie secret for that kind of form, so never
// in the database. Only the server makes them: a made-up token, one made
// for another session or answer, or an old one counts nothing. Each
// counts once: the store keeps the SHA-256 of a redeemed token, nothing
// else about it.

// tokenLife is how long a form's token is good for: a child reads and
// taps within a visit; a page left open overnight asks to open the code
// again.
const tokenLife = 12 * time.Hour

// tokenPurpose names the kind of form a token is for; each has its own key.
type tokenPurpose string

const (
	voteTokens  tokenPurpose = "kinderstem vote tokens v1"
	heardTokens tokenPurpose = "kinderstem felt-heard tokens v1"
)

// tokenSize is nonce, expiry and signature.
const tokenSize = 16 + 8 + 16

// tokenKey is the signing key of one kind of form.
func (h *Handler) tokenKey(p tokenPurpose) []byte {
	m := hmac.New(sha256.New, h.Config.CookieKeys[0])
	m.Write([]byte(p))
	return m.Sum(nil)
}

// makeToken signs a one-time token for the ids, good until now+tokenLife.
// Nothing is stored until it is redeemed.
func makeToken(key []byte, now time.Time, ids ...int64) string {
	buf := make([]byte, 16+8, tokenSize)
	rand.Read(buf[:16])
	binary.BigEndian.PutUint64(buf[16:], uint64(now.Add(tokenLife).Unix()))
	return base64.RawURLEncoding.EncodeToString(append(buf, tokenMAC(key, buf, ids...)...))
}

func tokenMAC(key, body []byte, ids ...int64) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(body)
	var b [8]byte
	for _, id := range ids {
		binary.BigEndian.PutUint64(b[:], uint64(id))
		m.Write(b[:])
	}
	return m.Sum(nil)[:16]
}

// checkToken returns the SHA-256 of a token the server signed for the ids
// and that has not expired, the only form of it ever stored; anything
// else is an Invalid fault on field "token" with message msg.
func checkToken(key []byte, token string, now time.Time, msg string, ids ...int64) ([32]byte, error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != tokenSize || !hmac.Equal(raw[24:], tokenMAC(key, raw[:24], ids...)) {
		return [32]byte{}, fault.Field("token", msg, "a token this server did not make for this form")
	}
	if exp := int64(binary.BigEndian.Uint64(raw[16:24])); now.Unix() > exp {
		return [32]byte{}, fault.Field("token", msg, "the form's token expired")
	}
	return sha256.Sum256(raw), nil
}

// Taps a client address may send (votes and felt-heard faces): a class on
// one school router votes within a minute or two, one child after another
// on a shared tablet; a script sending a group's worth in seconds is cut
// off. The store never takes more than the group's questionnaires.
const (
	tapsPerMinute = 20
	tapsBurst     = 40
)

// limitTaps answers 429 and reports false when the client address sent
// too many votes or faces.
func (h *Handler) limitTaps(c *gin.Context) bool {
	if ok, wait := h.perAddressTaps.Allow(c.ClientIP(), h.Store.Now()); !ok {
		c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		h.Fail(c, fault.New(fault.TooMany, "error.too_many", "too many votes or faces from this address"))
		return false
	}
	return true
}
