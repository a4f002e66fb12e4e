// Package shipped gives tests the shipped surveys and translations, and
// the checks every decoder of outside input is held to, without a
// database: a test binary that imports only this (not testkit, which
// opens SQLite files) does not link SQLite and its C linker step. Only
// tests import it.
package shipped

import (
	"io/fs"
	"sync"
	"testing"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Content returns the shipped surveys and translations, loaded once per
// test binary: both are read-only once loaded, so every test may share
// them.
func Content(tb testing.TB) (*survey.Catalog, *locale.Bundle) {
	tb.Helper()
	c, err := content()
	if err != nil {
		tb.Fatal(err)
	}
	return c.catalog, c.bundle
}

type loaded struct {
	catalog *survey.Catalog
	bundle  *locale.Bundle
}

var content = sync.OnceValues(func() (loaded, error) {
	assets := kinderstem.Assets()
	surveys, err := fs.Sub(assets, "surveys")
	if err != nil {
		return loaded{}, err
	}
	cat, err := survey.Load(surveys)
	if err != nil {
		return loaded{}, err
	}
	locs, err := fs.Sub(assets, "locales")
	if err != nil {
		return loaded{}, err
	}
	bundle, err := locale.Load(locs)
	if err != nil {
		return loaded{}, err
	}
	return loaded{cat, bundle}, nil
})
