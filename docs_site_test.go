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
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
	"github.com/kinderstem/kinderstem/internal/web"
)

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
		strings.HasPrefix(p, "/process") || strings.HasPrefix(p, "/topics") || strings.HasPrefix(p, "/models") || strings.HasPrefix(p, "/editions") || strings.HasPrefix(p, "/account") || strings.HasPrefix(p, "/staff") ||
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
