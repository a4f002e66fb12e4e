package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// HasDemoData reports whether the database holds demo content: the demo
// makes its organisations with names that start "Demo:", and its answers
// are synthetic.
func (s *Store) HasDemoData(ctx context.Context) (bool, error) {
	var yes bool
	if err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM organisations WHERE name LIKE 'Demo:%')`).Scan(&yes); err != nil {
		return false, fmt.Errorf("store: demo data: %w", err)
	}
	return yes, nil
}

// BackdateDemoSession moves a demo session and its submissions to an
// earlier day, so the demo has answers in an earlier period (a public
// edition of the half-year before). Only the demo's seeding calls it.
func (s *Store) BackdateDemoSession(ctx context.Context, sessionID int64, day time.Time) error {
	d := day.UTC().Format(time.DateOnly)
	at := timestamp(day)
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE submissions SET day = ? WHERE session_id = ?`, d, sessionID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE sessions SET opened_at = ?, closes_at = ?, closed_at = ? WHERE id = ?`, at, at, at, sessionID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: backdate demo session %d: %w", sessionID, err)
	}
	return nil
}
