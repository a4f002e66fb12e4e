package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered SQL file.
type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []migration
	for i, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v != i+1 {
			return nil, fmt.Errorf("store: migration %s must be numbered %03d", base, i+1)
		}
		data, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, sql: string(data)})
	}
	return out, nil
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int {
	m, _ := migrations()
	return len(m)
}

// migrate applies, in order, every migration newer than PRAGMA
// user_version, all of them in one transaction with the new version: a
// migration that fails, or a crash on the way, leaves the file as it was
// before the upgrade, never between two versions. A database newer than
// this build is refused rather than guessed at.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	var current int
	if err := s.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	if current > len(ms) {
		return fmt.Errorf("store: database schema version %d is newer than this program (%d); use a newer kinderstem", current, len(ms))
	}
	if current == len(ms) {
		return nil
	}
	return s.apply(ctx, ms[current:])
}

// apply runs the pending migrations and sets user_version in one
// transaction.
func (s *Store) apply(ctx context.Context, pending []migration) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	defer tx.Rollback()
	for _, m := range pending {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("store: migration %s failed; the database is left at schema version %d: %w", m.name, pending[0].version-1, err)
		}
	}
	// PRAGMA takes no parameters; the version is a number we made.
	last := pending[len(pending)-1]
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", last.version)); err != nil {
		return fmt.Errorf("store: migration %s: set version: %w", last.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: migrate to %d: commit: %w", last.version, err)
	}
	return nil
}
