package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// StaffSession is a logged-in staff user's session, as kept server-side.
type StaffSession struct {
	User      *User
	CreatedAt time.Time
	SeenAt    time.Time
}

// StaffTimeouts bound every staff session: idle since the last request, and
// absolute since the login.
type StaffTimeouts struct {
	Idle, Absolute time.Duration
}

func sessionHash(id string) []byte {
	h := sha256.Sum256([]byte(id))
	return h[:]
}

// CreateStaffSession stores a new session under id (a random token the
// caller puts in the cookie) and drops sessions that have timed out.
func (s *Store) CreateStaffSession(ctx context.Context, id string, userID int64, to StaffTimeouts) error {
	now := s.now().Unix()
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM staff_sessions WHERE seen_at < ? OR created_at < ?`,
			now-int64(to.Idle/time.Second), now-int64(to.Absolute/time.Second)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO staff_sessions (id_hash, user_id, created_at, seen_at) VALUES (?, ?, ?, ?)`,
			sessionHash(id), userID, now, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: create staff session: %w", err)
	}
	return nil
}

// StaffSessionByID returns the live session with id and its user. A session
// past a timeout, or of a disabled user, is deleted and reported NotFound.
// It marks the session seen when the last mark is older than touch.
func (s *Store) StaffSessionByID(ctx context.Context, id string, to StaffTimeouts, touch time.Duration) (*StaffSession, error) {
	var created, seen int64
	var uid int64
	h := sessionHash(id)
	err := s.r.QueryRowContext(ctx, `SELECT user_id, created_at, seen_at FROM staff_sessions WHERE id_hash = ?`, h).Scan(&uid, &created, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "error.login_required", "no such staff session")
	}
	if err != nil {
		return nil, fmt.Errorf("store: staff session: %w", err)
	}
	now := s.now().Unix()
	u, err := s.UserByID(ctx, uid)
	if err != nil && !fault.Is(err, fault.NotFound) {
		return nil, err
	}
	if err != nil || u.Disabled || now-seen > int64(to.Idle/time.Second) || now-created > int64(to.Absolute/time.Second) {
		if err := s.DeleteStaffSession(ctx, id); err != nil {
			return nil, err
		}
		return nil, fault.New(fault.NotFound, "error.login_required", "staff session ended")
	}
	if now-seen >= int64(touch/time.Second) {
		err := s.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE staff_sessions SET seen_at = ? WHERE id_hash = ?`, now, h)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("store: touch staff session: %w", err)
		}
		seen = now
	}
	return &StaffSession{User: u, CreatedAt: time.Unix(created, 0), SeenAt: time.Unix(seen, 0)}, nil
}

// DeleteStaffSession ends one session (logging out).
func (s *Store) DeleteStaffSession(ctx context.Context, id string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM staff_sessions WHERE id_hash = ?`, sessionHash(id))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: delete staff session: %w", err)
	}
	return nil
}

// CountStaffSessions returns how many sessions a user has open.
func (s *Store) CountStaffSessions(ctx context.Context, userID int64) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM staff_sessions WHERE user_id = ?`, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count staff sessions: %w", err)
	}
	return n, nil
}
