// Package web is the HTTP face of Kinderstem: the child's pages, the staff
// pages and the JSON API, on gin. It is the only package that speaks HTTP;
// everything it knows it asks of the domain packages.
package web

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/sessions"
	"github.com/klauspost/compress/gzhttp"

	"github.com/kinderstem/kinderstem/internal/auth"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/locale"
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

// Deps are what the web layer is built from.
type Deps struct {
	Store   *store.Store
	Catalog *survey.Catalog
	Locales *locale.Bundle
	Assets  fs.FS      // holds templates/ and static/
	Keys    *keys.Keys // the server's secrets, kept outside the database
	Log     *slog.Logger
	Config  Config
}

// App is the web application.
type App struct {
	Deps
	views       *views
	static      *staticFiles
	engine      *gin.Engine
	cookies     *sessions.CookieStore
	crossOrigin *http.CrossOriginProtection
	throttle    *auth.Throttle
	hashing     chan struct{} // one slot per core for argon2id work
	perClient   *limiter
	perSession  *limiter
	wrongCodes  *limiter // wrong session codes per client address
	perLink     *limiter // saves per invitation or personal link
	// logUnavailable keeps a full disk from writing a log line per request.
	logUnavailable everyMinute
	sessionCache
	index     atomic.Pointer[indicator.Index]
	helplines *survey.Helplines
}

// SetIndex hands the app the indicator index once it is built; until then
// indicator pages say the answers are still being counted.
func (a *App) SetIndex(ix *indicator.Index) { a.index.Store(ix) }

// indicators returns the index, or nil while it is still being built.
func (a *App) indicators() *indicator.Index { return a.index.Load() }

// New builds the application: it parses every template and reads every
// static file once, so a broken template fails here, not on a request.
func New(d Deps) (*App, error) {
	if d.Store == nil || d.Catalog == nil || d.Locales == nil || d.Assets == nil {
		return nil, errors.New("web: store, catalog, locales and assets are required")
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Config.BodyLimit <= 0 {
		d.Config.BodyLimit = 64 << 10
	}
	if d.Config.K == 0 {
		d.Config.K = 10
	}
	if d.Config.K < 5 {
		return nil, fmt.Errorf("web: k = %d: small groups must be hidden below at least 5", d.Config.K)
	}
	if d.Config.ClientRate <= 0 {
		d.Config.ClientRate = 600
	}
	if d.Config.SessionRate <= 0 {
		d.Config.SessionRate = 1200
	}
	if d.Config.ResultsFor <= 0 {
		d.Config.ResultsFor = 90 * 24 * time.Hour
	}
	if d.Keys == nil {
		return nil, errors.New("web: a key file is required")
	}
	if len(d.Config.CookieKeys) == 0 {
		key, err := d.Keys.Secret(keys.Cookie)
		if err != nil {
			return nil, fmt.Errorf("web: %w", err)
		}
		d.Config.CookieKeys = [][]byte{key}
	}
	a := &App{Deps: d, cookies: cookieStore(d.Config.CookieKeys, d.Config.SecureCookies), crossOrigin: http.NewCrossOriginProtection(),
		throttle: auth.NewThrottle(), hashing: make(chan struct{}, runtime.NumCPU()),
		perClient: newLimiter(d.Config.ClientRate, max(60, d.Config.ClientRate/4)), perSession: newLimiter(d.Config.SessionRate, max(100, d.Config.SessionRate/4)),
		wrongCodes: newLimiter(wrongCodesPerMinute, wrongCodesBurst), perLink: newLimiter(linkSavesPerMinute, linkSavesBurst)}
	var err error
	if a.static, err = loadStatic(d.Assets, d.Config.LiveAssets); err != nil {
		return nil, err
	}
	if a.views, err = loadViews(d.Assets, a.static.url, d.Config.LiveAssets); err != nil {
		return nil, err
	}
	if a.helplines, err = loadHelplines(d.Assets, d.Locales); err != nil {
		return nil, err
	}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	// Handlers pass c.Request.Context() to the store, never the pooled
	// *gin.Context: database/sql watches a context after the handler has
	// returned and gin has handed the Context to the next request.
	// Only the proxies named in TrustedProxies may say whose request it
	// is (X-Forwarded-For); by default none. The client address is only
	// ever counted in memory, never stored.
	if err := e.SetTrustedProxies(d.Config.TrustedProxies); err != nil {
		return nil, fmt.Errorf("web: trusted proxies: %w", err)
	}
	a.throttle.Now = d.Store.Now
	a.engine = e
	a.routes(e)
	return a, nil
}

// Handler returns the application with gzip for every compressible answer.
func (a *App) Handler() http.Handler {
	wrap, err := gzhttp.NewWrapper(gzhttp.MinSize(512), gzhttp.ContentTypes([]string{
		"text/html", "text/css", "text/javascript", "application/javascript", "application/json",
		"image/svg+xml", "text/csv", "application/manifest+json",
	}))
	if err != nil {
		panic(err) // the options above are constants
	}
	gz := wrap(a.engine)
	// A submission's answer is a few bytes: not worth a compressor per
	// request on the busiest path.
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/v1/sessions/") {
			a.engine.ServeHTTP(w, r)
			return
		}
		gz.ServeHTTP(w, r)
	})
}

// Server returns an http.Server with timeouts that a slow or idle client
// cannot stretch: headers in 5 s, a body in 30 s.
func Server(addr string, h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

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
