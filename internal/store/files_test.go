//go:build unix

package store_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
)

// wantPrivate fails unless each file exists and only its owner may read it.
func wantPrivate(tb testing.TB, paths ...string) {
	tb.Helper()
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			tb.Fatalf("%s: %v", filepath.Base(p), err)
		}
		if perm := st.Mode().Perm(); perm != 0o600 {
			tb.Errorf("%s has mode %v, want 0600", filepath.Base(p), perm)
		}
	}
}

// The database, its WAL and shared-memory files and a backup hold the
// children's answers: made readable by the server's user only, whatever
// the umask, after opening, after writes and after a backup.
func TestDatabaseFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0o022) // what most servers run with; the test restores it
	defer syscall.Umask(old)
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "k.db")
	s, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantPrivate(t, path, path+"-wal", path+"-shm")
	if _, err := s.CreateOrganisation(ctx, "Jeugdhuis", "ngo"); err != nil {
		t.Fatal(err)
	}
	wantPrivate(t, path, path+"-wal", path+"-shm")
	backup := filepath.Join(dir, "copy.db")
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	wantPrivate(t, backup)
	if err := s.Backup(ctx, backup); err == nil {
		t.Fatal("a backup overwrote an existing file")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// A database an older version left readable by others is tightened
	// when opened.
	for _, p := range []string{path, backup} {
		if err := os.Chmod(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err = store.Open(ctx, backup, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	wantPrivate(t, backup, backup+"-wal", backup+"-shm")
}
