// Package httpkit is what every surface of the web layer shares: pages
// rendered through one template set with the request's localizer, one Fail
// that answers in the form the route group declared (staff page, child's
// page, respondent's page or JSON), the viewer and roles behind a staff
// request, API tokens, rate limits and the group results two surfaces show.
// Surfaces never import each other; what they share lives here or in a
// domain package.
package httpkit

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/sessions"

	"github.com/kinderstem/kinderstem/internal/auth"
	"github.com/kinderstem/kinderstem/internal/authoring"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Config holds the web layer's settings.
type Config struct {
	BodyLimit     int64         // largest request body in bytes; 64 KiB when 0
	SecureCookies bool          // mark cookies Secure (behind TLS)
	HSTS          bool          // send Strict-Transport-Security (serving TLS)
	CookieKeys    [][]byte      // cookie secrets, newest first; the key file's "cookie" secret when empty
	K             int           // disclosure threshold; 10 when 0, never below 5
	MinBase       int           // fewest children an analyst's table may rest on; 50 when 0, never below 5
	LiveAssets    bool          // re-read templates and static files on every request
	ResultsFor    time.Duration // how long children see a closed session's results; 90 days when 0
	ClientRate    int           // submissions per minute from one client address; 600 when 0
	SessionRate   int           // submissions per minute to one session; 1200 when 0
	// TrustedProxies are the addresses or CIDR ranges of reverse proxies
	// whose X-Forwarded-For names the client; none when empty.
	TrustedProxies []string
	Passwords      auth.Params // argon2id costs of new password hashes; auth.Production when zero
}

// Deps are what the kit is built from.
type Deps struct {
	Store   *store.Store
	Catalog *survey.Catalog
	Locales *locale.Bundle
	Assets  fs.FS                    // holds templates/, static/ and surveys/
	Asset   func(name string) string // the fingerprinted URL of a static file
	Keys    *keys.Keys               // the server's secrets, kept outside the database
	Log     *slog.Logger
	Config  Config
}

// Kit is the shared plumbing every surface's handlers are built on.
type Kit struct {
	Store   *store.Store
	Catalog *survey.Catalog
	Locales *locale.Bundle
	Keys    *keys.Keys
	Log     *slog.Logger
	Config  Config
	Assets  fs.FS // templates/, static/, locales/ and surveys/
	// Policy is the disclosure rule every number that leaves obeys: k and
	// the minimum base, checked once here.
	Policy    release.Policy
	Helplines *survey.Helplines
	// PerClient counts submissions and professionals' saves per client
	// address: one bucket whichever form a client sends.
	PerClient *Limiter
	// Authoring is the questionnaires staff write: drafts, reviews,
	// versions, previews and pilots.
	Authoring *authoring.Service

	views       *views
	cookies     *sessions.CookieStore
	crossOrigin *http.CrossOriginProtection
	index       atomic.Pointer[indicator.Index]
	previewKey  []byte
	// logUnavailable keeps a full disk from writing a log line per request.
	logUnavailable everyMinute
}

// New checks the configuration, fills in its defaults and parses every
// template once, so a broken template fails here, not on a request.
func New(d Deps) (*Kit, error) {
	if d.Store == nil || d.Catalog == nil || d.Locales == nil || d.Assets == nil || d.Asset == nil {
		return nil, errors.New("web: store, catalog, locales and assets are required")
	}
	if d.Keys == nil {
		return nil, errors.New("web: a key file is required")
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	cfg := &d.Config
	if cfg.BodyLimit <= 0 {
		cfg.BodyLimit = 64 << 10
	}
	if cfg.ClientRate <= 0 {
		cfg.ClientRate = 600
	}
	if cfg.SessionRate <= 0 {
		cfg.SessionRate = 1200
	}
	if cfg.ResultsFor <= 0 {
		cfg.ResultsFor = 90 * 24 * time.Hour
	}
	policy, err := release.NewPolicy(cfg.K, cfg.MinBase)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	cfg.K, cfg.MinBase = policy.K(), policy.MinBase()
	if len(cfg.CookieKeys) == 0 {
		key, err := d.Keys.Secret(keys.Cookie)
		if err != nil {
			return nil, fmt.Errorf("web: %w", err)
		}
		cfg.CookieKeys = [][]byte{key}
	}
	k := &Kit{Store: d.Store, Catalog: d.Catalog, Locales: d.Locales, Keys: d.Keys, Log: d.Log, Config: d.Config, Assets: d.Assets, Policy: policy,
		PerClient: NewLimiter(cfg.ClientRate, max(60, cfg.ClientRate/4)), cookies: cookieStore(cfg.CookieKeys, cfg.SecureCookies),
		crossOrigin: http.NewCrossOriginProtection()}
	if k.views, err = loadViews(d.Assets, d.Asset, cfg.LiveAssets); err != nil {
		return nil, err
	}
	if k.Helplines, err = loadHelplines(d.Assets, d.Locales); err != nil {
		return nil, err
	}
	if k.previewKey, err = d.Keys.Secret(keys.Preview); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	k.Authoring = authoring.New(d.Store, d.Catalog, d.Locales)
	return k, nil
}

// SetIndex hands the kit the indicator index once it is built; until then
// indicator pages say the answers are still being counted.
func (k *Kit) SetIndex(ix *indicator.Index) { k.index.Store(ix) }

// Index returns the indicator index, or nil while it is still being built.
func (k *Kit) Index() *indicator.Index { return k.index.Load() }

// ErrCounting is the answer while the index is still being built.
var ErrCounting = fault.New(fault.Unavailable, "results.counting", "the index is still being built")

// loadHelplines reads the children's helplines from the surveys folder of
// the assets, with a text in every shipped language.
func loadHelplines(assets fs.FS, locs *locale.Bundle) (*survey.Helplines, error) {
	surveys, err := fs.Sub(assets, "surveys")
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	var tags []string
	for _, l := range locs.Languages() {
		tags = append(tags, l.Tag)
	}
	return survey.LoadHelplines(surveys, tags)
}

// PublicURL is the address of path on this server as someone outside
// reaches it: what children type or scan, and a professional's personal
// link.
func (k *Kit) PublicURL(c *gin.Context, path string) string {
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host + path
}

// AnalystParams are the query parameters analyst pages, the API and the
// exports read besides the analyst's request (indicator.ParseRequest);
// any other is refused.
var AnalystParams = []string{"survey", "indicator", "bom", "semicolon", "texts", "lang",
	"limit", "cursor", "suppressed", // the API's paging
	"area", "at", // a registration indicator's page
}

// ProcessParams are the query parameters the process indicators' page,
// API and export read besides their query (process.ParseQuery).
var ProcessParams = []string{"bom", "semicolon", "lang"}
