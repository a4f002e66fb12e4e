package decision

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math/big"
	"strings"
	"time"
	"unicode"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

// Access is a request's way in as the worker hands it over: the personal
// link (its last path segment) and the code, each shown once. The
// database keeps neither.
type Access struct {
	Link string // 22 characters, URL-safe
	Code string // six digits
}

// CodeLen is how many digits a code has.
const CodeLen = 6

// newAccess makes a link and a code for request id, and what the store
// keeps of them.
func (s *Service) newAccess(id int64) (*Access, store.VoiceLink, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return nil, store.VoiceLink{}, fmt.Errorf("decision: link: %w", err)
	}
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return nil, store.VoiceLink{}, fmt.Errorf("decision: code: %w", err)
	}
	a := &Access{Link: base64.RawURLEncoding.EncodeToString(b), Code: fmt.Sprintf("%06d", n.Int64())}
	return a, store.VoiceLink{LinkHash: LinkHash(a.Link), CodeMAC: s.codeMAC(id, a.Code)}, nil
}

// LinkHash is what the store keeps of a link: its SHA-256.
func LinkHash(link string) []byte {
	h := sha256.Sum256([]byte(link))
	return h[:]
}

// codeMAC binds a code to its request under the code key: the database
// alone cannot tell a code, and a code of one request says nothing of
// another's.
func (s *Service) codeMAC(id int64, code string) []byte {
	m := hmac.New(sha256.New, s.codeKey)
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(id))
	m.Write(b[:])
	m.Write([]byte(code))
	return m.Sum(nil)
}

// NormalCode reads a typed code: its digits in any script (a child with
// an Arabic keyboard types ٤٥٦), spaces and dashes ignored; "" when it is
// not six digits.
func NormalCode(s string) string {
	if len(s) > 64 {
		return ""
	}
	var out strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '-' || r == '\u00a0':
		case unicode.IsDigit(r):
			out.WriteByte(byte('0' + digitValue(r)))
		default:
			return ""
		}
	}
	if out.Len() != CodeLen {
		return ""
	}
	return out.String()
}

// digitValue is a decimal digit's value: Unicode keeps every script's
// digits in runs of ten from zero, so it is the distance from the start
// of its run, modulo ten.
func digitValue(r rune) int {
	start := r
	for start > 0 && unicode.IsDigit(start-1) && r-start < 100 {
		start--
	}
	return int(r-start) % 10
}

// Knock finds the request of a link, for the page that asks the code: it
// says nothing of the request but its language and whether the link is
// shut. An unknown or erased link is fault.NotFound.
func (s *Service) Knock(ctx context.Context, link string) (*store.VoiceRequest, error) {
	if !validLink(link) {
		return nil, errNoLink
	}
	r, err := s.st.VoiceRequestByLink(ctx, LinkHash(link))
	if fault.Is(err, fault.NotFound) || (err == nil && r.Erased) {
		return nil, errNoLink
	}
	return r, err
}

var (
	errNoLink     = fault.New(fault.NotFound, "voice.error_link", "no such link")
	errCodeWrong  = fault.Field("code", "voice.error_code", "wrong code")
	errCodeLocked = fault.New(fault.TooMany, "voice.error_locked", "too many wrong codes; the link is locked")
	errVisitOver  = fault.New(fault.Unauthorized, "voice.error_visit", "the visit is over; type the code again")
)

func validLink(link string) bool {
	if len(link) != 22 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(link)
	return err == nil
}

// Enter opens a visit with the link and the code, both needed. Every
// attempt is counted before its code is checked, so a flood of guesses
// at once gets no more tries than guesses one by one: after
// WrongCodesPause wrong codes in a row the link pauses, after
// WrongCodesClose it stays shut until the worker makes a new code, and
// while it is shut even the right code opens nothing, so a guesser learns
// nothing.
func (s *Service) Enter(ctx context.Context, link, typed string) (*Visit, error) {
	r, err := s.Knock(ctx, link)
	if err != nil {
		return nil, err
	}
	now := s.st.Now()
	allowed, wrong, err := s.st.VoiceAttempt(ctx, r.ID, now, func(wrong int) time.Time { return lockAfter(wrong, now) })
	if err != nil {
		return nil, err
	}
	if !allowed {
		return nil, errCodeLocked
	}
	want, err := s.st.VoiceCodeMAC(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	code := NormalCode(typed)
	if code == "" || !hmac.Equal(s.codeMAC(r.ID, code), want) {
		if !lockAfter(wrong, now).IsZero() {
			return nil, errCodeLocked
		}
		return nil, errCodeWrong
	}
	// The right code starts a new visit and ends any earlier one: a
	// second device, or one left open, cannot go on writing.
	if r.Link.Visit, err = s.st.VoiceRightCode(ctx, r.ID); err != nil {
		return nil, err
	}
	return s.visit(ctx, r)
}

// lockAfter is when a link opens again after its wrong-th wrong code in a
// row: not locked, paused, or shut until a new code.
func lockAfter(wrong int, now time.Time) time.Time {
	switch {
	case wrong >= WrongCodesClose:
		return time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	case wrong%WrongCodesPause == 0:
		return now.Add(PauseFor)
	}
	return time.Time{}
}

// Resume goes on with a visit from the token its last screen carried. A
// token of another request, an ended visit, a new code or a stale screen
// opens nothing.
func (s *Service) Resume(ctx context.Context, link, token string) (*Visit, error) {
	r, err := s.Knock(ctx, link)
	if err != nil {
		return nil, err
	}
	id, gen, ok := s.checkVisit(token, s.st.Now())
	if !ok || id != r.ID || gen != r.Link.Visit {
		return nil, errVisitOver
	}
	return s.visit(ctx, r)
}

// Leave ends a visit: every token made for it stops working.
func (s *Service) Leave(ctx context.Context, v *Visit) error {
	return s.st.EndVoiceVisit(ctx, v.Req.ID)
}

// visitToken signs (request id, visit generation, expiry): base64 of 20
// bytes and 16 of an HMAC under the visit key. No cookie: the token rides
// in the screens' forms and dies with the page.
func (s *Service) visitToken(id int64, gen int, now time.Time) string {
	b := make([]byte, 20, 36)
	binary.BigEndian.PutUint64(b[0:8], uint64(id))
	binary.BigEndian.PutUint32(b[8:12], uint32(gen))
	binary.BigEndian.PutUint64(b[12:20], uint64(now.Add(VisitFor).Unix()))
	m := hmac.New(sha256.New, s.visitKey)
	m.Write(b)
	return base64.RawURLEncoding.EncodeToString(m.Sum(b)[:36])
}

func (s *Service) checkVisit(token string, now time.Time) (int64, int, bool) {
	if len(token) != 48 {
		return 0, 0, false
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != 36 {
		return 0, 0, false
	}
	m := hmac.New(sha256.New, s.visitKey)
	m.Write(b[:20])
	if subtle.ConstantTimeCompare(m.Sum(nil)[:16], b[20:]) != 1 {
		return 0, 0, false
	}
	if now.Unix() > int64(binary.BigEndian.Uint64(b[12:20])) {
		return 0, 0, false
	}
	return int64(binary.BigEndian.Uint64(b[0:8])), int(binary.BigEndian.Uint32(b[8:12])), true
}
