package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
)

// A backup taken while children keep submitting is a consistent database
// holding at least what was stored before it began.
func TestBackupWhileWriting(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	for i := 0; i < 50; i++ {
		if _, err := f.s.Submit(ctx, f.submission()); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := f.s.CountSubmissions(ctx, f.session.ID)
	var stop atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				f.s.Submit(ctx, f.submission())
			}
		}()
	}
	dest := filepath.Join(t.TempDir(), "copy.db")
	err := f.s.Backup(ctx, dest)
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	copy, err := store.Open(ctx, dest, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer copy.Close()
	if err := copy.Check(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := copy.CountSubmissions(ctx, f.session.ID)
	if err != nil || n < before {
		t.Fatalf("the copy holds %d submissions, %v; at least %d were stored before", n, err, before)
	}
	var orphans int
	db, _ := sql.Open("sqlite3", "file:"+dest+"?mode=ro")
	defer db.Close()
	db.QueryRow(`SELECT count(*) FROM answers WHERE submission_id NOT IN (SELECT id FROM submissions)`).Scan(&orphans)
	if orphans != 0 {
		t.Fatalf("%d answers without their submission: the copy is not one snapshot", orphans)
	}
	if err := f.s.Backup(ctx, dest); err == nil {
		t.Fatal("a backup overwrote an existing file")
	}
}

// A backup that fails leaves no file behind: an empty copy would look
// like a backup, and the next try would refuse its name.
func TestFailedBackupLeavesNoFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	dest := filepath.Join(t.TempDir(), "copy.db")
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	if err := f.s.Backup(stopped, dest); err == nil {
		t.Fatal("a backup under a cancelled context succeeded")
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Fatalf("a failed backup left %s behind: %v", dest, err)
	}
	if err := f.s.Backup(context.Background(), dest); err != nil {
		t.Fatalf("the backup tried again: %v", err)
	}
}
