package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
)

// Plan is what opening a database file would migrate.
type Plan struct {
	From, To int      // schema versions: the file's and this build's
	Pending  []string // the migrations' file names, in the order they run
}

// PlanUpgrade reads the schema version of the database at path, without
// changing anything, and lists the migrations this build would apply. A
// missing file plans every migration; a file newer than this build is an
// error.
func PlanUpgrade(ctx context.Context, path string) (Plan, error) {
	ms, err := migrations()
	if err != nil {
		return Plan{}, err
	}
	p := Plan{To: len(ms)}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		for _, m := range ms {
			p.Pending = append(p.Pending, m.name)
		}
		return p, nil
	}
	db, err := openReadOnly(path)
	if err != nil {
		return Plan{}, err
	}
	defer db.Close()
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&p.From); err != nil {
		return Plan{}, fmt.Errorf("store: read schema version of %s: %w", path, err)
	}
	if p.From > len(ms) {
		return Plan{}, fmt.Errorf("store: database schema version %d is newer than this program (%d); use a newer kinderstem", p.From, len(ms))
	}
	for _, m := range ms[p.From:] {
		p.Pending = append(p.Pending, m.name)
	}
	return p, nil
}

// openReadOnly opens a database file that must exist, for reading only:
// nothing it does can change the file or create one.
func openReadOnly(path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("_busy_timeout", "10000")
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// CopyFile writes a consistent copy of the database at src to dest (which
// must not exist) with VACUUM INTO, without opening src for writing and
// without migrating it: the copy an upgrade takes before it changes the
// schema, and the one a restore drill checks.
func CopyFile(ctx context.Context, src, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("store: copy: %s exists; choose a new file", dest)
	}
	db, err := openReadOnly(src)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		os.Remove(dest)
		return fmt.Errorf("store: copy %s: %w", src, err)
	}
	return nil
}
