package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestHealthz(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.client().get("/healthz")
	r.want(t, http.StatusOK)
	if strings.TrimSpace(r.body) != `{"status":"ok"}` {
		t.Fatalf("body = %s", r.body)
	}
}

func TestHomeInEveryLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, c := range []struct {
		lang, accept, tagline string
	}{
		{"nl", "", "Jouw mening telt!"},
		{"en", "", "What you think matters!"},
		{"fr", "", "Ton avis compte !"},
		{"de", "", "Deine Meinung zählt!"},
		{"", "fr-BE,fr;q=0.9", "Ton avis compte !"},
		{"", "", "Jouw mening telt!"},
	} {
		path := "/"
		if c.lang != "" {
			path += "?lang=" + c.lang
		}
		r := e.client().get(path, "Accept-Language", c.accept)
		r.want(t, http.StatusOK, c.tagline, `href="/staff"`, `action="/s"`)
		want := c.lang
		if want == "" && c.accept != "" {
			want = "fr"
		} else if want == "" {
			want = "nl"
		}
		if !strings.Contains(r.body, `<html lang="`+want+`" dir="ltr">`) {
			t.Errorf("%s: page is not marked lang=%s", path, want)
		}
	}
}

func TestLanguageChoiceIsRemembered(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	c.get("/?lang=de").want(t, http.StatusOK, "Deine Meinung zählt!")
	c.get("/").want(t, http.StatusOK, "Deine Meinung zählt!")
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	c.get("/no/such/page?lang=en").want(t, http.StatusNotFound, "This page does not exist.")
	r := c.get("/api/v1/nothing")
	r.want(t, http.StatusNotFound, `"code":"not_found"`)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("API 404 content type %q", ct)
	}
	c.postForm("/healthz", nil).want(t, http.StatusMethodNotAllowed)
}

func TestCodeEntry(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	for _, tc := range []struct{ code, location string }{
		{"hj7 k4m", "/s/HJ7K4M"},
		{"HJ7-K4M", "/s/HJ7K4M"},
		{"nope", "/?bad=1#code"},
		{"", "/?bad=1#code"},
		{"<script>alert(1)</script>", "/?bad=1#code"},
	} {
		r := c.get("/s?code=" + strings.ReplaceAll(tc.code, " ", "+"))
		r.want(t, http.StatusSeeOther)
		if got := r.Header.Get("Location"); got != tc.location {
			t.Errorf("code %q: Location %q, want %q", tc.code, got, tc.location)
		}
	}
	c.get("/?bad=1").want(t, http.StatusOK, "Die code klopt niet.")
}

var inlineScript = regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`)

// Every page carries strict headers and no inline script or style that the
// CSP would block (or that would weaken it if allowed).
func TestSecurityHeadersAndNoInlineCode(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	for _, path := range []string{"/", "/login", "/nope", "/healthz"} {
		r := c.get(path)
		h := r.Header
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		for _, name := range []string{"X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Permissions-Policy",
			"Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy", "Content-Security-Policy"} {
			if v := h.Values(name); len(v) != 1 || v[0] == "" {
				t.Errorf("%s: %s is %q, want one value", path, name, v)
			}
		}
		if inlineScript.MatchString(r.body) || strings.Contains(r.body, " style=") || strings.Contains(r.body, " onclick=") {
			t.Errorf("%s: inline script or style in the page", path)
		}
	}
}

func TestStaticFilesAreFingerprintedAndGzipped(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	home := c.get("/")
	m := regexp.MustCompile(`href="(/static/app\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(home.body)
	if m == nil {
		t.Fatal("home page does not link a fingerprinted app.css")
	}
	r := c.get(m[1], "Accept-Encoding", "gzip")
	r.want(t, http.StatusOK)
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("fingerprinted asset Cache-Control %q", cc)
	}
	if r.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("app.css not gzipped")
	}
	if r := c.get("/static/app.css?v=old"); !strings.Contains(r.Header.Get("Cache-Control"), "no-cache") {
		t.Errorf("stale fingerprint is cached: %q", r.Header.Get("Cache-Control"))
	}
	c.get("/static/../go.mod").want(t, http.StatusNotFound)
	c.get("/static/nothing.js").want(t, http.StatusNotFound)
}

// Every footer, a child's included, links to the accessibility statement,
// which exists in every language.
func TestAccessibilityStatement(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	for _, path := range []string{"/", "/login", "/s/" + sess.Code, "/s/" + sess.Code + "/thanks"} {
		e.client().get(path).want(t, http.StatusOK, `href="/accessibility?lang=`)
	}
	e.login("analyst", "Stad").get("/indicators").want(t, http.StatusOK, `href="/accessibility?lang=`)
	for lang, want := range map[string]string{"nl": "WCAG 2.1", "en": "Web Accessibility Directive", "fr": "WCAG 2.1", "de": "WCAG 2.1", "ar": "WCAG 2.1", "uk": "WCAG 2.1"} {
		e.client().get("/accessibility?lang="+lang).want(t, http.StatusOK, want, "axe-core", "Vlaamse Ombudsdienst")
	}
}
