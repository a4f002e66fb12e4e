package web_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"

	"github.com/kinderstem/kinderstem/internal/web"
)

// Framing: an embeddable chart may be framed by the sites on the
// allow-list and by no other; every other page and file keeps framing
// denied. Both keep the same strict CSP otherwise.
func TestOpenFramingAndCSP(t *testing.T) {
	t.Parallel()
	e := standardOpen(t)
	e = e.withConfig(t, func(c *web.Config) {
		c.EmbedOrigins = []string{"https://www.kinderrechtencommissariaat.be", "https://example.org:8443"}
	})
	e.publishOpen(t, "Again")
	c := e.client()
	embed := c.get("/embed/nl/wellbeing/life_satisfied/")
	embed.want(t, http.StatusOK)
	csp := embed.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'self' https://www.kinderrechtencommissariaat.be https://example.org:8443") {
		t.Errorf("embed CSP: %s", csp)
	}
	if embed.Header.Get("X-Frame-Options") != "" {
		t.Errorf("embed X-Frame-Options %q: it would deny the allowed sites", embed.Header.Get("X-Frame-Options"))
	}
	for _, part := range []string{"default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'"} {
		if !strings.Contains(csp, part) {
			t.Errorf("embed CSP lacks %s", part)
		}
	}
	for _, p := range []string{"/open/nl/", "/open/nl/indicators/wellbeing/life_satisfied/", "/open/nl/indicators/wellbeing/life_satisfied/chart.svg",
		"/open/data/edition-1.csv", "/open/catalog.jsonld", "/open/nl/children/", "/", "/login", "/s", "/open/preview/x/nl/"} {
		r := c.get(p)
		if got := r.Header.Get("Content-Security-Policy"); !strings.Contains(got, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q lets it be framed", p, got)
		}
		if r.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: X-Frame-Options %q", p, r.Header.Get("X-Frame-Options"))
		}
	}
	// Without an allow-list only the server itself may frame a chart.
	plain := standardOpen(t)
	if csp := plain.client().get("/embed/nl/wellbeing/life_satisfied/").Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "frame-ancestors 'self'") {
		t.Errorf("no allow-list: %s", csp)
	}
}

// Caches: every public page and file carries an ETag and Last-Modified,
// a client that has it gets 304 without a body, and a new edition
// changes both.
func TestOpenCaching(t *testing.T) {
	t.Parallel()
	e := standardOpen(t)
	c := e.client()
	for _, p := range []string{"/open/nl/", "/open/nl/indicators/wellbeing/life_satisfied/", "/open/nl/indicators/wellbeing/life_satisfied/chart.svg",
		"/open/data/edition-1.json", "/open/catalog.jsonld", "/embed/en/wellbeing/life_satisfied/"} {
		r := c.get(p)
		etag, modified := r.Header.Get("ETag"), r.Header.Get("Last-Modified")
		if etag == "" || modified == "" || !strings.Contains(r.Header.Get("Cache-Control"), "public") {
			t.Fatalf("%s: ETag %q, Last-Modified %q, Cache-Control %q", p, etag, modified, r.Header.Get("Cache-Control"))
		}
		if again := c.get(p, "If-None-Match", etag); again.StatusCode != http.StatusNotModified || again.body != "" {
			t.Errorf("%s with its ETag: %d", p, again.StatusCode)
		}
		if again := c.get(p, "If-Modified-Since", modified); again.StatusCode != http.StatusNotModified {
			t.Errorf("%s with its date: %d", p, again.StatusCode)
		}
		if other := c.get(p, "If-None-Match", `"other"`); other.StatusCode != http.StatusOK {
			t.Errorf("%s with another ETag: %d", p, other.StatusCode)
		}
	}
	before := c.get("/open/nl/").Header.Get("ETag")
	e.clock.Add(24 * 60 * 60 * 1e9)
	e.publishOpen(t, "Next")
	if after := c.get("/open/nl/", "If-None-Match", before); after.StatusCode != http.StatusOK {
		t.Errorf("after a new edition the old ETag still matches: %d", after.StatusCode)
	}
	// A preview is never cached.
	if r := c.get("/open/nl/"); r.Header.Get("Cache-Control") == "no-store" {
		t.Error("a published page is not cached")
	}
}

// The catalogue is JSON-LD a harvester can read without fetching
// anything (its context is in it, shipped with the code): expanded with a
// loader that refuses the network, it is a dcat:Catalog with the fields
// DCAT-AP requires, and each edition a dcat:Dataset whose CSV and JSON
// distributions carry licence, media type, byte size (the file's real
// size) and modified date.
func TestOpenCatalogIsDCATAP(t *testing.T) {
	t.Parallel()
	e := standardOpen(t)
	c := e.client()
	body := c.get("/open/catalog.jsonld")
	body.want(t, http.StatusOK)
	if ct := body.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/ld+json") {
		t.Errorf("Content-Type %s", ct)
	}
	var doc any
	if err := json.Unmarshal([]byte(body.body), &doc); err != nil {
		t.Fatal(err)
	}
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = noNetwork{}
	expanded, err := ld.NewJsonLdProcessor().Expand(doc, opts)
	if err != nil {
		t.Fatalf("expand: %v", err)
	}
	const dcat, dct = "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/"
	catalog := node(t, expanded, 0)
	wantType(t, catalog, dcat+"Catalog")
	for _, p := range []string{dct + "title", dct + "description", dct + "publisher", dcat + "dataset", dct + "license", dct + "modified"} {
		has(t, catalog, p)
	}
	datasets := catalog[dcat+"dataset"].([]any)
	if len(datasets) != 1 {
		t.Fatalf("%d datasets, want one per edition", len(datasets))
	}
	ds := datasets[0].(map[string]any)
	wantType(t, ds, dcat+"Dataset")
	for _, p := range []string{dct + "title", dct + "description", dcat + "distribution", dct + "issued", dct + "modified", dct + "temporal", dcat + "theme", dcat + "landingPage"} {
		has(t, ds, p)
	}
	for _, d := range ds[dcat+"distribution"].([]any) {
		dist := d.(map[string]any)
		wantType(t, dist, dcat+"Distribution")
		for _, p := range []string{dcat + "accessURL", dcat + "downloadURL", dct + "license", dcat + "mediaType", dcat + "byteSize", dct + "modified", dct + "format"} {
			has(t, dist, p)
		}
		url := dist[dcat+"downloadURL"].([]any)[0].(map[string]any)["@id"].(string)
		size := dist[dcat+"byteSize"].([]any)[0].(map[string]any)["@value"].(string)
		file := c.get(strings.TrimPrefix(url, "http://127.0.0.1:8080"))
		if file.StatusCode != 200 || size != itoa(len(file.body)) {
			t.Errorf("%s: %d, %d bytes, the catalogue says %s", url, file.StatusCode, len(file.body), size)
		}
	}
}

// noNetwork is a JSON-LD document loader with no network: a context the
// catalogue fetched from elsewhere would fail the test.
type noNetwork struct{}

func (noNetwork) LoadDocument(u string) (*ld.RemoteDocument, error) {
	return nil, errors.New("no network: " + u)
}

func node(t *testing.T, expanded []any, i int) map[string]any {
	t.Helper()
	if len(expanded) <= i {
		t.Fatalf("expanded to %d nodes", len(expanded))
	}
	return expanded[i].(map[string]any)
}

func wantType(t *testing.T, n map[string]any, typ string) {
	t.Helper()
	types, _ := n["@type"].([]any)
	for _, x := range types {
		if x == typ {
			return
		}
	}
	t.Errorf("%v is not a %s", n["@id"], typ)
}

func has(t *testing.T, n map[string]any, p string) {
	t.Helper()
	if v, ok := n[p].([]any); !ok || len(v) == 0 {
		t.Errorf("%v has no %s", n["@id"], p)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
