package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// AuditEntry is one line of the audit log: who did what to what.
type AuditEntry struct {
	ID     int64
	At     time.Time
	UserID int64 // 0 for the system or the command line
	Email  string
	Action string // login, login_failed, user_add, session_close, export, ...
	Target string
	Detail string
}

// The longest target and detail kept in an audit row: an anonymous failed
// login must not be able to write 60 KB into the log.
const (
	maxAuditTarget = 256
	maxAuditDetail = 1024
)

// clip cuts s to at most n bytes on a character boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// Audit appends to the audit log; long targets and details are cut.
func (s *Store) Audit(ctx context.Context, userID int64, action, target, detail string) error {
	target, detail = clip(target, maxAuditTarget), clip(detail, maxAuditDetail)
	var uid any
	if userID > 0 {
		uid = userID
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, user_id, action, target, detail) VALUES (?, ?, ?, ?, ?)`,
			timestamp(s.now()), uid, action, target, detail)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: audit %s: %w", action, err)
	}
	return nil
}

// AuditLog returns the newest entries first, limit at a time, before an id
// (0 for the newest).
func (s *Store) AuditLog(ctx context.Context, before int64, limit int) ([]AuditEntry, error) {
	if before <= 0 {
		before = 1 << 62
	}
	rows, err := s.r.QueryContext(ctx, `
		SELECT a.id, a.at, coalesce(a.user_id, 0), coalesce(u.email, ''), a.action, a.target, a.detail
		FROM audit a LEFT JOIN users u ON u.id = a.user_id
		WHERE a.id < ? ORDER BY a.id DESC LIMIT ?`, before, limit)
	if err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	return scanAudit(rows)
}

// AuditFor returns the newest entries of one action on one target, at
// most limit: who opened one request, for its owner to show.
func (s *Store) AuditFor(ctx context.Context, action, target string, limit int) ([]AuditEntry, error) {
	rows, err := s.r.QueryContext(ctx, `
		SELECT a.id, a.at, coalesce(a.user_id, 0), coalesce(u.email, ''), a.action, a.target, a.detail
		FROM audit a LEFT JOIN users u ON u.id = a.user_id
		WHERE a.action = ? AND a.target = ? ORDER BY a.id DESC LIMIT ?`, action, target, limit)
	if err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	return scanAudit(rows)
}

func scanAudit(rows *sql.Rows) ([]AuditEntry, error) {
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.UserID, &e.Email, &e.Action, &e.Target, &e.Detail); err != nil {
			return nil, fmt.Errorf("store: audit log: %w", err)
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
