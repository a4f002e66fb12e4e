// Package web is the HTTP face of Kinderstem on gin: New, the one route
// table ordered by who is at the other end (routes.go), the middleware
// every request passes, static files, health and the home page. Each
// surface is a package of its own (child, voice, respond, staff, api) built on
// the shared plumbing of httpkit; this package only wires them.
package web

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/klauspost/compress/gzhttp"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/metrics"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/api"
	"github.com/kinderstem/kinderstem/internal/web/child"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
	"github.com/kinderstem/kinderstem/internal/web/public"
	"github.com/kinderstem/kinderstem/internal/web/respond"
	"github.com/kinderstem/kinderstem/internal/web/staff"
	"github.com/kinderstem/kinderstem/internal/web/voice"
)

// Config holds the web layer's settings.
type Config = httpkit.Config

// DefaultBaseURL is the address shown when none is configured.
const DefaultBaseURL = httpkit.DefaultBaseURL

// BaseURL checks an address children and professionals reach the server
// on (Config.BaseURL), as the command line does before starting.
func BaseURL(raw string) (string, error) { return httpkit.BaseURL(raw) }

// Deps are what the web layer is built from.
type Deps struct {
	Store   *store.Store
	Catalog *survey.Catalog
	Locales *locale.Bundle
	Assets  fs.FS      // holds templates/, static/ and surveys/
	Keys    *keys.Keys // the server's secrets, kept outside the database
	Log     *slog.Logger
	// Metrics counts requests by route template, refused submissions,
	// rate limits and logins for the operator's Prometheus; none when nil.
	Metrics *metrics.Metrics
	// LogRequests writes one log line per request: method, route
	// template, status and duration, never the path (it holds codes).
	LogRequests bool
	Config      Config
}

// App is the web application: the shared kit, one handler per surface and
// the gin engine that routes to them.
type App struct {
	kit         *httpkit.Kit
	static      *staticFiles
	dicts       *dictionaries // the child pages sent as compression dictionaries
	engine      *gin.Engine
	child       *child.Handler
	respond     *respond.Handler
	staff       *staff.Handler
	api         *api.Handler
	public      *public.Handler
	voice       *voice.Handler
	metrics     *metrics.Metrics
	logRequests bool
	routes      []Route
	mounts      []mountPoint
	// bodyLimits are the routes that take larger bodies than the
	// configured limit (an upload), by method and path.
	bodyLimits map[string]int64
}

// ginMode is set once: gin's mode is a package variable, and apps are
// built concurrently in tests.
var ginMode sync.Once

// New builds the application: it parses every template and reads every
// static file once, so a broken template fails here, not on a request.
func New(d Deps) (*App, error) {
	if d.Assets == nil {
		return nil, fmt.Errorf("web: store, catalog, locales and assets are required")
	}
	a := &App{metrics: d.Metrics, logRequests: d.LogRequests, dicts: newDictionaries()}
	var err error
	if a.static, err = loadStatic(d.Assets, d.Config.LiveAssets); err != nil {
		return nil, err
	}
	var events httpkit.Events
	if d.Metrics != nil {
		events = d.Metrics
	}
	a.kit, err = httpkit.New(httpkit.Deps{Store: d.Store, Catalog: d.Catalog, Locales: d.Locales, Assets: d.Assets, Asset: a.static.url,
		Keys: d.Keys, Log: d.Log, Events: events, Config: d.Config})
	if err != nil {
		return nil, err
	}
	a.child, a.respond, a.staff, a.api = child.New(a.kit), respond.New(a.kit), staff.New(a.kit), api.New(a.kit)
	a.public, a.voice = public.New(a.kit), voice.New(a.kit)
	ginMode.Do(func() { gin.SetMode(gin.ReleaseMode) })
	e := gin.New()
	e.HandleMethodNotAllowed = true
	// Handlers pass c.Request.Context() to the store, never the pooled
	// *gin.Context: database/sql watches a context after the handler has
	// returned and gin has handed the Context to the next request.
	// Only the proxies named in TrustedProxies may say whose request it
	// is, and only in the one header configured (X-Forwarded-For unless
	// ProxyHeader names another); by default no proxy is trusted. gin
	// would also believe X-Real-IP: a proxy that sets only one of the two
	// passes the other on from the client as it came. The client address
	// is only ever counted in memory, never stored.
	if err := e.SetTrustedProxies(a.kit.Config.TrustedProxies); err != nil {
		return nil, fmt.Errorf("web: trusted proxies: %w", err)
	}
	e.RemoteIPHeaders = []string{a.kit.Config.ProxyHeader}
	a.engine = e
	a.mount(e)
	return a, nil
}

// SetIndex hands the app the indicator index once it is built; until then
// indicator pages say the answers are still being counted.
func (a *App) SetIndex(ix *indicator.Index) { a.kit.SetIndex(ix) }

// PublishSeeded publishes the results of a group the demo seeded with
// every child it counted, once the index is loaded (staff.PublishSeeded).
func (a *App) PublishSeeded(ctx context.Context, sessionID int64) error {
	return a.staff.PublishSeeded(ctx, sessionID)
}

// EraseVoices erases the children's views whose retention is over, now
// and then every interval until ctx ends (decision.Service.EraseDue).
func (a *App) EraseVoices(ctx context.Context, every time.Duration, log *slog.Logger) {
	a.kit.Decisions.EraseEvery(ctx, every, log)
}

// LastErasure is when the erasure pass last ran and how many requests
// due it could not erase (metrics.Erasure).
func (a *App) LastErasure() (time.Time, int) {
	p := a.kit.Decisions.LastErasure()
	return p.At, p.Failed
}

// Handler returns the application with gzip or zstd for every
// compressible answer, and brotli for a child's pages (brotli.go).
func (a *App) Handler() http.Handler {
	wrap, err := gzhttp.NewWrapper(gzhttp.MinSize(512), gzhttp.ContentTypes([]string{
		"text/html", "text/css", "text/javascript", "application/javascript", "application/json",
		"image/svg+xml", "text/csv", "application/manifest+json",
	}))
	if err != nil {
		panic(err) // the options above are constants
	}
	gz := wrap(a.engine)
	childBr := wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bw := &brotliWriter{ResponseWriter: w, dicts: a.dicts, dict: a.dicts.lookup(r)}
		if bw.dict == nil {
			// The handlers see a dictionary offered only when this
			// server can use it (child.Questionnaire then sends none).
			r.Header.Del("Available-Dictionary")
		}
		defer bw.close()
		a.engine.ServeHTTP(bw, r)
	}))
	// A submission's answer is a few bytes: not worth a compressor per
	// request on the busiest path.
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/v1/sessions/") {
			a.engine.ServeHTTP(w, r)
			return
		}
		if wantsChildBrotli(r) {
			childBr.ServeHTTP(w, r)
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
		ErrorLog:          serverErrorLog(log),
	}
}
