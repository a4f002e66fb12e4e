package httpkit

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// DefaultOpenLicence is the licence of the open data unless configured.
const DefaultOpenLicence = "http://creativecommons.org/licenses/by/4.0/"

// RenderBytes renders a page through a layout entry into bytes, for
// answers that are cached (the public monitor) or written to files (the
// static site).
func (k *Kit) RenderBytes(name, entry string, p *Page) ([]byte, error) {
	var buf bytes.Buffer
	if err := k.views.execute(&buf, name, entry, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// EditionPreviewFor is how long a draft edition's preview link works.
const EditionPreviewFor = 12 * time.Hour

// EditionPreviewToken signs a link to preview a draft edition until a time: an
// analyst can look at it, and show it to a colleague, exactly as the
// public will see it, without the draft being public.
func (k *Kit) EditionPreviewToken(id int64, until time.Time) string {
	var msg [16]byte
	binary.BigEndian.PutUint64(msg[:8], uint64(id))
	binary.BigEndian.PutUint64(msg[8:], uint64(until.Unix()))
	return base64.RawURLEncoding.EncodeToString(append(msg[:], k.previewMAC(msg[:])...))
}

// PreviewEdition reads a preview link's token: the draft it shows, while
// it has not expired.
func (k *Kit) PreviewEdition(token string, now time.Time) (int64, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != 16+16 || !hmac.Equal(raw[16:], k.previewMAC(raw[:16])) {
		return 0, false
	}
	until := time.Unix(int64(binary.BigEndian.Uint64(raw[8:16])), 0)
	return int64(binary.BigEndian.Uint64(raw[:8])), now.Before(until)
}

func (k *Kit) previewMAC(msg []byte) []byte {
	m := hmac.New(sha256.New, k.Config.CookieKeys[0])
	m.Write([]byte("kinderstem edition preview v1\x00"))
	m.Write(msg)
	return m.Sum(nil)[:16]
}

// ServeCached answers a body that only changes when an edition is
// published: with an ETag (a hash of the body) and Last-Modified, so
// browsers, proxies and CDNs revalidate instead of fetching again, and a
// 304 when the client has it already.
func ServeCached(c *gin.Context, contentType string, body []byte, modified time.Time, maxAge time.Duration) {
	sum := sha256.Sum256(body)
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:15]) + `"`
	h := c.Writer.Header()
	h.Set("ETag", etag)
	if !modified.IsZero() {
		h.Set("Last-Modified", modified.UTC().Format(http1123))
	}
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(maxAge.Seconds())))
	h.Set("Vary", "Accept-Encoding")
	if match := c.GetHeader("If-None-Match"); match != "" {
		if etagMatches(match, etag) {
			c.Status(304)
			return
		}
	} else if since, err := time.Parse(http1123, c.GetHeader("If-Modified-Since")); err == nil && !modified.IsZero() && !modified.Truncate(time.Second).After(since) {
		c.Status(304)
		return
	}
	c.Data(200, contentType, body)
}

const http1123 = "Mon, 02 Jan 2006 15:04:05 GMT"

// etagMatches reads If-None-Match: a list of tags, weak or strong, or *.
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}
