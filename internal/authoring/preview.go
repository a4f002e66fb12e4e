package authoring

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// PreviewFor is how long a preview link works: long enough to try a draft
// on a few tablets in a meeting, short enough that a link passed on does
// not show a draft for good.
const PreviewFor = 8 * time.Hour

// A preview token names a draft revision and when the link ends, signed
// with the server's preview key: the preview is a child's page, which
// reads no staff cookie, so the link itself is what lets it be seen.
const tokenLen = 8 + 4 + 8 + 16

// PreviewToken signs a link to a draft revision's preview.
func PreviewToken(key []byte, draftID int64, revision int, expires time.Time) string {
	buf := make([]byte, 20, tokenLen)
	binary.BigEndian.PutUint64(buf[0:], uint64(draftID))
	binary.BigEndian.PutUint32(buf[8:], uint32(revision))
	binary.BigEndian.PutUint64(buf[12:], uint64(expires.Unix()))
	return base64.RawURLEncoding.EncodeToString(append(buf, previewMAC(key, buf)...))
}

// ParsePreviewToken checks a preview token and returns the draft revision
// it names; a forged, changed or expired token is a NotFound fault, so a
// guesser learns nothing.
func ParsePreviewToken(key []byte, token string, now time.Time) (int64, int, error) {
	notFound := fault.New(fault.NotFound, "error.not_found", "no such preview")
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != tokenLen || !hmac.Equal(raw[20:], previewMAC(key, raw[:20])) {
		return 0, 0, notFound
	}
	if now.Unix() > int64(binary.BigEndian.Uint64(raw[12:20])) {
		return 0, 0, notFound
	}
	return int64(binary.BigEndian.Uint64(raw[0:8])), int(binary.BigEndian.Uint32(raw[8:12])), nil
}

func previewMAC(key, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("kinderstem preview\x00"))
	m.Write(body)
	return m.Sum(nil)[:16]
}
