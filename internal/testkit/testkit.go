// Package testkit is the one test set-up every package's tests share: a
// real SQLite file in the test's temp dir, the shipped surveys and
// translations, a key file, cheap password hashing, a settable clock and a
// buffer that goroutines may write to together; temporary files on the
// memory file system when there is one (memtmp). What is the same for
// every test (the content, the migrated schema) is made once per test
// binary. Only tests import it.
package testkit

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/auth"
	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	_ "github.com/kinderstem/kinderstem/internal/testkit/memtmp" // temporary files in memory
	"github.com/kinderstem/kinderstem/internal/testkit/shipped"
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

// Passwords are argon2id costs for tests: a hash in microseconds instead
// of production's ~50 ms, so that the hundreds of logins the tests make
// cost nothing. auth's own tests pin auth.Production; nothing but tests
// may use this set.
var Passwords = auth.Params{Time: 1, Memory: 64, Threads: 1, KeyLen: 32}

// OpenStore opens a real database file in a fresh temp dir, closed when the
// test ends, and returns it with its path. The file starts as a copy of a
// database migrated once per test binary, so each test gets its own file
// without running every migration again.
func OpenStore(tb testing.TB, opts store.Options) (*store.Store, string) {
	tb.Helper()
	schema, err := migrated()
	if err != nil {
		tb.Fatalf("migrate the template database: %v", err)
	}
	path := filepath.Join(tb.TempDir(), "test.db")
	if err := os.WriteFile(path, schema, 0o600); err != nil {
		tb.Fatal(err)
	}
	s, err := store.Open(context.Background(), path, opts)
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s, path
}

// migrated returns the bytes of an empty database file with the whole
// schema, made once per test binary.
var migrated = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "testkit-schema-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "schema.db")
	s, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		return nil, err
	}
	// Close checkpoints the WAL into the file, so the file alone is the
	// whole database.
	if err := s.Close(); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
})

// Content returns the shipped surveys and translations, loaded once per
// test binary (shipped.Content).
func Content(tb testing.TB) (*survey.Catalog, *locale.Bundle) {
	tb.Helper()
	return shipped.Content(tb)
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
