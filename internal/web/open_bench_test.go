package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"testing"
	"time"

	kinderstem "github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/edition"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
	"github.com/kinderstem/kinderstem/internal/web"
)

// benchOpen serves the database named by KINDERSTEM_BENCH_DB (made with
// kinderstem demo --db FILE --submissions 1000000) with its index loaded
// and an edition of the current half-year published, and returns the
// handler and the pages to ask.
func benchOpen(b *testing.B) (http.Handler, map[string]string) {
	b.Helper()
	path := os.Getenv("KINDERSTEM_BENCH_DB")
	if path == "" {
		b.Skip("set KINDERSTEM_BENCH_DB to a database made with kinderstem demo --submissions 1000000")
	}
	ctx := context.Background()
	cat, bundle := testkit.Content(b)
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if err := st.RegisterCatalog(ctx, cat); err != nil {
		b.Fatal(err)
	}
	app, err := web.New(web.Deps{Store: st, Catalog: cat, Locales: bundle, Assets: kinderstem.Assets(), Keys: testkit.Keys(b),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Config: web.Config{Passwords: testkit.Passwords}})
	if err != nil {
		b.Fatal(err)
	}
	ix, err := indicator.Load(ctx, st, cat)
	if err != nil {
		b.Fatal(err)
	}
	app.SetIndex(ix)
	rows := 0
	for _, s := range cat.Surveys() {
		rows += ix.Rows(s.ID)
	}
	from, to := edition.HalfYear(time.Now())
	start := time.Now()
	n, err := app.PublishEdition(ctx, edition.DefaultSpec(edition.Sources{Index: ix, Store: st, Catalog: cat}, "Benchmark", from, to))
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d submissions in the index; edition %d computed, checked and published in %s", rows, n, time.Since(start).Round(time.Millisecond))
	h := app.Handler()
	pages := map[string]string{
		"home":      "/open/nl/",
		"editions":  "/open/nl/editions/",
		"children":  "/open/nl/children/",
		"catalogue": "/open/catalog.jsonld",
	}
	home := get(b, h, "/open/nl/", nil)
	for name, re := range map[string]string{
		"theme":     `href="[^"]*(/open/nl/themes/[^"]+/)"`,
		"indicator": `href="[^"]*(/open/nl/indicators/[^"]+/)"`,
		"csv":       `href="[^"]*(/open/data/[^"]+\.csv)"`,
		"json":      `href="[^"]*(/open/data/[^"]+\.json)"`,
	} {
		m := regexp.MustCompile(re).FindStringSubmatch(home.Body.String())
		if m == nil {
			b.Fatalf("the home page has no link to a %s", name)
		}
		pages[name] = m[1]
	}
	pages["chart"] = pages["indicator"] + "chart.svg"
	pages["embed"] = "/embed/nl/" + pages["indicator"][len("/open/nl/indicators/"):]
	kids := get(b, h, "/open/nl/children/", nil)
	if m := regexp.MustCompile(`href="[^"]*(/open/nl/children/[^"]+/)"`).FindStringSubmatch(kids.Body.String()); m != nil {
		pages["province"] = m[1]
	}
	return h, pages
}

func get(b *testing.B, h http.Handler, path string, header http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusOK && w.Code != http.StatusNotModified {
		b.Fatalf("GET %s: %d", path, w.Code)
	}
	return w
}

// BenchmarkOpenPages asks every kind of public page of an edition over a
// million submissions, in full and again with its ETag (a cache's
// revalidation, answered 304): the pages read the frozen cells, so their
// time does not grow with the answers.
func BenchmarkOpenPages(b *testing.B) {
	h, pages := benchOpen(b)
	for _, name := range []string{"home", "theme", "indicator", "chart", "embed", "children", "province", "editions", "csv", "json", "catalogue"} {
		path, ok := pages[name]
		if !ok {
			continue
		}
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				get(b, h, path, nil)
			}
		})
		etag := get(b, h, path, nil).Header().Get("ETag")
		if etag == "" {
			b.Fatalf("%s has no ETag", path)
		}
		b.Run(name+"/304", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if w := get(b, h, path, http.Header{"If-None-Match": {etag}}); w.Code != http.StatusNotModified {
					b.Fatalf("%s with its ETag: %d", path, w.Code)
				}
			}
		})
	}
}
