package loadtest

import (
	"context"
	"errors"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"time"
)

// brussels is where the server counts days and reads a session's closing
// time.
var brussels = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// staffClient is a browser of a youth worker, an analyst or the public:
// it keeps its cookies, follows no redirect, and sends a request that got
// no answer again until the day ends (a staff session lives in the
// database, so it outlasts a restart of the server).
type staffClient struct {
	base    string
	account Account
	routes  *Routes
	hc      *http.Client

	mu       sync.Mutex
	loggedIn bool
}

func newStaffClient(base string, a Account, routes *Routes) *staffClient {
	jar, _ := cookiejar.New(nil)
	return &staffClient{base: base, account: a, routes: routes, hc: &http.Client{Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// login logs in once; several classes of one worker share the login.
func (c *staffClient) login(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.loggedIn {
		return nil
	}
	form := url.Values{"email": {c.account.Email}, "password": {c.account.Password}}
	loc, err := c.postRedirect(ctx, "POST /login", "/login", "/login", form)
	if err != nil {
		return err
	}
	if loc == "" {
		return errors.New("loadtest: login refused")
	}
	c.loggedIn = true
	return nil
}

// get fetches path once and returns the body and status (0: no answer).
func (c *staffClient) get(ctx context.Context, route, path string) (string, int) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	t0 := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			c.routes.observe(route, 0, 0, err)
		}
		return "", 0
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	c.routes.observe(route, resp.StatusCode, time.Since(t0), nil)
	return string(b), resp.StatusCode
}

// post sends a form from page (its CSRF token included) until the server
// answers with something other than a failure; nil once it answered.
func (c *staffClient) post(ctx context.Context, route, path, page string, form url.Values) error {
	_, err := c.postRedirect(ctx, route, path, page, form)
	return err
}

// postRedirect posts a form and returns where the answer redirects to
// ("" for an answer without a redirect). After a failure, a 429 or a 5xx
// the person tries again, waiting longer each time (1, 2, 4 … up to 30
// seconds), as people do.
func (c *staffClient) postRedirect(ctx context.Context, route, path, page string, form url.Values) (string, error) {
	wait := time.Second
	again := func() {
		sleep(ctx, wait+time.Duration(mrand.Int64N(int64(wait/2))))
		wait = min(2*wait, 30*time.Second)
	}
	for ctx.Err() == nil {
		body, status := c.get(ctx, "GET "+routeOf(page), page)
		m := csrfField.FindStringSubmatch(body)
		if status != http.StatusOK || m == nil {
			again()
			continue
		}
		form.Set("csrf", m[1])
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		t0 := time.Now()
		resp, err := c.hc.Do(req)
		if err != nil {
			if ctx.Err() == nil {
				c.routes.observe(route, 0, 0, err)
			}
			again()
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		c.routes.observe(route, resp.StatusCode, time.Since(t0), nil)
		if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
			again()
			continue
		}
		return resp.Header.Get("Location"), nil
	}
	return "", ctx.Err()
}

// routeOf names a page's route template for the report.
func routeOf(path string) string {
	switch {
	case path == "/login":
		return "/login"
	case path == "/sessions/new":
		return "/sessions/new"
	case strings.HasPrefix(path, "/sessions/"):
		return "/sessions/:id"
	}
	return path
}
