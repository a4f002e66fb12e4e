package web_test

import (
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// The static site is the live monitor: built as of the latest edition
// and served by a plain file server, every file it has is the live page
// at the same address, byte for byte, once the static site's own address
// is read as the server's. Links that lead nowhere would fail the build.
func TestSiteBuildServesTheSamePages(t *testing.T) {
	t.Parallel()
	e := standardOpen(t)
	e.clock.Add(24 * 60 * 60 * 1e9 * 60) // two months on: a second edition
	e.publishOpen(t, "Second")
	dir := t.TempDir()
	const static = "https://monitor.example.org"
	stats, err := e.app.BuildSite(context.Background(), 2, dir, static)
	if err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(files)
	defer srv.Close()
	live := e.client()
	compared := 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := "/" + filepath.ToSlash(strings.TrimPrefix(p, dir+string(filepath.Separator)))
		url := strings.TrimSuffix(rel, "index.html")
		livePath := url
		if url == "/open/" {
			livePath = "/open/nl/" // a static server cannot choose a language
		}
		res, err := http.Get(srv.URL + url)
		if err != nil {
			return err
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		want := live.get(livePath)
		if res.StatusCode != 200 || want.StatusCode != 200 {
			t.Errorf("%s: static %d, live %d", url, res.StatusCode, want.StatusCode)
			return nil
		}
		if strings.ReplaceAll(string(got), static, "http://127.0.0.1:8080") != want.body {
			t.Errorf("%s differs from the live page", url)
		}
		compared++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if compared != stats.Files+1 || compared < 100 {
		t.Fatalf("compared %d files of %d written", compared, stats.Files)
	}
	t.Logf("%d files, %d KB, each the same as the live page", stats.Files, stats.Bytes>>10)
}
