package kinderstem_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
	"github.com/kinderstem/kinderstem/internal/web"
)

// docFiles are the documents whose URLs and links the tests check.
var docFiles = []string{"README.md", "docs/*.md"}

// TestDocsURLs requests every site URL that the README and docs/ quote in
// code, against the demo content a first start creates, logged in as the
// role the URL is for. A URL the docs quote must answer: a 4xx or 5xx, or
// a redirect to the login page, fails with the file and line that quote
// it. A quoted POST is sent without a CSRF token or a body, so it changes
// nothing; it must reach its route (anything but 404, 405 or 5xx).
func TestDocsURLs(t *testing.T) {
	t.Parallel()
	quoted := quotedURLs(t)
	if len(quoted) < 50 {
		t.Fatalf("found only %d quoted URLs in %v: is the extraction broken?", len(quoted), docFiles)
	}
	site := newDemoSite(t)
	// The checker must catch a URL that once stood in the README and
	// stopped working: the second breakdown was once its own parameter.
	if err := site.check(quotedURL{method: http.MethodGet, raw: "/api/v1/indicators?by=age_band&by2=gender"}); err == nil {
		t.Fatal("the checker let /api/v1/indicators?by=age_band&by2=gender through; it answers 422")
	}
	// POSTs last: a refused POST changes nothing, but the GETs should see
	// the demo exactly as a first start leaves it.
	slices.SortStableFunc(quoted, func(a, b quotedURL) int {
		return strings.Compare(b.method, a.method) // GET before POST
	})
	for _, q := range quoted {
		t.Run(fmt.Sprintf("%s:%d", q.file, q.line), func(t *testing.T) {
			if err := site.check(q); err != nil {
				t.Errorf("%s:%d quotes %s %s\n%v", q.file, q.line, q.method, q.raw, err)
			}
		})
	}
	if strings.Contains(site.logs.String(), "panic") {
		t.Errorf("the server panicked:\n%s", site.logs.String())
	}
}

// TestDocsLinks checks that every relative link in the README and docs/
// points to a file that exists and, with a #fragment, to one of its
// headings.
func TestDocsLinks(t *testing.T) {
	t.Parallel()
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	for _, path := range docPaths(t) {
		for n, line := range readLines(t, path) {
			for _, m := range link.FindAllStringSubmatch(line, -1) {
				target := m[1]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				file, fragment, _ := strings.Cut(target, "#")
				if file == "" {
					file = path
				} else {
					file = filepath.Join(filepath.Dir(path), file)
				}
				if _, err := os.Stat(file); err != nil {
					t.Errorf("%s:%d links to %s: no such file", path, n+1, target)
					continue
				}
				if fragment != "" && strings.HasSuffix(file, ".md") && !slices.Contains(headingSlugs(t, file), fragment) {
					t.Errorf("%s:%d links to %s: %s has no heading #%s", path, n+1, target, file, fragment)
				}
			}
		}
	}
}

// quotedURL is one site URL a document quotes.
type quotedURL struct {
	file   string
	line   int
	method string // GET or POST
	raw    string // as the document writes it, placeholders and all
}

// serverHosts are the hosts the docs write for a Kinderstem server; other
// absolute URLs are somebody else's site and are not requested.
var serverHosts = []string{"127.0.0.1:8080", "localhost:8080", "your-server", "kinderstem.example"}

// notSite are first path segments of files on a disk, not of the site.
var notSite = []string{"tmp", "usr", "var", "etc", "home", "dev", "proc", "opt", "work", "bin", "srv", "mnt", "media", "data"}

// urlInCode finds a URL in a code span or block: an optional method, then
// a path that starts at a word boundary (or an http(s) URL), in the
// characters a URL may hold.
var urlInCode = regexp.MustCompile(`(?:^|[\s"'(=\x60])(?:(GET|POST) +)?((?:https?://[A-Za-z0-9.:\-]+)?/[A-Za-z0-9{][A-Za-z0-9\-._~/?#&=%{},:+*!$@…]*)`)

var codeSpan = regexp.MustCompile("`([^`]+)`")

// quotedURLs reads every site URL the documents quote in code: in fenced
// blocks line by line, and in code spans, which may run over a line break.
func quotedURLs(t *testing.T) []quotedURL {
	t.Helper()
	var out []quotedURL
	add := func(path string, line int, code string) {
		for _, m := range urlInCode.FindAllStringSubmatchIndex(code, -1) {
			raw, ok := sitePath(code[m[4]:m[5]])
			if !ok {
				continue
			}
			method := http.MethodGet
			if m[2] >= 0 {
				method = code[m[2]:m[3]]
			}
			out = append(out, quotedURL{file: path, line: line + strings.Count(code[:m[4]], "\n"), method: method, raw: raw})
		}
	}
	for _, path := range docPaths(t) {
		lines := readLines(t, path)
		// prose is the document with its fenced blocks blanked out, so
		// offsets still count lines.
		prose := make([]string, len(lines))
		inBlock := false
		for n, line := range lines {
			switch {
			case strings.HasPrefix(strings.TrimSpace(line), "```"):
				inBlock = !inBlock
			case inBlock:
				add(path, n+1, line)
			default:
				prose[n] = line
			}
		}
		text := strings.Join(prose, "\n")
		for _, m := range codeSpan.FindAllStringSubmatchIndex(text, -1) {
			add(path, 1+strings.Count(text[:m[2]], "\n"), text[m[2]:m[3]])
		}
	}
	return out
}

// sitePath returns the path and query of a URL on a Kinderstem server, or
// false for another site, a file on a disk, or a mention of a prefix
// ("/api/v1/…", "/i/").
func sitePath(s string) (string, bool) {
	s = strings.TrimRight(s, ".,;:!?")
	if rest, ok := strings.CutPrefix(s, "http://"); ok {
		s = rest
	} else if rest, ok := strings.CutPrefix(s, "https://"); ok {
		s = rest
	}
	if !strings.HasPrefix(s, "/") {
		host, path, ok := strings.Cut(s, "/")
		if !ok || !slices.Contains(serverHosts, host) {
			return "", false
		}
		s = "/" + path
	}
	first, _, _ := strings.Cut(strings.TrimPrefix(s, "/"), "/")
	if slices.Contains(notSite, first) || strings.Contains(s, "…") || strings.Contains(s, "...") || strings.HasSuffix(s, "/") {
		return "", false
	}
	return s, true
}

func docPaths(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, pattern := range docFiles {
		paths, err := filepath.Glob(pattern)
		if err != nil || len(paths) == 0 {
			t.Fatalf("no documents match %s", pattern)
		}
		out = append(out, paths...)
	}
	return out
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(b), "\n")
}

// headingSlugs lists a markdown file's headings as GitHub makes their
// anchors: lower case, punctuation dropped, spaces as hyphens.
func headingSlugs(t *testing.T, path string) []string {
	t.Helper()
	var out []string
	inBlock := false
	for _, line := range readLines(t, path) {
		if strings.HasPrefix(line, "```") {
			inBlock = !inBlock
		}
		if inBlock || !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#")))
		slug := strings.Map(func(r rune) rune {
			switch {
			case r == ' ':
				return '-'
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				return r
			}
			return -1
		}, title)
		out = append(out, slug)
	}
	return out
}

// demoSite is the application on a real SQLite file with the content a
// first start creates (cmd/kinderstem's serve): demo accounts, sessions,
// the participation loop, a closed invitation round, registration figures
// and a population table.
type demoSite struct {
	srv     *httptest.Server
	logs    *testkit.Buffer
	clients map[string]*http.Client // by role; "" is a child or a stranger
	values  map[string]string       // what the docs' placeholders stand for
}

func newDemoSite(t *testing.T) *demoSite {
	t.Helper()
	ctx := context.Background()
	// The docs' examples ask for 2026 (from=2026-01&to=2026-12): the demo's
	// submissions are dated on the clock's day.
	clock := testkit.NewClock(time.Date(2026, 5, 12, 9, 30, 0, 0, time.UTC))
	st, _, cat, bundle := testkit.OpenCatalogStore(t, store.Options{Now: clock.Now})
	var welcome bytes.Buffer
	if err := demo.Welcome(ctx, st, cat, &welcome); err != nil {
		t.Fatal(err)
	}
	surveys, _ := fs.Sub(kinderstem.Assets(), "surveys")
	if err := demo.SeedRegistration(ctx, st, cat, surveys); err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedPopulation(ctx, st, cat, surveys); err != nil {
		t.Fatal(err)
	}
	ks := testkit.Keys(t)
	logs := &testkit.Buffer{}
	app, err := web.New(web.Deps{Store: st, Catalog: cat, Locales: bundle, Assets: kinderstem.Assets(), Keys: ks,
		Log: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	rk, err := ks.Secret(keys.Record)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := indicator.Load(ctx, st, cat, indicator.WithRecordKey(rk))
	if err != nil {
		t.Fatal(err)
	}
	app.SetIndex(ix)
	if err := app.PublishDemoEditions(ctx); err != nil {
		t.Fatal(err)
	}
	s := &demoSite{srv: httptest.NewServer(app.Handler()), logs: logs, clients: map[string]*http.Client{}}
	t.Cleanup(s.srv.Close)
	s.values = demoValues(t, st, cat.Professional()[0].ID, welcome.String())
	s.clients[""] = s.client()
	for _, m := range regexp.MustCompile(`(?m)^\s+(\w+)\s+(\S+@\S+)\s+password: (\S+)$`).FindAllStringSubmatch(welcome.String(), -1) {
		s.clients[m[1]] = s.login(t, m[2], m[3])
	}
	for _, role := range []string{store.RoleAdmin, store.RoleAnalyst, store.RoleWorker} {
		if s.clients[role] == nil {
			t.Fatalf("no demo account for %s in:\n%s", role, welcome.String())
		}
	}
	return s
}

// demoValues finds what the docs' placeholders stand for in the demo: the
// open session's code, the loop group, its answer, the closed round, and
// an open round's invitation link and personal link, made here.
func demoValues(t *testing.T, st *store.Store, profSurvey, welcome string) map[string]string {
	t.Helper()
	ctx := context.Background()
	code := regexp.MustCompile(`demo session code: (\S+)`).FindStringSubmatch(welcome)
	if code == nil {
		t.Fatalf("no demo session code in:\n%s", welcome)
	}
	loop, ok, err := demo.LoopSession(ctx, st)
	if err != nil || !ok {
		t.Fatalf("the demo's loop session: %v, %v", ok, err)
	}
	replies, err := st.Replies(ctx, 0)
	if err != nil || len(replies) == 0 {
		t.Fatalf("the demo's answer: %d, %v", len(replies), err)
	}
	rounds, err := st.Rounds(ctx, 0)
	if err != nil || len(rounds) == 0 {
		t.Fatalf("the demo's round: %d, %v", len(rounds), err)
	}
	closed := rounds[0]
	for _, r := range rounds {
		if r.SurveyID == "child_guarantee" { // the round the docs quote
			closed = r
		}
	}
	open := &store.Round{OrganisationID: closed.OrganisationID, CreatedBy: closed.CreatedBy, SurveyID: closed.SurveyID,
		SurveyVersion: closed.SurveyVersion, SurveyHash: closed.SurveyHash, Label: "docs", ClosesAt: st.Now().Add(24 * time.Hour)}
	links, err := st.CreateRound(ctx, open, 2)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := st.StartResponse(ctx, links[1], "nl", nil)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"code":         code[1],
		"session":      strconv.FormatInt(loop, 10),
		"answer":       strconv.FormatInt(replies[0].ID, 10),
		"round":        strconv.FormatInt(closed.ID, 10),
		"registration": "kansarmoede",
		"survey":       "wellbeing",
		"indicator":    "life_satisfied",
		"link":         links[0],
		"secret":       secret,
		"format":       "csv",
	}
}

func (s *demoSite) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login logs a new client in with a demo account, through the login form.
func (s *demoSite) login(t *testing.T, email, password string) *http.Client {
	t.Helper()
	c := s.client()
	resp, err := c.Get(s.srv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfInput.FindSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token on the login page:\n%s", body)
	}
	resp, err = c.PostForm(s.srv.URL+"/login", url.Values{"email": {email}, "password": {password}, "csrf": {string(m[1])}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("log in as %s: %d", email, resp.StatusCode)
	}
	return c
}

// check requests one quoted URL, every variant of it, as the role it is
// for, and says what is wrong with the answer.
func (s *demoSite) check(q quotedURL) error {
	paths, err := s.fill(q.raw)
	if err != nil {
		return err
	}
	for _, path := range paths {
		req, _ := http.NewRequest(q.method, s.srv.URL+path, nil)
		if q.method == http.MethodPost {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := s.clients[roleFor(path)].Do(req)
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 400))
		resp.Body.Close()
		switch code := resp.StatusCode; {
		case q.method == http.MethodPost && (code == http.StatusNotFound || code == http.StatusMethodNotAllowed || code >= 500):
			return fmt.Errorf("POST %s answers %d: no such route", path, code)
		case q.method == http.MethodGet && code >= 400:
			return fmt.Errorf("GET %s answers %d: %s", path, code, body)
		case code >= 300 && code < 400 && strings.HasPrefix(resp.Header.Get("Location"), "/login"):
			return fmt.Errorf("%s %s sends %s to the login page: teach roleFor who may see it", q.method, path, roleName(roleFor(path)))
		}
	}
	return nil
}

// roleFor is the role the docs mean for a path: the least one that may use
// it.
func roleFor(path string) string {
	p, query, _ := strings.Cut(path, "?")
	switch {
	case strings.Contains(query, "texts=1") || strings.HasPrefix(p, "/admin"):
		return store.RoleAdmin
	case strings.HasPrefix(p, "/sessions") || strings.HasPrefix(p, "/answers") || strings.HasPrefix(p, "/voice"):
		return store.RoleWorker
	case strings.HasPrefix(p, "/indicators") || strings.HasPrefix(p, "/export") || strings.HasPrefix(p, "/rounds") || strings.HasPrefix(p, "/surveys") ||
		strings.HasPrefix(p, "/process") || strings.HasPrefix(p, "/topics") || strings.HasPrefix(p, "/editions") || strings.HasPrefix(p, "/account") || strings.HasPrefix(p, "/staff") ||
		(strings.HasPrefix(p, "/api/v1/") && !strings.HasPrefix(p, "/api/v1/sessions/")):
		return store.RoleAnalyst
	}
	return ""
}

func roleName(role string) string {
	if role == "" {
		return "a child or stranger"
	}
	return "the " + role
}

var (
	braces      = regexp.MustCompile(`\{([^{}]*,[^{}]*)\}`)
	placeholder = regexp.MustCompile(`^(\{[a-z_]+\}|[A-Z][A-Z0-9_]+)$`)
)

// fill expands "{csv,xlsx}" into one path per choice and puts the demo's
// values in place of the placeholders (CODE, ID, {id}, SURVEY…). A
// placeholder the test does not know is an error, so a new one is taught
// here rather than silently requested.
func (s *demoSite) fill(raw string) ([]string, error) {
	paths := []string{raw}
	for {
		var next []string
		expanded := false
		for _, p := range paths {
			loc := braces.FindStringSubmatchIndex(p)
			if loc == nil {
				next = append(next, p)
				continue
			}
			expanded = true
			for _, choice := range strings.Split(p[loc[2]:loc[3]], ",") {
				next = append(next, p[:loc[0]]+choice+p[loc[1]:])
			}
		}
		paths = next
		if !expanded {
			break
		}
	}
	for i, p := range paths {
		path, query, hasQuery := strings.Cut(p, "?")
		segs := strings.Split(path, "/")
		for j := 1; j < len(segs); j++ {
			stem, ext, _ := strings.Cut(segs[j], ".")
			if !placeholder.MatchString(stem) {
				continue
			}
			v, err := s.placeholderValue(segs[:j], stem)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", raw, err)
			}
			if ext != "" {
				v += "." + ext
			}
			segs[j] = v
		}
		paths[i] = strings.Join(segs, "/")
		if hasQuery {
			paths[i] += "?" + query
		}
	}
	return paths, nil
}

// placeholderValue is what a placeholder stands for after the segments
// before it.
func (s *demoSite) placeholderValue(before []string, name string) (string, error) {
	prev := before[len(before)-1]
	key := strings.ToLower(strings.Trim(name, "{}"))
	switch {
	case prev == "s" || (prev == "sessions" && slices.Contains(before, "api")):
		key = "code" // a session code, however the docs write it (CODE, {code}, K7PX3M)
	case key == "id":
		key = map[string]string{"sessions": "session", "answers": "answer", "rounds": "round", "registration": "registration"}[prev]
	case key == "token" || prev == "i":
		key = "link"
	case prev == "r":
		key = "secret"
	}
	if v, ok := s.values[key]; ok {
		return v, nil
	}
	return "", fmt.Errorf("unknown placeholder %s after /%s: say in demoValues what it stands for", name, strings.Join(before[1:], "/"))
}
