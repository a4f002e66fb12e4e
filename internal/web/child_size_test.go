package web_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var assetRef = regexp.MustCompile(`(?:src|href)="([^"]+)"`)

// The whole questionnaire (page, styles, script, faces, flags) stays under
// 60 KB over the wire, and asks nothing of any other origin.
func TestQuestionnaireWeight(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, s := range e.catalog.Surveys() {
		sess := e.openSession(s.ID, s.AgeBands[len(s.AgeBands)-1].String(), "nl", "residential_care")
		page, pageBytes := gzipGet(t, e, "/s/"+sess.Code)
		total := pageBytes
		seen := map[string]bool{}
		for _, m := range assetRef.FindAllStringSubmatch(page, -1) {
			ref := strings.ReplaceAll(m[1], "&amp;", "&")
			if !strings.HasPrefix(ref, "#") {
				// A sprite's views (flags.svg#nl) are one file, fetched once.
				ref, _, _ = strings.Cut(ref, "#")
			}
			if strings.HasPrefix(ref, "#") || strings.HasPrefix(ref, "/s/") || seen[ref] {
				continue
			}
			if !strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "//") {
				t.Errorf("%s: the page refers to another origin: %s", s.ID, ref)
				continue
			}
			seen[ref] = true
			_, n := gzipGet(t, e, ref)
			total += n
		}
		_, sw := gzipGet(t, e, "/sw.js")
		total += sw
		t.Logf("%s: page %d B + %d assets + service worker = %d B gzipped", s.ID, pageBytes, len(seen), total)
		if total > 60<<10 {
			t.Errorf("%s: %d bytes over the wire, over the 60 KB budget", s.ID, total)
		}
	}
}

// gzipGet fetches a path as a browser would and returns the body and the
// number of bytes on the wire.
func gzipGet(t *testing.T, e *env, path string) (string, int) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", path, resp.StatusCode)
	}
	body := string(raw)
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzipReader(raw)
		if err != nil {
			t.Fatal(err)
		}
		body = zr
	}
	return body, len(raw)
}
