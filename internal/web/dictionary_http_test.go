package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

var submissionID = regexp.MustCompile(`name="id" value="[0-9a-f-]+"`)

// The service worker's first page of a tablet's cache fill becomes a
// compression dictionary, and the next pages come as zstd against it
// ("dcz"), decoding to the same page as brotli gives. A navigation is
// never a dictionary: it keeps "no-cache", so a child without JavaScript
// gets a fresh submission id each time. A dictionary the server does not
// know gets the usual brotli, and the page is offered as a dictionary.
func TestChildPagesAsDictionaries(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	c := e.client()
	const accept = "gzip, deflate, br, zstd, dcb, dcz"
	page := "/s/" + sess.Code

	nav := c.get(page+"?lang=fr", "Accept-Encoding", accept, "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document")
	nav.want(t, 200)
	if got := nav.Header.Get("Use-As-Dictionary") + " " + nav.Header.Get("Cache-Control"); got != " private, no-cache" {
		t.Errorf("a navigation answers %q, want no dictionary and private, no-cache", got)
	}

	fill := c.get(page+"?lang=fr", "Accept-Encoding", accept, "Sec-Fetch-Mode", "cors", "Sec-Fetch-Dest", "empty")
	fill.want(t, 200)
	if got := fill.Header.Get("Use-As-Dictionary"); got != `match="/s/`+sess.Code+`"` {
		t.Fatalf("the worker's first page offers dictionary %q", got)
	}
	if got := fill.Header.Get("Cache-Control"); got != "private, max-age=60" || fill.Header.Get("Content-Encoding") != "br" {
		t.Errorf("the dictionary page: Cache-Control %q, Content-Encoding %q", got, fill.Header.Get("Content-Encoding"))
	}
	dict := unbrotli(t, fill.body)
	sum := sha256.Sum256(dict)
	hash := ":" + base64.StdEncoding.EncodeToString(sum[:]) + ":"

	for _, lang := range []string{"de", "prs"} {
		plain := c.get(page+"?lang="+lang, "Accept-Encoding", "br")
		want := unbrotli(t, plain.body)
		next := c.get(page+"?lang="+lang, "Accept-Encoding", accept, "Sec-Fetch-Mode", "cors", "Available-Dictionary", hash)
		next.want(t, 200)
		if next.Header.Get("Content-Encoding") != "dcz" || next.Header.Get("Use-As-Dictionary") != "" {
			t.Fatalf("%s with the dictionary: Content-Encoding %q, Use-As-Dictionary %q", lang, next.Header.Get("Content-Encoding"), next.Header.Get("Use-As-Dictionary"))
		}
		if !strings.Contains(next.Header.Get("Vary"), "Available-Dictionary") {
			t.Errorf("a dcz answer does not vary on Available-Dictionary: %q", next.Header.Get("Vary"))
		}
		body := []byte(next.body)
		if !bytes.HasPrefix(body, append([]byte{0x5e, 0x2a, 0x4d, 0x18, 0x20, 0, 0, 0}, sum[:]...)) {
			t.Fatalf("%s: the dcz body does not start with its header and the dictionary's hash", lang)
		}
		dec, err := zstd.NewReader(nil, zstd.WithDecoderDictRaw(0, dict))
		if err != nil {
			t.Fatal(err)
		}
		got, err := dec.DecodeAll(body[40:], nil)
		dec.Close()
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if strip(got) != strip(want) {
			t.Errorf("%s: the dcz page differs from the brotli page", lang)
		}
		t.Logf("%s: %d B in dcz, %d B in brotli", lang, len(body), len(plain.body))
		if len(body) >= len(plain.body)*2/3 {
			t.Errorf("%s: %d B against the dictionary, %d B without", lang, len(body), len(plain.body))
		}
	}

	other := c.get(page+"?lang=uk", "Accept-Encoding", accept, "Sec-Fetch-Mode", "cors", "Available-Dictionary", ":"+strings.Repeat("A", 43)+"=:")
	if other.Header.Get("Content-Encoding") != "br" || other.Header.Get("Use-As-Dictionary") == "" {
		t.Errorf("an unknown dictionary: Content-Encoding %q, Use-As-Dictionary %q", other.Header.Get("Content-Encoding"), other.Header.Get("Use-As-Dictionary"))
	}
}

func unbrotli(t *testing.T, body string) []byte {
	t.Helper()
	b, err := io.ReadAll(brotli.NewReader(strings.NewReader(body)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// strip removes the page's random submission id.
func strip(page []byte) string { return submissionID.ReplaceAllString(string(page), "") }

// BenchmarkChildPageDictionary is a tablet's cache fill page through the
// whole handler: in brotli, and in dcz against the first page (what the
// next languages cost the server): the time and the bytes of each.
func BenchmarkChildPageDictionary(b *testing.B) {
	e := newEnv(b)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	c := e.client()
	page := "/s/" + sess.Code
	fill := c.get(page+"?lang=fr", "Accept-Encoding", "br, dcz", "Sec-Fetch-Mode", "cors")
	dict, err := io.ReadAll(brotli.NewReader(strings.NewReader(fill.body)))
	if err != nil {
		b.Fatal(err)
	}
	sum := sha256.Sum256(dict)
	for _, enc := range []string{"br", "dcz"} {
		b.Run(enc, func(b *testing.B) {
			var n int
			for b.Loop() {
				r := c.get(page+"?lang=de", "Accept-Encoding", "br, dcz", "Sec-Fetch-Mode", "cors",
					"Available-Dictionary", ":"+base64.StdEncoding.EncodeToString(sum[:])+":")
				if enc == "br" {
					r = c.get(page+"?lang=de", "Accept-Encoding", "br", "Sec-Fetch-Mode", "cors")
				}
				if got := r.Header.Get("Content-Encoding"); got != enc {
					b.Fatalf("Content-Encoding %q, want %s", got, enc)
				}
				n = len(r.body)
			}
			b.ReportMetric(float64(n), "bytes/page")
		})
	}
}
