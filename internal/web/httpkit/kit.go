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
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/sessions"

	"github.com/kinderstem/kinderstem/internal/auth"
	"github.com/kinderstem/kinderstem/internal/authoring"
	"github.com/kinderstem/kinderstem/internal/decision"
	"github.com/kinderstem/kinderstem/internal/edition"
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
	BodyLimit     int64    // largest request body in bytes; 64 KiB when 0
	SecureCookies bool     // mark cookies Secure (behind TLS)
	HSTS          bool     // send Strict-Transport-Security (serving TLS)
	CookieKeys    [][]byte // cookie secrets, newest first; the key file's "cookie" secret when empty
	K             int      // disclosure threshold; 10 when 0, never below 5
	MinBase       int      // fewest children an analyst's table may rest on; 50 when 0, never below 5
	// BackgroundBase is the fewest children a figure broken down or
	// filtered by a background variable may rest on: twice MinBase when
	// 0, never below MinBase (release.Policy.WithBackgroundBase).
	BackgroundBase int
	LiveAssets     bool          // re-read templates and static files on every request
	ResultsFor     time.Duration // how long children see a closed session's results; 90 days when 0
	ClientRate     int           // submissions per minute from one client address; 600 when 0
	SessionRate    int           // submissions per minute to one session; 1200 when 0
	// TrustedProxies are the addresses or CIDR ranges of reverse proxies
	// whose X-Forwarded-For names the client; none when empty.
	TrustedProxies []string
	// ProxyHeader is the one header a trusted proxy names the client in:
	// X-Forwarded-For when empty.
	ProxyHeader string
	Passwords   auth.Params // argon2id costs of new password hashes; auth.Production when zero
	// BaseURL is the address children and professionals reach the server
	// on, shown on the session page and in QR codes and links:
	// DefaultBaseURL when empty.
	BaseURL string
	// LoginHold caps how late a failed login on an account under attack
	// is answered (auth.LoginAccount): its Max when 0. Tests shorten it.
	LoginHold time.Duration
	// OnRelease, when set, is told of every release of numbers derived
	// from answers: the request's method and route template ("GET
	// /indicators/:survey/:indicator", gin's FullPath) and what it
	// released (a release.What). Tests use it to find every route that
	// releases numbers.
	OnRelease func(route, what string)
	// EmbedOrigins are the sites (scheme, host and port) that may frame
	// the monitor's embeddable charts; every other page may be framed by
	// none.
	EmbedOrigins []string
	// OpenLicence is the licence of the monitor's open data, a URL:
	// CC BY 4.0 when empty. Publisher names who publishes it: Kinderstem
	// when empty.
	OpenLicence string
	Publisher   string
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
	Events  Events // what the operator's metrics count; none when nil
	Config  Config
}

// Kit is the shared plumbing every surface's handlers are built on.
type Kit struct {
	Store   *store.Store
	Catalog *survey.Catalog
	Locales *locale.Bundle
	Keys    *keys.Keys
	Log     *slog.Logger
	Events  Events // never nil
	Config  Config
	Assets  fs.FS // templates/, static/, locales/ and surveys/
	// policy is the disclosure rule every number that leaves obeys: k,
	// the minimum base and the record secret, checked once here and handed
	// out only by Release, with an observer for the request.
	policy     release.Policy
	Helplines  *survey.Helplines
	Complaints *survey.Helplines // where a child can ask about a decision or complain
	// Decisions runs a child's view in a decision about them: the one
	// place with personal data, sealed under the key file's voice secret.
	Decisions *decision.Service
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
	// Editions are the published editions of the monitor, decoded once.
	Shelf *edition.Shelf
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
	if d.Events == nil {
		d.Events = noEvents{}
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
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := BaseURL(cfg.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	cfg.BaseURL = base
	if cfg.LoginHold <= 0 {
		cfg.LoginHold = auth.LoginAccount.Max
	}
	if cfg.ProxyHeader == "" {
		cfg.ProxyHeader = "X-Forwarded-For"
	}
	if cfg.OpenLicence == "" {
		cfg.OpenLicence = DefaultOpenLicence
	}
	if cfg.Publisher == "" {
		cfg.Publisher = "Kinderstem"
	}
	if cfg.ResultsFor <= 0 {
		cfg.ResultsFor = 90 * 24 * time.Hour
	}
	policy, err := release.NewPolicy(cfg.K, cfg.MinBase)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if policy, err = policy.WithBackgroundBase(cfg.BackgroundBase); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	cfg.K, cfg.MinBase, cfg.BackgroundBase = policy.K(), policy.MinBase(), policy.BackgroundBase()
	record, err := d.Keys.Secret(keys.Record)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	policy = policy.WithSecret(record)
	if len(cfg.CookieKeys) == 0 {
		key, err := d.Keys.Secret(keys.Cookie)
		if err != nil {
			return nil, fmt.Errorf("web: %w", err)
		}
		cfg.CookieKeys = [][]byte{key}
	}
	k := &Kit{Store: d.Store, Catalog: d.Catalog, Locales: d.Locales, Keys: d.Keys, Log: d.Log, Events: d.Events, Config: d.Config, Assets: d.Assets, policy: policy,
		PerClient: NewLimiter(cfg.ClientRate, max(60, cfg.ClientRate/4)), cookies: cookieStore(cfg.CookieKeys, cfg.SecureCookies),
		crossOrigin: http.NewCrossOriginProtection(), Shelf: edition.NewShelf(d.Store)}
	k.Shelf.Log = d.Log
	if k.views, err = loadViews(d.Assets, d.Asset, cfg.LiveAssets); err != nil {
		return nil, err
	}
	if k.Helplines, err = loadLines(d.Assets, d.Locales, survey.LoadHelplines); err != nil {
		return nil, err
	}
	if k.previewKey, err = d.Keys.Secret(keys.Preview); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	k.Authoring = authoring.New(d.Store, d.Catalog, d.Locales)
	if k.Complaints, err = loadLines(d.Assets, d.Locales, survey.LoadComplaints); err != nil {
		return nil, err
	}
	voice, err := d.Keys.Secret(keys.Voice)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	var langs []string
	for _, l := range d.Locales.Offered() { // a voice link may be in a draft language: its screens are child-facing
		langs = append(langs, l.Tag)
	}
	if k.Decisions, err = decision.New(d.Store, voice, d.Catalog.Settings, langs); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	return k, nil
}

// Release is the disclosure policy for a request: every function that
// lets numbers derived from answers out takes it and calls its Note first,
// which tells Config.OnRelease the request's method and route template.
// Surfaces get the policy only this way, so what they release is always
// observed.
func (k *Kit) Release(c *gin.Context) release.Policy {
	on := k.Config.OnRelease
	if on == nil {
		return k.policy
	}
	route := c.Request.Method + " " + c.FullPath()
	return k.policy.WithObserver(func(what string) { on(route, what) })
}

// Background is the disclosure policy for work no request asked for (the
// demo's seeded groups at start-up): nobody observes it.
func (k *Kit) Background() release.Policy { return k.policy }

// K is the disclosure threshold, for pages that say it.
func (k *Kit) K() int { return k.policy.K() }

// SetIndex hands the kit the indicator index once it is built; until then
// indicator pages say the answers are still being counted.
func (k *Kit) SetIndex(ix *indicator.Index) { k.index.Store(ix) }

// Index returns the indicator index, or nil while it is still being built.
func (k *Kit) Index() *indicator.Index { return k.index.Load() }

// ErrCounting is the answer while the index is still being built.
var ErrCounting = fault.New(fault.Unavailable, "results.counting", "the index is still being built")

// loadLines reads the children's helplines or complaint lines from the
// surveys folder of the assets, with a text in every offered language
// (a draft's first texts to review).
func loadLines(assets fs.FS, locs *locale.Bundle, load func(fs.FS, []string) (*survey.Helplines, error)) (*survey.Helplines, error) {
	surveys, err := fs.Sub(assets, "surveys")
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	var tags []string
	for _, l := range locs.Offered() {
		tags = append(tags, l.Tag)
	}
	return load(surveys, tags)
}

// PublicURL is the address of path on this server as someone outside
// reaches it: what children type or scan, a professional's personal link,
// a printed report's source. It comes from the configuration
// (Config.BaseURL), never from the request's Host header, which whoever
// sends the request chooses.
func (k *Kit) PublicURL(path string) string { return k.Config.BaseURL + path }

// PublicHost is the host (and port) of PublicURL, what children type.
func (k *Kit) PublicHost() string {
	u, _ := url.Parse(k.Config.BaseURL) // checked in New
	return u.Host
}

// DefaultBaseURL is the address shown when none is configured: the
// default listen address.
const DefaultBaseURL = "http://127.0.0.1:8080"

// BaseURL checks an address children and professionals reach the server
// on, and returns it without a trailing slash: http or https, a host, an
// optional port, and no path, query, fragment or user (the server's pages
// live at the root).
func BaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" {
		return "", fmt.Errorf("base URL %q: want http:// or https:// and a host, e.g. https://kinderstem.example.org", raw)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil || u.Opaque != "" {
		return "", fmt.Errorf("base URL %q: only a scheme, a host and a port; Kinderstem's pages live at the root", raw)
	}
	return u.Scheme + "://" + u.Host, nil
}

// AnalystParams are the query parameters analyst pages, the API and the
// exports read besides the analyst's request (indicator.ParseRequest);
// any other is refused.
var AnalystParams = []string{"survey", "indicator", "bom", "semicolon", "texts", "lang",
	"limit", "cursor", "suppressed", // the API's paging
	"area", "at", "sex", // a registration indicator's page
	"crc", // indicators citing one article of the Convention
}

// ProcessParams are the query parameters the process indicators' page,
// API and export read besides their query (process.ParseQuery).
var ProcessParams = []string{"bom", "semicolon", "lang"}
