package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/kinderstem/kinderstem/internal/edition"
	"github.com/kinderstem/kinderstem/internal/web/public"
)

// SiteStats says what BuildSite wrote.
type SiteStats struct {
	Files int
	Bytes int64
}

// linkAttr finds the addresses a page or chart links to.
var linkAttr = regexp.MustCompile(`(?:href|src)="(/(?:open|embed|static)/[^"#?]*)"`)

// The embeddable charts are linked from their indicators' pages, so the
// crawl finds them like every other page.

// BuildSite writes the public monitor as of edition n as static files
// into dir, for any web server or CDN to serve: every page in every
// language, the charts, the open data, the catalogue and the embeddable
// charts, with the static assets they use. The files are the live pages
// themselves, asked of this application in-process (one renderer), with
// absolute addresses under base instead of the server's own.
func (a *App) BuildSite(ctx context.Context, n int, dir, base string) (SiteStats, error) {
	var stats SiteStats
	base, err := BaseURL(base)
	if err != nil {
		return stats, err
	}
	list, err := a.kit.Shelf.Published(ctx, a.kit.Background())
	if err != nil {
		return stats, err
	}
	var current *edition.Published
	for _, e := range list {
		if e.Number == n {
			current = e
		}
	}
	if current == nil {
		return stats, fmt.Errorf("site: no published edition %d", n)
	}
	ctx = public.WithBuild(ctx, public.Build{Edition: n, Abs: base + "/open"})
	queue := []string{"/open/catalog.jsonld", "/open/context.jsonld"}
	for _, l := range a.kit.Locales.Languages() {
		queue = append(queue, "/open/"+l.Tag+"/")
	}
	for _, e := range list {
		if e.Number <= n {
			queue = append(queue, fmt.Sprintf("/open/data/edition-%d.csv", e.Number), fmt.Sprintf("/open/data/edition-%d.json", e.Number))
		}
	}
	seen := map[string]bool{}
	h := a.Handler()
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		body, err := a.fetch(ctx, h, p)
		if err != nil {
			return stats, err
		}
		if err := writeSiteFile(dir, p, body); err != nil {
			return stats, err
		}
		stats.Files++
		stats.Bytes += int64(len(body))
		if strings.HasSuffix(p, "/") || strings.HasSuffix(p, ".svg") {
			for _, m := range linkAttr.FindAllStringSubmatch(string(body), -1) {
				if !seen[m[1]] {
					queue = append(queue, m[1])
				}
			}
		}
	}
	// A static server cannot choose a language: the monitor's root is
	// the home page in the default language, whose footer links every
	// other one.
	home, err := os.ReadFile(filepath.Join(dir, "open", a.kit.Locales.Languages()[0].Tag, "index.html"))
	if err != nil {
		return stats, err
	}
	return stats, writeSiteFile(dir, "/open/", home)
}

// fetch asks the application for one page as the static site shows it.
func (a *App) fetch(ctx context.Context, h http.Handler, p string) ([]byte, error) {
	req := httptest.NewRequest(http.MethodGet, p, nil).WithContext(ctx)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("site: %s answered %d", p, rec.Code)
	}
	return rec.Body.Bytes(), nil
}

// writeSiteFile writes a page under dir where a static server finds it
// at the same address: a path ending in / as its index.html.
func writeSiteFile(dir, p string, body []byte) error {
	rel := path.Clean(p)
	if strings.HasSuffix(p, "/") {
		rel = path.Join(rel, "index.html")
	}
	if strings.Contains(rel, "..") {
		return fmt.Errorf("site: %s leaves the folder", p)
	}
	file := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(rel, "/")))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return os.WriteFile(file, body, 0o644)
}
