package store

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// Backup writes a consistent copy of the database to dest while it keeps
// taking submissions: VACUUM INTO reads one snapshot in a read transaction,
// which in WAL mode blocks no writer, and writes a compact new file. dest
// must not exist yet; it is made readable by its owner only (VACUUM INTO
// writes into an empty file it finds, keeping its mode).
func (s *Store) Backup(ctx context.Context, dest string) error {
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("store: backup: %s exists; choose a new file", dest)
	}
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	f.Close()
	// Whatever fails from here removes the empty file: it would look like
	// a backup, and the next try would refuse its name.
	if err := s.vacuumInto(ctx, dest); err != nil {
		os.Remove(dest)
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

func (s *Store) vacuumInto(ctx context.Context, dest string) error {
	conn, err := s.r.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// The readers are query-only; VACUUM INTO changes nothing here, but
	// SQLite counts it as a write unless the pragma is lifted for it.
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only = 0"); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), "PRAGMA query_only = 1")
	_, err = conn.ExecContext(ctx, "VACUUM INTO ?", dest)
	return err
}
