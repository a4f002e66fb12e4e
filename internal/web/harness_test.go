package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/auth"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/metrics"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/testkit"
	"github.com/kinderstem/kinderstem/internal/web"
)

// env is the real application on a real SQLite file, served by httptest.
type env struct {
	t       testing.TB
	app     *web.App
	path    string
	store   *store.Store
	catalog *survey.Catalog
	locales *locale.Bundle
	srv     *httptest.Server
	clock   *testClock
	keys    *keys.Keys // the key file the app runs with
	logs    *syncBuffer
	metrics *metrics.Metrics
	ix      *indicator.Index
	down    atomic.Bool // the network to the server is cut: connections drop
}

// The clock and the log buffer are the shared test kit's.
type (
	testClock  = testkit.Clock
	syncBuffer = testkit.Buffer
)

func newEnv(tb testing.TB) *env {
	tb.Helper()
	return newEnvWith(tb, func(*web.Config) {})
}

// newEnvWith is newEnv with a change to the configuration.
func newEnvWith(tb testing.TB, configure func(*web.Config)) *env {
	tb.Helper()
	return newEnvFull(tb, store.Options{}, configure)
}

// newEnvFull is newEnv with store options and a change to the configuration.
func newEnvFull(tb testing.TB, opts store.Options, configure func(*web.Config)) *env {
	tb.Helper()
	assets := kinderstem.Assets()
	clock := testkit.NewClock(time.Date(2026, 5, 12, 9, 30, 0, 0, time.UTC))
	opts.Now = clock.Now
	st, path, cat, bundle := testkit.OpenCatalogStore(tb, opts)
	// Each app publishes into catalogues of its own: the ones the test
	// binary shares stay as shipped.
	cat, bundle = cat.Clone(), bundle.Clone()
	logs := &syncBuffer{}
	// Cheap password hashes: the tests log in hundreds of times.
	cfg := web.Config{Passwords: testkit.Passwords}
	configure(&cfg)
	ks := testkit.Keys(tb)
	m := metrics.New()
	app, err := web.New(web.Deps{Store: st, Catalog: cat, Locales: bundle, Assets: assets, Keys: ks,
		Log:     slog.New(slog.NewTextHandler(logs, nil)),
		Metrics: m, Config: cfg})
	if err != nil {
		tb.Fatal(err)
	}
	ix, err := indicator.Load(context.Background(), st, cat, indicator.WithRecordKey([]byte("the tests' record key")))
	if err != nil {
		tb.Fatal(err)
	}
	app.SetIndex(ix)
	e := &env{t: tb, app: app, path: path, store: st, catalog: cat, locales: bundle, clock: clock, keys: ks, logs: logs, metrics: m, ix: ix}
	handler := app.Handler()
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if e.down.Load() {
			// As if the Wi-Fi dropped: the connection dies, no answer.
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
			}
			return
		}
		handler.ServeHTTP(w, r)
	}))
	srv := e.srv
	tb.Cleanup(func() {
		srv.Close()
		if strings.Contains(logs.String(), "panic") {
			tb.Errorf("the server panicked:\n%s", logs.String())
		}
	})
	return e
}

// rawDB reads the database file directly, past the store, as an auditor
// would.
func (e *env) rawDB() *sql.DB {
	e.t.Helper()
	db, err := sql.Open("sqlite3", "file:"+e.path+"?mode=ro")
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { db.Close() })
	return db
}

// client is a browser: it keeps cookies and does not follow redirects, so
// tests can see them.
type client struct {
	e  *env
	hc *http.Client
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type response struct {
	*http.Response
	body string
}

func (c *client) do(req *http.Request) *response {
	c.e.t.Helper()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &response{Response: resp, body: string(b)}
}

func (c *client) get(path string, headers ...string) *response {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.e.srv.URL+path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.do(req)
}

func (c *client) postForm(path string, form url.Values) *response {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *client) postJSON(path, body string, headers ...string) *response {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.do(req)
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf reads the CSRF token from a page's form.
func (r *response) csrf(tb testing.TB) string {
	tb.Helper()
	m := csrfInput.FindStringSubmatch(r.body)
	if m == nil {
		tb.Fatalf("no CSRF token on the page:\n%s", r.body)
	}
	return m[1]
}

func (r *response) want(tb testing.TB, status int, contains ...string) {
	tb.Helper()
	if r.StatusCode != status {
		tb.Fatalf("%s %s: status %d, want %d\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, status, r.body)
	}
	for _, s := range contains {
		if !strings.Contains(r.body, s) {
			tb.Fatalf("%s %s: body lacks %q:\n%s", r.Request.Method, r.Request.URL.Path, s, r.body)
		}
	}
}

// addUser creates a staff user and returns its password.
func (e *env) addUser(role, email, org string) string {
	e.t.Helper()
	ctx := context.Background()
	orgID := e.org(org)
	pw := "pw-" + auth.RandomPassword(12)
	hash, err := testkit.Passwords.Hash(pw)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.CreateUser(ctx, &store.User{OrganisationID: orgID, Email: email, Role: role, PasswordHash: hash}); err != nil {
		e.t.Fatal(err)
	}
	return pw
}

func (e *env) org(name string) int64 {
	e.t.Helper()
	ctx := context.Background()
	orgs, _ := e.store.Organisations(ctx)
	for _, o := range orgs {
		if o.Name == name {
			return o.ID
		}
	}
	id, err := e.store.CreateOrganisation(ctx, name, "ngo")
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// login logs a client in as a new user of the role.
func (e *env) login(role, org string) *client {
	e.t.Helper()
	email := role + "-" + strings.ToLower(auth.RandomPassword(6)) + "@example.org"
	pw := e.addUser(role, email, org)
	c := e.client()
	page := c.get("/login")
	c.postForm("/login", url.Values{"email": {email}, "password": {pw}, "csrf": {page.csrf(e.t)}}).want(e.t, http.StatusSeeOther)
	return c
}

// withIdeas gives a session the ideas step.
func withIdeas(s *store.Session) { s.Ideas = true }

// openSession makes an open session for a survey and band, changed by
// the options.
func (e *env) openSession(surveyID, band, lang, setting string, options ...func(*store.Session)) *store.Session {
	e.t.Helper()
	s, ok := e.catalog.Survey(surveyID)
	if !ok {
		e.t.Fatalf("no survey %s", surveyID)
	}
	sess := &store.Session{OrganisationID: e.org("Testclub"), SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash, AgeBand: band,
		Lang: lang, Setting: setting, Region: "gent", ClosesAt: e.clock.Now().Add(3 * time.Hour), ResultsUntil: e.clock.Now().Add(90 * 24 * time.Hour)}
	for _, o := range options {
		o(sess)
	}
	if err := e.store.CreateSession(context.Background(), sess); err != nil {
		e.t.Fatal(err)
	}
	return sess
}

// count is the number of submissions a session has stored.
func (e *env) count(sessionID int64) int {
	e.t.Helper()
	n, err := e.store.CountSubmissions(context.Background(), sessionID)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func regexpValue(tb testing.TB, body, pattern string) string {
	tb.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(body)
	if m == nil {
		tb.Fatalf("no %s in:\n%s", pattern, body)
	}
	return m[1]
}

func gzipReader(b []byte) (string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	out, err := io.ReadAll(zr)
	return string(out), err
}
