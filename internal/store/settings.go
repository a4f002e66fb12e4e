package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Setting returns the value stored under key, made by create and stored the
// first time it is asked for. The session cookie keys live here so that a
// restart keeps staff logged in without any configuration.
func (s *Store) Setting(ctx context.Context, key string, create func() ([]byte, error)) ([]byte, error) {
	var val []byte
	err := s.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&val)
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if val, err = create(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, key, val)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: setting %s: %w", key, err)
	}
	return val, nil
}

// GetSetting returns the value stored under key, and whether there is one.
func (s *Store) GetSetting(ctx context.Context, key string) ([]byte, bool, error) {
	var val []byte
	err := s.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&val)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: setting %s: %w", key, err)
	}
	return val, true, nil
}

// PutSetting stores value under key, replacing any value there.
func (s *Store) PutSetting(ctx context.Context, key string, value []byte) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: put setting %s: %w", key, err)
	}
	return nil
}
