package main

import (
	"context"
	"fmt"
	"io"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web"
)

// runSite is "kinderstem site build": the public monitor as static files
// any web server or CDN can serve, so millions of readers never reach the
// survey server.
func runSite(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "build" {
		return usageError{"usage: kinderstem site build --db FILE --edition N --out DIR [--base-url URL]"}
	}
	f := newFlags("site build", getenv, stdout)
	db := f.db()
	keyFile := f.keyFile()
	n := f.Int("edition", 0, "the published edition to build the site as of (earlier ones stay in its trends and downloads)")
	out := f.String("out", "site", "folder to write into")
	base := f.String("base-url", web.DefaultBaseURL, "the address the static site is served at (for permalinks and the catalogue)")
	if err := f.parse(args[1:]); err != nil {
		return err
	}
	if *n <= 0 {
		return usageError{"--edition: the number of a published edition, e.g. --edition 2"}
	}
	if _, err := web.BaseURL(*base); err != nil {
		return usageError{"--base-url: " + err.Error()}
	}
	c, err := loadContent("")
	if err != nil {
		return err
	}
	ks, err := openKeys(*keyFile, *db, getenv)
	if err != nil {
		return err
	}
	st, err := c.openStore(ctx, *db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	app, err := web.New(web.Deps{Store: st, Catalog: c.catalog, Locales: c.locales, Assets: c.assets, Keys: ks, Config: web.Config{BaseURL: *base}})
	if err != nil {
		return err
	}
	stats, err := app.BuildSite(ctx, *n, *out, *base)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote edition %d of the public monitor: %d files, %d KB, in %s. Serve that folder from %s.\n", *n, stats.Files, stats.Bytes>>10, *out, *base)
	return nil
}
