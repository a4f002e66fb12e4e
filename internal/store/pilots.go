package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// A pilot session runs a draft revision, not a published version: its
// survey_version is PilotVersion, and the pilots table says which draft.
const PilotVersion = 0

// IsPilot reports whether the session runs a draft as a pilot.
func (s *Session) IsPilot() bool { return s.SurveyVersion == PilotVersion }

// PilotTap is what one child did on one question of a pilot: tapped "I
// don't understand this question", and then answered, said "I don't
// know", or skipped.
type PilotTap struct {
	Item                        string
	Answered, DontKnow, Skipped bool
}

// PilotCount is what the children of one pilot session did on one
// question: taps on "I don't understand", and what those children did
// instead.
type PilotCount struct {
	Item                                 string
	Unclear, Answered, DontKnow, Skipped int
}

// Pilot is one pilot session with its counts.
type Pilot struct {
	Session  *Session
	Children int
	Counts   map[string]PilotCount
}

// CreatePilot opens a pilot session for a draft revision: a session like
// any other (code, band, setting, closing time) whose questionnaire is the
// revision's, and whose answers are never stored.
func (s *Store) CreatePilot(ctx context.Context, sess *Session, draftID int64, revision int) error {
	sess.SurveyVersion = PilotVersion
	sess.Ideas = false
	return s.createSession(ctx, sess, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO pilots (session_id, draft_id, revision) VALUES (?, ?, ?)`, sess.ID, draftID, revision)
		return err
	})
}

// PilotOf returns the draft revision a pilot session runs.
func (s *Store) PilotOf(ctx context.Context, sessionID int64) (draftID int64, revision int, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT draft_id, revision FROM pilots WHERE session_id = ?`, sessionID).Scan(&draftID, &revision)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, fault.New(fault.NotFound, "error.session_unknown", "no such pilot")
	}
	if err != nil {
		return 0, 0, fmt.Errorf("store: pilot %d: %w", sessionID, err)
	}
	return draftID, revision, nil
}

// RecordPilot counts one child's pilot questionnaire: one more child, and
// per question the taps. uid is the questionnaire's id from the device: a
// second arrival of the same id counts nothing and reports false. Nothing
// the child answered is stored.
func (s *Store) RecordPilot(ctx context.Context, sessionID int64, uid [16]byte, taps []PilotTap) (bool, error) {
	created := false
	err := s.write(ctx, func(tx *sql.Tx) error {
		var closesAt, closedAt, graceUntil string
		err := tx.QueryRowContext(ctx, `SELECT closes_at, coalesce(closed_at, ''), coalesce(grace_until, '') FROM sessions WHERE id = ?`, sessionID).Scan(&closesAt, &closedAt, &graceUntil)
		if err != nil {
			return err
		}
		sess := Session{ClosesAt: parseTime(closesAt)}
		if closedAt != "" {
			sess.ClosedAt = parseTime(closedAt)
		}
		if graceUntil != "" {
			sess.GraceUntil = parseTime(graceUntil)
		}
		if !sess.TakesAnswers(s.now()) {
			return fault.New(fault.Gone, "error.session_closed", "the pilot is closed")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO pilot_receipts (session_id, uid) VALUES (?, ?)`, sessionID, uid[:]); err != nil {
			if isUnique(err) {
				return nil
			}
			return err
		}
		created = true
		if _, err := tx.ExecContext(ctx, `UPDATE pilots SET children = children + 1 WHERE session_id = ?`, sessionID); err != nil {
			return err
		}
		for _, t := range taps {
			_, err := tx.ExecContext(ctx, `INSERT INTO pilot_counts (session_id, item, unclear, answered, dont_know, skipped) VALUES (?, ?, 1, ?, ?, ?)
				ON CONFLICT (session_id, item) DO UPDATE SET unclear = unclear + 1, answered = answered + excluded.answered,
				dont_know = dont_know + excluded.dont_know, skipped = skipped + excluded.skipped`,
				sessionID, t.Item, b2i(t.Answered), b2i(t.DontKnow), b2i(t.Skipped))
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && !fault.Is(err, fault.Gone) {
		return false, fmt.Errorf("store: record pilot: %w", err)
	}
	return created, err
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// PilotRevisions lists the revisions of a draft that have pilots, oldest
// first.
func (s *Store) PilotRevisions(ctx context.Context, draftID int64) ([]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT revision FROM pilots WHERE draft_id = ? ORDER BY revision`, draftID)
	if err != nil {
		return nil, fmt.Errorf("store: pilot revisions: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var r int
		if err := rows.Scan(&r); err != nil {
			return nil, fmt.Errorf("store: pilot revisions: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Pilots lists the pilot sessions of a draft revision with their counts.
func (s *Store) Pilots(ctx context.Context, draftID int64, revision int) ([]*Pilot, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+sessionColumns+`, p.children FROM sessions JOIN pilots p ON p.session_id = sessions.id
		WHERE p.draft_id = ? AND p.revision = ? ORDER BY sessions.id`, draftID, revision)
	if err != nil {
		return nil, fmt.Errorf("store: pilots: %w", err)
	}
	var out []*Pilot
	byID := map[int64]*Pilot{}
	for rows.Next() {
		p := &Pilot{Counts: map[string]PilotCount{}}
		sess, err := scanSession(scanWith{rows, &p.Children})
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: pilots: %w", err)
		}
		p.Session = sess
		byID[sess.ID] = p
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: pilots: %w", err)
	}
	counts, err := s.r.QueryContext(ctx, `SELECT c.session_id, c.item, c.unclear, c.answered, c.dont_know, c.skipped FROM pilot_counts c
		JOIN pilots p ON p.session_id = c.session_id WHERE p.draft_id = ? AND p.revision = ?`, draftID, revision)
	if err != nil {
		return nil, fmt.Errorf("store: pilot counts: %w", err)
	}
	defer counts.Close()
	for counts.Next() {
		var id int64
		var c PilotCount
		if err := counts.Scan(&id, &c.Item, &c.Unclear, &c.Answered, &c.DontKnow, &c.Skipped); err != nil {
			return nil, fmt.Errorf("store: pilot counts: %w", err)
		}
		if p := byID[id]; p != nil {
			p.Counts[c.Item] = c
		}
	}
	return out, counts.Err()
}

// scanWith scans a session's columns and then more.
type scanWith struct {
	row  interface{ Scan(...any) error }
	more *int
}

func (s scanWith) Scan(dest ...any) error { return s.row.Scan(append(dest, s.more)...) }
