// Package testkit is the one test set-up every package's tests share: a
// real SQLite file in the test's temp dir, the shipped surveys and
// translations, a key file, a settable clock and a buffer that goroutines
// may write to together. Only tests import it.
package testkit

import (
	"bytes"
	"context"
	"io/fs"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Clock is a clock tests move by hand.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now reads the clock.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Add moves the clock on by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Buffer is a bytes.Buffer safe for concurrent writers, for logs and a
// running server's output.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *Buffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// OpenStore opens a real database file in a fresh temp dir, closed when the
// test ends, and returns it with its path.
func OpenStore(tb testing.TB, opts store.Options) (*store.Store, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "test.db")
	s, err := store.Open(context.Background(), path, opts)
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s, path
}

// Content loads the shipped surveys and translations.
func Content(tb testing.TB) (*survey.Catalog, *locale.Bundle) {
	tb.Helper()
	assets := kinderstem.Assets()
	surveys, _ := fs.Sub(assets, "surveys")
	cat, err := survey.Load(surveys)
	if err != nil {
		tb.Fatal(err)
	}
	locs, _ := fs.Sub(assets, "locales")
	bundle, err := locale.Load(locs)
	if err != nil {
		tb.Fatal(err)
	}
	return cat, bundle
}

// OpenCatalogStore is OpenStore with the shipped surveys registered.
func OpenCatalogStore(tb testing.TB, opts store.Options) (*store.Store, string, *survey.Catalog, *locale.Bundle) {
	tb.Helper()
	cat, bundle := Content(tb)
	st, path := OpenStore(tb, opts)
	if err := st.RegisterCatalog(context.Background(), cat); err != nil {
		tb.Fatal(err)
	}
	return st, path, cat, bundle
}

// Keys opens a fresh key file in the test's temp dir.
func Keys(tb testing.TB) *keys.Keys {
	tb.Helper()
	k, err := keys.Open(filepath.Join(tb.TempDir(), "test.keys"), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}
