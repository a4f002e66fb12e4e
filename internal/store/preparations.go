package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// Preparation is a session's "before you start": what the worker tells the
// children before they answer (Lundy's space: the purpose, who decides,
// what can and cannot change, when the group hears back). It is kept with
// the session, so the process figures can show the step was done.
type Preparation struct {
	SessionID    int64
	Purpose      string
	Decides      string // one of Deciders
	DecidesNote  string // who exactly, in the worker's words (optional)
	CanChange    string
	CannotChange string
	HearBack     time.Time // the day the group hears back
	PreparedAt   time.Time
}

// Deciders are who may decide what a session's answers lead to; children
// see each in their own language.
var Deciders = []string{"organisation", "school", "municipality", "youth_care", "flemish_government", "other"}

// MaxPreparationText bounds each text of a preparation: short enough to
// read aloud to a group.
const MaxPreparationText = 300

var dayPattern = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// Check reports the first field of the preparation that is missing or too
// long, as a fault naming it.
func (p *Preparation) Check() error {
	for _, f := range []struct{ name, v string }{{"purpose", p.Purpose}, {"can_change", p.CanChange}, {"cannot_change", p.CannotChange}, {"decides_note", p.DecidesNote}} {
		if f.name != "decides_note" && strings.TrimSpace(f.v) == "" {
			return fault.Field(f.name, "prepare.error_required", f.name+" is required")
		}
		if utf8.RuneCountInString(f.v) > MaxPreparationText {
			return fault.Field(f.name, "prepare.error_long", fmt.Sprintf("%s is longer than %d characters", f.name, MaxPreparationText))
		}
		if err := CheckStaffText(f.name, f.v); err != nil {
			return err
		}
	}
	if !slices.Contains(Deciders, p.Decides) {
		return fault.Field("decides", "prepare.error_decides", "decides must be one of "+strings.Join(Deciders, ", "))
	}
	if p.HearBack.IsZero() {
		return fault.Field("hear_back", "prepare.error_hear_back", "hear_back must be a day")
	}
	return nil
}

// ParseDay reads a day as a date input sends it, 2026-05-31.
func ParseDay(s string) (time.Time, bool) {
	if !dayPattern.MatchString(s) {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}

// SavePreparation stores a session's "before you start", replacing the
// one before; it is written to the audit log in the same transaction.
func (s *Store) SavePreparation(ctx context.Context, userID int64, p *Preparation) error {
	if err := p.Check(); err != nil {
		return err
	}
	p.PreparedAt = s.now().UTC().Truncate(time.Second)
	var uid any
	if userID > 0 {
		uid = userID
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO session_preparations
			(session_id, purpose, decides, decides_note, can_change, cannot_change, hear_back, prepared_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			p.SessionID, p.Purpose, p.Decides, p.DecidesNote, p.CanChange, p.CannotChange, p.HearBack.Format("2006-01-02"), timestamp(p.PreparedAt)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, user_id, action, target, detail) VALUES (?, ?, 'session_prepare', ?, '')`,
			timestamp(p.PreparedAt), uid, fmt.Sprint(p.SessionID))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: save preparation of session %d: %w", p.SessionID, err)
	}
	return nil
}

// PreparationOf returns a session's "before you start", or a NotFound
// fault when the worker has not filled it.
func (s *Store) PreparationOf(ctx context.Context, sessionID int64) (*Preparation, error) {
	p := &Preparation{SessionID: sessionID}
	var hear, at string
	err := s.r.QueryRowContext(ctx, `SELECT purpose, decides, decides_note, can_change, cannot_change, hear_back, prepared_at FROM session_preparations WHERE session_id = ?`,
		sessionID).Scan(&p.Purpose, &p.Decides, &p.DecidesNote, &p.CanChange, &p.CannotChange, &hear, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "prepare.none", "the session has no preparation")
	}
	if err != nil {
		return nil, fmt.Errorf("store: preparation of session %d: %w", sessionID, err)
	}
	p.HearBack, _ = ParseDay(hear)
	p.PreparedAt = parseTime(at)
	return p, nil
}

// PreparedSessions returns the ids of the sessions that have a "before you
// start", for the process figures.
func (s *Store) PreparedSessions(ctx context.Context) (map[int64]bool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT session_id FROM session_preparations`)
	if err != nil {
		return nil, fmt.Errorf("store: prepared sessions: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: prepared sessions: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

// SessionState is what the sessions list shows of a session besides its
// count: whether the children were told before they started, and whether
// an answer to them is written and public.
type SessionState struct {
	Prepared bool
	Answered bool // an answer is written (draft or public)
	Public   bool // an answer is public
}

// SessionStates returns the state of each of the sessions ids.
func (s *Store) SessionStates(ctx context.Context, ids []int64) (map[int64]SessionState, error) {
	out := map[int64]SessionState{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	marks := make([]string, len(ids))
	for i, id := range ids {
		args[i], marks[i] = id, "?"
	}
	in := strings.Join(marks, ",")
	rows, err := s.r.QueryContext(ctx, `SELECT s.id, EXISTS (SELECT 1 FROM session_preparations p WHERE p.session_id = s.id),
		EXISTS (SELECT 1 FROM reply_sessions rs WHERE rs.session_id = s.id),
		EXISTS (SELECT 1 FROM reply_sessions rs JOIN replies r ON r.id = rs.reply_id WHERE rs.session_id = s.id AND r.public = 1)
		FROM sessions s WHERE s.id IN (`+in+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: session states: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var st SessionState
		if err := rows.Scan(&id, &st.Prepared, &st.Answered, &st.Public); err != nil {
			return nil, fmt.Errorf("store: session states: %w", err)
		}
		out[id] = st
	}
	return out, rows.Err()
}
