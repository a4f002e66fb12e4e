package web_test

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// brotliBody decodes a brotli answer.
func brotliBody(tb testing.TB, r *response) string {
	tb.Helper()
	if got := r.Header.Get("Content-Encoding"); got != "br" {
		tb.Fatalf("%s: Content-Encoding %q, want br", r.Request.URL, got)
	}
	out, err := io.ReadAll(brotli.NewReader(bytes.NewReader([]byte(r.body))))
	if err != nil {
		tb.Fatalf("%s: brotli: %v", r.Request.URL, err)
	}
	return string(out)
}

var formID = regexp.MustCompile(`name="id" value="[^"]*"`)

// A child's page goes out in brotli to a browser that takes it, and is the
// same page as without; the blank questionnaire may be kept by the browser
// (so the service worker need not download it again), every other child
// page is kept nowhere.
func TestChildPagesInBrotli(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	c := e.client()
	path := "/s/" + sess.Code + "?lang=fr"
	plain := c.get(path, "Accept-Encoding", "identity")
	plain.want(t, http.StatusOK, "questionnaire")
	br := c.get(path, "Accept-Encoding", "gzip, deflate, br, zstd")
	br.want(t, http.StatusOK)
	got := brotliBody(t, br)
	if formID.ReplaceAllString(got, "") != formID.ReplaceAllString(plain.body, "") {
		t.Error("the brotli page differs from the plain one")
	}
	if len(br.body)*6 > len(got) {
		t.Errorf("brotli page %d B of %d: hardly compressed", len(br.body), len(got))
	}
	if v := br.Header.Values("Vary"); len(v) != 1 || v[0] != "Accept-Encoding" {
		t.Errorf("Vary %q", v)
	}
	for _, r := range []*response{plain, br} {
		if cc := r.Header.Get("Cache-Control"); cc != "private, no-cache" {
			t.Errorf("questionnaire Cache-Control %q, want private, no-cache", cc)
		}
		if !strings.Contains(r.Header.Get("Content-Security-Policy"), "script-src 'self'") {
			t.Error("the questionnaire lost its CSP")
		}
	}
	// Refused brotli (q=0) gets the general compressor's answer.
	if enc := c.get(path, "Accept-Encoding", "br;q=0, gzip").Header.Get("Content-Encoding"); enc != "gzip" {
		t.Errorf("br;q=0: Content-Encoding %q, want gzip", enc)
	}
	// Other child pages stay out of every cache.
	for _, p := range []string{"/s/" + sess.Code + "/bye?lang=nl", "/s/NOSUCH"} {
		r := c.get(p, "Accept-Encoding", "br")
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", p, cc)
		}
		if !strings.Contains(brotliBody(t, r), "</html>") {
			t.Errorf("%s: not a whole page", p)
		}
	}
}

// Static files go out precompressed (brotli, else gzip), without the
// headers only a document obeys; what applies to a file stays.
func TestStaticFilesPrecompressedAndLight(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	home := c.get("/?lang=nl")
	css := regexp.MustCompile(`href="(/static/app\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(home.body)
	if css == nil {
		t.Fatal("no fingerprinted stylesheet on the home page")
	}
	plain := c.get(css[1], "Accept-Encoding", "identity")
	plain.want(t, http.StatusOK)
	br := c.get(css[1], "Accept-Encoding", "gzip, deflate, br, zstd")
	if brotliBody(t, br) != plain.body {
		t.Error("the brotli stylesheet differs from the file")
	}
	gz := c.get(css[1], "Accept-Encoding", "gzip")
	if gz.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("gzip only: Content-Encoding %q", gz.Header.Get("Content-Encoding"))
	}
	if s, err := gzipReader([]byte(gz.body)); err != nil || s != plain.body {
		t.Errorf("the gzip stylesheet differs from the file (%v)", err)
	}
	if len(br.body) >= len(gz.body) {
		t.Errorf("brotli %d B is not smaller than gzip %d B", len(br.body), len(gz.body))
	}
	for _, r := range []*response{br, gz} {
		h := r.Header
		if v := h.Values("Vary"); len(v) != 1 {
			t.Errorf("Vary %q, want one", v)
		}
		for _, k := range []string{"Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "Cross-Origin-Opener-Policy", "Content-Language"} {
			if h.Get(k) != "" {
				t.Errorf("a stylesheet carries %s", k)
			}
		}
		for _, k := range []string{"X-Content-Type-Options", "Cross-Origin-Resource-Policy", "Referrer-Policy"} {
			if h.Get(k) == "" {
				t.Errorf("a stylesheet lacks %s", k)
			}
		}
		if !strings.Contains(h.Get("Cache-Control"), "immutable") {
			t.Errorf("a fingerprinted file's Cache-Control %q", h.Get("Cache-Control"))
		}
	}
	// An image may be opened as a document: it keeps a policy that lets it
	// run and load nothing.
	svg := c.get("/static/icon.svg", "Accept-Encoding", "br")
	if csp := svg.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "sandbox") {
		t.Errorf("icon.svg CSP %q", csp)
	}
	// The service worker keeps its own policy (a worker obeys it).
	sw := c.get("/sw.js", "Accept-Encoding", "br")
	if !strings.Contains(sw.Header.Get("Content-Security-Policy"), "script-src 'self'") || sw.Header.Get("Service-Worker-Allowed") != "/s/" {
		t.Errorf("sw.js headers %v", sw.Header)
	}
	brotliBody(t, sw)
	if again := c.get("/sw.js", "If-None-Match", sw.Header.Get("ETag")); again.StatusCode != http.StatusNotModified {
		t.Errorf("sw.js unchanged: %d, want 304", again.StatusCode)
	}
}

// BenchmarkChildPageBrotli is a child's questionnaire through the whole
// handler, in brotli (what a tablet gets) and in zstd (the general
// compressor's choice before): the time and the bytes of each.
func BenchmarkChildPageBrotli(b *testing.B) {
	e := newEnv(b)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	for _, enc := range []string{"br", "zstd", "gzip"} {
		b.Run(enc, func(b *testing.B) {
			var n int
			for b.Loop() {
				req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/s/"+sess.Code+"?lang=fr", nil)
				req.Header.Set("Accept-Encoding", enc)
				resp, err := http.DefaultTransport.RoundTrip(req)
				if err != nil {
					b.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.Header.Get("Content-Encoding") != enc {
					b.Fatalf("Content-Encoding %q, want %s", resp.Header.Get("Content-Encoding"), enc)
				}
				n = len(body)
			}
			b.ReportMetric(float64(n), "bytes/page")
		})
	}
}
