package main

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof"
	"net/netip"
	"net/url" // only served when KINDERSTEM_PPROF names a loopback address
	"strings"
	"time"

	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web"
	"github.com/kinderstem/kinderstem/internal/web/public"
)

type serveConfig struct {
	addr, db, assets        string
	noDemo, secure          bool
	sessionKeys, keyFile    string
	getenv                  func(string) string
	k, resultsDays          int
	backgroundBase          int
	rateClient, rateSession int
	pprof                   string
	trustedProxies          []string
	memLimit                int64
	tlsCert, tlsKey, domain string
	baseURL, proxyHeader    string
	embedOrigins            []string
	openLicence, publisher  string
	newNoiseEpoch           bool
	shutdownGrace           time.Duration
	ops                     opsConfig
}

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	f := newFlags("serve", getenv, stdout)
	cfg := serveConfig{shutdownGrace: 15 * time.Second}
	addr := f.str("addr", "KINDERSTEM_ADDR", "127.0.0.1:8080", "address to listen on")
	db := f.db()
	assets := f.str("assets", "KINDERSTEM_ASSETS", "", "read templates, static files, locales and surveys from this folder (live editing)")
	noDemo := f.boolean("no-demo", "KINDERSTEM_NO_DEMO", false, "do not create demo content in an empty database")
	secure := f.boolean("secure-cookies", "KINDERSTEM_SECURE_COOKIES", false, "mark cookies Secure (set when behind HTTPS; on with TLS)")
	keys := f.str("session-keys", "KINDERSTEM_SESSION_KEYS", "", "comma-separated cookie secrets (base64 or hex, 32+ bytes), newest first; the key file's when empty")
	keyFile := f.keyFile()
	k := f.integer("k", "KINDERSTEM_K", 10, "hide any group of fewer than k respondents (at least 5)")
	bgBase := f.integer("background-base", "KINDERSTEM_BACKGROUND_BASE", 0, "fewest children a figure by a background variable rests on (0: twice the minimum base of 50)")
	results := f.integer("results-days", "KINDERSTEM_RESULTS_DAYS", 90, "days a closed session's code still shows the group's results")
	tlsCert := f.str("tls-cert", "KINDERSTEM_TLS_CERT", "", "TLS certificate file")
	tlsKey := f.str("tls-key", "KINDERSTEM_TLS_KEY", "", "TLS key file")
	domain := f.str("domain", "KINDERSTEM_DOMAIN", "", "get certificates for this domain automatically (ACME); listens on :443 and :80")
	memLimit := f.integer("memory-limit", "KINDERSTEM_MEMORY_LIMIT", 54, "soft limit in MB for the Go heap (GOMEMLIMIT overrides); raised by itself when the indicator index needs more")
	rateClient := f.integer("rate-client", "KINDERSTEM_RATE_CLIENT", 600, "submissions per minute one client address may send")
	rateSession := f.integer("rate-session", "KINDERSTEM_RATE_SESSION", 1200, "submissions per minute one session may receive")
	proxies := f.str("trusted-proxies", "KINDERSTEM_TRUSTED_PROXIES", "", "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For names the client (none when empty)")
	proxyHeader := f.str("proxy-header", "KINDERSTEM_PROXY_HEADER", "X-Forwarded-For", "the one header a trusted proxy names the client in")
	baseURL := f.str("base-url", "KINDERSTEM_BASE_URL", "", "the address children and professionals reach this server on, shown on the session page, in QR codes and links (default: https://DOMAIN with --domain, else the listen address)")
	embed := f.str("embed-origins", "KINDERSTEM_EMBED_ORIGINS", "", "comma-separated sites (scheme://host[:port]) that may frame the public charts under /embed; every other page refuses framing")
	licence := f.str("open-licence", "KINDERSTEM_OPEN_LICENCE", "", "URL of the public monitor's open-data licence (default CC BY 4.0)")
	publisher := f.str("publisher", "KINDERSTEM_PUBLISHER", "", "who publishes the public monitor, named in its data catalogue")
	// No environment variable on purpose: a new noise epoch is typed once,
	// never left in a service's settings.
	newEpoch := f.Bool("new-noise-epoch", false, "start a new noise epoch with the key file's record secret, once, when the key file that belongs to the database is lost for good (see docs/running.md)")
	ops := opsFlags(f)
	if err := f.parse(args); err != nil {
		return err
	}
	cfg.ops = ops.config()
	cfg.addr, cfg.db, cfg.assets, cfg.noDemo, cfg.secure = *addr, *db, *assets, *noDemo, *secure
	cfg.sessionKeys, cfg.k, cfg.resultsDays = *keys, *k, *results
	cfg.backgroundBase = *bgBase
	cfg.keyFile, cfg.getenv = *keyFile, getenv
	cfg.tlsCert, cfg.tlsKey, cfg.domain = *tlsCert, *tlsKey, *domain
	cfg.rateClient, cfg.rateSession = *rateClient, *rateSession
	cfg.baseURL, cfg.proxyHeader, cfg.newNoiseEpoch = *baseURL, *proxyHeader, *newEpoch
	cfg.openLicence, cfg.publisher = *licence, *publisher
	for _, o := range strings.Split(*embed, ",") {
		if o = strings.TrimSpace(o); o != "" {
			cfg.embedOrigins = append(cfg.embedOrigins, o)
		}
	}
	for _, p := range strings.Split(*proxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			cfg.trustedProxies = append(cfg.trustedProxies, p)
		}
	}
	cfg.memLimit = int64(*memLimit) << 20
	cfg.pprof = getenv("KINDERSTEM_PPROF")
	if cfg.pprof != "" && !strings.HasPrefix(cfg.pprof, "127.0.0.1:") {
		return usageError{"KINDERSTEM_PPROF must be a 127.0.0.1 address"}
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	return serve(ctx, cfg, stdout)
}

func (c *serveConfig) validate() error {
	var errs []string
	if _, err := release.NewPolicy(c.k, 0); err != nil || c.k == 0 {
		errs = append(errs, fmt.Sprintf("--k %d: small groups must be hidden below at least %d", c.k, release.MinK))
	}
	if c.rateClient < 1 || c.rateSession < 1 {
		errs = append(errs, "--rate-client and --rate-session must be at least 1 per minute")
	}
	if c.resultsDays < 0 {
		errs = append(errs, "--results-days must not be negative")
	}
	if (c.tlsCert == "") != (c.tlsKey == "") {
		errs = append(errs, "--tls-cert and --tls-key go together")
	}
	if c.domain != "" && c.tlsCert != "" {
		errs = append(errs, "--domain gets certificates itself; leave out --tls-cert and --tls-key")
	}
	if c.domain == "" {
		if _, _, err := net.SplitHostPort(c.addr); err != nil {
			errs = append(errs, fmt.Sprintf("--addr %q: want host:port, e.g. 127.0.0.1:8080", c.addr))
		}
	}
	for _, p := range c.trustedProxies {
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				errs = append(errs, fmt.Sprintf("--trusted-proxies: %q is not an address or a CIDR range", p))
			}
		}
	}
	if _, err := parseKeys(c.sessionKeys); err != nil {
		errs = append(errs, err.Error())
	}
	if c.baseURL != "" {
		base, err := web.BaseURL(c.baseURL)
		if err != nil {
			errs = append(errs, "--base-url: "+err.Error())
		}
		c.baseURL = base
	}
	for _, o := range c.embedOrigins {
		if !public.CheckOrigin(o) {
			errs = append(errs, fmt.Sprintf("--embed-origins: %q is not a site; want scheme://host[:port], e.g. https://www.example.be", o))
		}
	}
	if c.openLicence != "" {
		if u, err := url.Parse(c.openLicence); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, fmt.Sprintf("--open-licence %q: want the licence's URL, e.g. http://creativecommons.org/licenses/by/4.0/", c.openLicence))
		}
	}
	if !validHeaderName(c.proxyHeader) {
		errs = append(errs, fmt.Sprintf("--proxy-header %q: want a header name, e.g. X-Forwarded-For or X-Real-IP", c.proxyHeader))
	}
	errs = append(errs, c.ops.validate(c.getenv)...)
	if len(errs) > 0 {
		return usageError{strings.Join(errs, "\n")}
	}
	return nil
}

// validHeaderName reports whether s can be an HTTP header's name.
func validHeaderName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// parseKeys reads comma-separated secrets in base64 or hex.
func parseKeys(s string) ([][]byte, error) {
	var out [][]byte
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, err := hex.DecodeString(part)
		if err != nil {
			key, err = base64.StdEncoding.DecodeString(part)
		}
		if err != nil || len(key) < 32 {
			return nil, errors.New("--session-keys: each key must be 32 or more bytes, in base64 or hex (try: openssl rand -hex 32)")
		}
		out = append(out, key)
	}
	return out, nil
}

func serve(ctx context.Context, cfg serveConfig, stdout io.Writer) error {
	log := cfg.ops.logger(stdout)
	if cfg.pprof != "" {
		// A profiling endpoint for maintainers, on its own loopback address.
		go http.ListenAndServe(cfg.pprof, http.DefaultServeMux)
		log.Info("profiling", "addr", cfg.pprof)
	}
	c, err := loadContent(cfg.assets)
	if err != nil {
		return err
	}
	for _, w := range c.fallbacks {
		log.Warn("translation missing (kinderstem surveys check fails on it)", "what", w)
	}
	fitMemoryLimit(cfg.memLimit)
	ops := newOps(cfg, log)
	if err := upgradeSafely(ctx, cfg.db, stdout, log); err != nil {
		return err
	}
	st, err := c.openStore(ctx, cfg.db, ops.storeOptions())
	if err != nil {
		return err
	}
	err = serveStore(ctx, cfg, c, st, ops, stdout, log)
	if cerr := st.Close(); cerr != nil {
		log.Error("close database", "err", cerr)
		if err == nil {
			err = cerr
		}
	}
	if err == nil {
		fmt.Fprintln(stdout, "Stopped; the database is closed.")
	}
	return err
}

func serveStore(ctx context.Context, cfg serveConfig, c *content, st *store.Store, ops *ops, stdout io.Writer, log *slog.Logger) error {
	// The key file before anything is written: a database restored
	// without its own is refused here, untouched.
	ks, err := openKeys(cfg.keyFile, cfg.db, cfg.getenv)
	if err != nil {
		return err
	}
	rk, err := recordKey(ctx, st, ks, cfg.db, cfg.newNoiseEpoch, stdout)
	if err != nil {
		return err
	}
	if !cfg.noDemo {
		if err := demo.Welcome(ctx, st, c.catalog, stdout); err != nil {
			return err
		}
		surveys, _ := fs.Sub(c.assets, "surveys")
		if err := demo.SeedRegistration(ctx, st, c.catalog, surveys); err != nil {
			return err
		}
		if err := demo.SeedPopulation(ctx, st, c.catalog, surveys); err != nil {
			return err
		}
	}
	cookieKeys, _ := parseKeys(cfg.sessionKeys)
	ln, err := openListener(cfg)
	if err != nil {
		return err
	}
	defer ln.close()
	base := cfg.baseURL
	if base == "" {
		base = ln.base
	}
	tlsOn := cfg.tlsCert != "" || cfg.domain != ""
	stopOps, err := ops.start(ctx, st)
	if err != nil {
		return err
	}
	defer stopOps()
	app, err := web.New(web.Deps{Store: st, Catalog: c.catalog, Locales: c.locales, Assets: c.assets, Keys: ks, Log: log,
		Metrics: ops.metrics, LogRequests: cfg.ops.logRequests, Config: web.Config{
			SecureCookies: cfg.secure || tlsOn, HSTS: tlsOn, CookieKeys: cookieKeys, K: cfg.k, BackgroundBase: cfg.backgroundBase,
			LiveAssets: cfg.assets != "", ResultsFor: time.Duration(cfg.resultsDays) * 24 * time.Hour,
			ClientRate: cfg.rateClient, SessionRate: cfg.rateSession, TrustedProxies: cfg.trustedProxies, ProxyHeader: cfg.proxyHeader,
			BaseURL: base, EmbedOrigins: cfg.embedOrigins, OpenLicence: cfg.openLicence, Publisher: cfg.publisher,
		}})
	if err != nil {
		return err
	}
	// A child's view in a decision is erased when its retention is over:
	// now, and every hour while serving. It stops when serving ends, also
	// when serving ends with an error before ctx does.
	if ops.metrics != nil {
		ops.metrics.WatchErasure(app.LastErasure)
	}
	eraseCtx, stopErasing := context.WithCancel(ctx)
	defer stopErasing()
	erasing := make(chan struct{})
	go func() {
		defer close(erasing)
		app.EraseVoices(eraseCtx, time.Hour, log)
	}()
	// The indicator index is read in the background, from its snapshot
	// beside the database when that is this database's, otherwise from the
	// answers (and the snapshot written again): the children's pages work
	// at once; indicator pages say "still counting".
	loaded := make(chan struct{})
	ctx, stopIndex := context.WithCancel(ctx)
	defer stopIndex()
	go func() {
		defer close(loaded)
		start := time.Now()
		snap := indicator.SnapshotPath(cfg.db)
		var ix *indicator.Index
		var err error
		withoutMemoryLimit(func() { ix, err = indicator.OpenSnapshot(ctx, st, c.catalog, snap, indicator.WithRecordKey(rk)) })
		why := ""
		if err != nil {
			ix, why, err = indicator.Rebuild(ctx, st, c.catalog, snap, err, indicator.WithRecordKey(rk))
		}
		if why != "" {
			log.Warn("indicator index: snapshot not used, read from the database", "why", why)
		}
		if err != nil && ix == nil {
			if ctx.Err() == nil {
				log.Error("indicator index", "err", err)
			}
			return
		}
		if err != nil {
			log.Error("indicator index: snapshot not written", "err", err)
		}
		app.SetIndex(ix)
		ops.indexBuilt(time.Since(start))
		defer keepSnapshot(ctx, ix, st, snap, log)
		if !cfg.noDemo {
			// The demo's participation loop: its group's results are
			// published, so its ideas page shows the ideas.
			id, ok, err := demo.LoopSession(ctx, st)
			if err == nil && ok {
				err = app.PublishSeeded(ctx, id)
			}
			if err != nil {
				log.Error("demo: publish the loop group's results", "err", err)
			}
			if err := app.PublishDemoEditions(ctx); err != nil {
				log.Error("demo: publish the public editions", "err", err)
			}
		}
		limit := fitMemoryLimit(cfg.memLimit)
		log.Info("indicator index ready", "took_ms", time.Since(start).Milliseconds(), "from_snapshot", ix.FromSnapshot(), "memory_limit_mb", limit>>20)
		followLiveHeap(ctx, limit, time.Minute)
	}()
	fmt.Fprintf(stdout, "Kinderstem is running at %s/ (database %s). Press Ctrl-C to stop.\n", ln.base, cfg.db)
	if base != ln.base {
		fmt.Fprintf(stdout, "Children and professionals are sent to %s/ (--base-url).\n", base)
	}
	err = serveOn(ctx, cfg, web.Server(cfg.addr, app.Handler(), log), ln, stdout, log, func() { ops.ready(ctx, st) })
	stopErasing()
	stopIndex() // the index writes its snapshot a last time
	<-loaded    // it stops soon after ctx ends; the store must outlive it
	<-erasing
	return err
}
