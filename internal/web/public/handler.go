// Package public is the published monitor anyone may read, with no
// login: its pages under /open in every shipped language (by theme, per
// indicator with chart and table, trends over editions, a version for
// children), the open data and the catalogue, the embeddable charts
// under /embed, and a draft edition's preview under a signed link. Every
// number comes from a frozen edition (internal/edition), never from the
// answers themselves.
package public

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/edition"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// Handler serves the public monitor.
type Handler struct {
	*httpkit.Kit
	pages pageCache
}

// New makes the public monitor's handlers on the shared kit.
func New(k *httpkit.Kit) *Handler { return &Handler{Kit: k} }

// Build is how the static site asks for the pages: as of one edition,
// with the static site's own address in permalinks and the catalogue. It
// travels in the request's context, which no client can set.
type Build struct {
	Edition int    // the edition to show as current; earlier ones stay
	Abs     string // the static site's address of /open, no trailing slash
}

type buildKey struct{}

// WithBuild is a context asking for the pages as Build says.
func WithBuild(ctx context.Context, b Build) context.Context {
	return context.WithValue(ctx, buildKey{}, b)
}

func buildOf(ctx context.Context) (Build, bool) {
	b, ok := ctx.Value(buildKey{}).(Build)
	return b, ok
}

// errNothing is the answer while no edition is published.
var errNothing = fault.New(fault.NotFound, "open.none", "no edition is published yet")

// editions are the editions a request sees: the published ones (up to
// a build's edition), or a preview's published ones and its draft as
// the current one; with the time the newest of them was published.
func (h *Handler) editions(c *gin.Context) ([]*edition.Published, time.Time, error) {
	list, err := h.Shelf.Published(c.Request.Context(), h.Release(c))
	if err != nil {
		return nil, time.Time{}, err
	}
	if b, ok := buildOf(c.Request.Context()); ok {
		for i, e := range list {
			if e.Number == b.Edition {
				list = list[:i+1]
				break
			}
		}
	}
	if token := c.Param("token"); token != "" {
		return h.preview(c, token, list)
	}
	if len(list) == 0 {
		return nil, time.Time{}, errNothing
	}
	return list, edition.Current(list).PublishedAt, nil
}

// preview is the published editions and a draft as the next one.
func (h *Handler) preview(c *gin.Context, token string, list []*edition.Published) ([]*edition.Published, time.Time, error) {
	id, ok := h.PreviewEdition(token, h.Store.Now())
	if !ok {
		return nil, time.Time{}, fault.New(fault.NotFound, "open.preview_expired", "no such preview, or it expired")
	}
	e, err := h.Store.Edition(c.Request.Context(), id)
	if err != nil || e.Published() || e.Snapshot == nil {
		return nil, time.Time{}, fault.New(fault.NotFound, "open.preview_expired", "not a computed draft")
	}
	snap, err := edition.Decode(e.Snapshot)
	if err != nil {
		return nil, time.Time{}, err
	}
	if snap.K < h.Release(c).K() {
		// Computed before k was raised: it shows groups today's k hides,
		// and publishing it is refused too.
		return nil, time.Time{}, fault.New(fault.Conflict, "edition.k_raised", "k was raised since this draft was computed")
	}
	draft := &edition.Published{Title: e.Title, From: e.From, To: e.To, Snap: snap}
	return append(append([]*edition.Published(nil), list...), draft), time.Time{}, nil
}

// site is the monitor as this request sees it, in the language of the
// path; a NotFound fault for a language Kinderstem does not ship.
func (h *Handler) site(c *gin.Context) (*edition.Site, time.Time, error) {
	lang, ok := h.Locales.Lang(c.Param("lang"))
	if !ok || lang.Tag != c.Param("lang") || lang.Draft() { // the public monitor speaks the full languages
		return nil, time.Time{}, fault.New(fault.NotFound, "error.not_found", "no such language")
	}
	httpkit.SetLang(c, lang.Tag)
	c.Header("Content-Language", lang.Tag)
	list, modified, err := h.editions(c)
	if err != nil {
		return nil, time.Time{}, err
	}
	base := "/open"
	if t := c.Param("token"); t != "" {
		base += "/preview/" + t
	}
	abs := h.PublicURL(base)
	if b, ok := buildOf(c.Request.Context()); ok {
		abs = b.Abs
	}
	return &edition.Site{Base: base, Abs: abs, Lang: lang, Langs: h.Locales.Languages(), L: h.Localizer(c), Cat: h.Catalog,
		Editions: list, Preview: c.Param("token") != "", Embeds: c.Param("token") == ""}, modified, nil
}

// Root is GET /open: the front page in the reader's language.
func (h *Handler) Root(c *gin.Context) {
	c.Header("Vary", "Accept-Language")
	c.Redirect(http.StatusSeeOther, "/open/"+h.Localizer(c).Lang().Tag+"/")
}

// serve answers a page or file of the monitor: cached by its ETag from
// the published editions, never cached in a preview.
func (h *Handler) serve(c *gin.Context, site *edition.Site, modified time.Time, contentType string, body []byte) {
	if b, ok := buildOf(c.Request.Context()); ok && b.Edition > 0 {
		modified = time.Time{} // a file on disk has its own date
	}
	if site.Preview {
		c.Header("Cache-Control", "no-store")
		c.Header("X-Robots-Tag", "noindex")
		c.Data(http.StatusOK, contentType, body)
		return
	}
	httpkit.ServeCached(c, contentType, body, modified, 5*time.Minute)
}

func atoi(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0 && strconv.Itoa(n) == s
}

var errNoPage = fault.New(fault.NotFound, "error.not_found", "no such page of the monitor")

// modifiedOf is when the site's current edition was published.
func modifiedOf(site *edition.Site) time.Time {
	if e := site.Current(); e != nil {
		return e.PublishedAt
	}
	return time.Time{}
}
