package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Session is one group filling in one survey, run by a youth worker.
type Session struct {
	ID             int64
	Code           string
	OrganisationID int64
	CreatedBy      int64
	SurveyID       string
	SurveyVersion  int
	SurveyHash     string
	AgeBand        string
	Lang           string
	Setting        string
	Region         string
	Label          string
	OpenedAt       time.Time
	ClosesAt       time.Time
	ClosedAt       time.Time // zero while open
	ResultsUntil   time.Time // children see the group's results until then
	GraceUntil     time.Time // zero, or until when a closed session still takes late answers
	Ideas          bool      // the child's flow ends with the ideas step (ideas.go)
	// Kind is what the session asks: the whole questionnaire (full), the
	// items of one theme (theme, with Theme), or only the children's ideas
	// (ideas).
	Kind  string
	Theme string
	// Background: the worker added the background block, asked at the
	// end of the questionnaire (survey.TakeBackground).
	Background bool
	// EasyRead: children get the easy-read variant of the survey (easy
	// wording, a pictogram per question; the same items and codes). Each
	// submission records the value the session has when it arrives.
	EasyRead bool
}

// The kinds of session.
const (
	KindFull  = "full"
	KindTheme = "theme"
	KindIdeas = "ideas"
)

// IsOpen reports whether the session takes submissions at t.
func (s *Session) IsOpen(t time.Time) bool { return s.ClosedAt.IsZero() && t.Before(s.ClosesAt) }

// TakesAnswers reports whether a submission arriving at t is stored: while
// the session is open, and after a worker closed it until the grace period
// the worker chose is over (a child on the last screen still gets through).
func (s *Session) TakesAnswers(t time.Time) bool { return s.IsOpen(t) || t.Before(s.GraceUntil) }

// ShowsResults reports whether children opening the code at t see the
// group's results: after it closed and before ResultsUntil.
func (s *Session) ShowsResults(t time.Time) bool { return !s.IsOpen(t) && t.Before(s.ResultsUntil) }

// CodeAlphabet is what session codes are made of: capitals and digits that
// cannot be mistaken for each other (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G, U/V).
const CodeAlphabet = "ACDEFHJKMNPRTWXY34679"

// CodeLen is the length of a session code.
const CodeLen = 6

// NewCode returns a random session code.
func NewCode() string {
	buf := make([]byte, CodeLen)
	rand.Read(buf)
	for i, b := range buf {
		// 252 is the largest multiple of 21 below 256; redraw above it so
		// every letter is equally likely.
		for b >= 252 {
			var one [1]byte
			rand.Read(one[:])
			b = one[0]
		}
		buf[i] = CodeAlphabet[int(b)%len(CodeAlphabet)]
	}
	return string(buf)
}

// NormalizeCode reads a code as a child might type it: any case, with
// spaces or dashes. It returns "" when it cannot be a code.
func NormalizeCode(in string) string {
	if len(in) > 32 {
		return ""
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(in) {
		switch {
		case r == ' ' || r == '-' || r == '.':
			continue
		case strings.ContainsRune(CodeAlphabet, r):
			b.WriteRune(r)
		default:
			return ""
		}
	}
	if b.Len() != CodeLen {
		return ""
	}
	return b.String()
}

// Scope is what the session asks of its survey: the items of its
// setting, of one theme, or none (an ideas-only session).
func (s *Session) Scope() survey.Scope {
	return survey.Scope{Setting: s.Setting, Theme: s.Theme, IdeasOnly: s.Kind == KindIdeas}
}

const sessionColumns = `id, code, organisation_id, coalesce(created_by, 0), survey_id, survey_version, survey_hash, age_band, lang, setting, region, label, opened_at, closes_at, coalesce(closed_at, ''), results_until, coalesce(grace_until, ''), EXISTS (SELECT 1 FROM idea_rounds WHERE idea_rounds.session_id = sessions.id), kind, theme, background, easy_read`

func scanSession(row interface{ Scan(...any) error }) (*Session, error) {
	var s Session
	var opened, closes, closed, until, grace string
	err := row.Scan(&s.ID, &s.Code, &s.OrganisationID, &s.CreatedBy, &s.SurveyID, &s.SurveyVersion, &s.SurveyHash,
		&s.AgeBand, &s.Lang, &s.Setting, &s.Region, &s.Label, &opened, &closes, &closed, &until, &grace, &s.Ideas, &s.Kind, &s.Theme, &s.Background, &s.EasyRead)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "error.session_unknown", "no such session")
	}
	if err != nil {
		return nil, err
	}
	s.OpenedAt, s.ClosesAt, s.ResultsUntil = parseTime(opened), parseTime(closes), parseTime(until)
	if closed != "" {
		s.ClosedAt = parseTime(closed)
	}
	if grace != "" {
		s.GraceUntil = parseTime(grace)
	}
	return &s, nil
}

// CreateSession stores a new session with a fresh unique code and sets its
// id, code and opening time.
func (s *Store) CreateSession(ctx context.Context, sess *Session) error {
	return s.createSession(ctx, sess, nil)
}

// createSession is CreateSession with more to write in the same
// transaction, once the session has its id (a pilot's draft).
func (s *Store) createSession(ctx context.Context, sess *Session, more func(tx *sql.Tx) error) error {
	if err := CheckStaffText("label", sess.Label); err != nil {
		return err
	}
	sess.OpenedAt = s.now().UTC().Truncate(time.Second)
	if sess.Kind == "" {
		sess.Kind = KindFull
	}
	if sess.Kind == KindIdeas {
		sess.Ideas = true // an ideas-only session is its ideas step
	}
	var createdBy any
	if sess.CreatedBy > 0 {
		createdBy = sess.CreatedBy
	}
	for attempt := 0; attempt < 10; attempt++ {
		sess.Code = NewCode()
		err := s.write(ctx, func(tx *sql.Tx) error {
			if err := insertSession(ctx, tx, sess, createdBy); err != nil || more == nil {
				return err
			}
			return more(tx)
		})
		if isUnique(err) {
			continue // the code was taken; draw another
		}
		if err != nil {
			return fmt.Errorf("store: create session: %w", err)
		}
		return nil
	}
	return errors.New("store: create session: no free code after 10 draws")
}

// insertSession stores a new session with the code it carries, and its
// ideas round when it has one.
func insertSession(ctx context.Context, tx *sql.Tx, sess *Session, createdBy any) error {
	if sess.Kind == "" {
		sess.Kind = KindFull
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO sessions (code, organisation_id, created_by, survey_id, survey_version, survey_hash, age_band, lang, setting, region, label, opened_at, closes_at, results_until, kind, theme, background, easy_read)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sess.Code, sess.OrganisationID, createdBy, sess.SurveyID, sess.SurveyVersion, sess.SurveyHash, sess.AgeBand,
		sess.Lang, sess.Setting, sess.Region, sess.Label, timestamp(sess.OpenedAt), timestamp(sess.ClosesAt), timestamp(sess.ResultsUntil), sess.Kind, sess.Theme, sess.Background, sess.EasyRead)
	if err != nil {
		return err
	}
	if sess.ID, err = res.LastInsertId(); err != nil || !sess.Ideas {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO idea_rounds (session_id) VALUES (?)`, sess.ID)
	return err
}

// SessionByCode finds a session by its code.
func (s *Store) SessionByCode(ctx context.Context, code string) (*Session, error) {
	return s.session(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE code = ?`, code)
}

// SessionByID finds a session by id.
func (s *Store) SessionByID(ctx context.Context, id int64) (*Session, error) {
	return s.session(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id = ?`, id)
}

func (s *Store) session(ctx context.Context, query string, arg any) (*Session, error) {
	sess, err := scanSession(s.r.QueryRowContext(ctx, query, arg))
	if err != nil && !fault.Is(err, fault.NotFound) {
		return nil, fmt.Errorf("store: session: %w", err)
	}
	return sess, err
}

// Sessions lists an organisation's sessions (all when org is 0), newest
// first.
func (s *Store) Sessions(ctx context.Context, org int64, limit int) ([]*Session, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE ? = 0 OR organisation_id = ? ORDER BY opened_at DESC, id DESC LIMIT ?`, org, org, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list sessions: %w", err)
	}
	defer rows.Close()
	var out []*Session
	for rows.Next() {
		sess, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list sessions: %w", err)
		}
		out = append(out, sess)
	}
	return out, rows.Err()
}

// CloseSession closes a session now, with no grace period.
func (s *Store) CloseSession(ctx context.Context, id int64) error {
	return s.CloseSessionWithGrace(ctx, id, 0)
}

// MaxGrace is the longest grace period a worker may give on closing.
const MaxGrace = time.Hour

// CloseSessionWithGrace closes a session now; for grace longer it still
// stores answers that arrive late (a child who was on the last screen).
// A grace outside 0..MaxGrace is a fault.Invalid.
func (s *Store) CloseSessionWithGrace(ctx context.Context, id int64, grace time.Duration) error {
	if grace < 0 || grace > MaxGrace {
		return fault.Field("grace", "error.grace_invalid", "grace period out of range")
	}
	now := s.now()
	var until any
	if grace > 0 {
		until = timestamp(now.Add(grace))
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE sessions SET closed_at = ?, grace_until = ? WHERE id = ? AND closed_at IS NULL`, timestamp(now), until, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: close session %d: %w", id, err)
	}
	return nil
}

// ReopenSession opens a closed session again until closesAt.
//
// A session whose ideas the worker has seen (ShowIdeas) is never reopened:
// a later idea would stand out against the set already seen, and so be
// tied to the child who sent it. That is a fault.Conflict.
func (s *Store) ReopenSession(ctx context.Context, id int64, closesAt time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		var shown bool
		err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM idea_rounds WHERE session_id = ? AND shown = 1)`, id).Scan(&shown)
		if err != nil {
			return err
		}
		if shown {
			return fault.New(fault.Conflict, "ideas.error_reopen_shown", "the session's ideas were shown")
		}
		_, err = tx.ExecContext(ctx, `UPDATE sessions SET closed_at = NULL, grace_until = NULL, closes_at = ? WHERE id = ?`, timestamp(closesAt), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: reopen session %d: %w", id, err)
	}
	return nil
}

// SetEasyRead switches a session to the easy-read variant of its survey
// or back. Questionnaires that arrive from then on record the new value.
func (s *Store) SetEasyRead(ctx context.Context, id int64, on bool) error {
	return s.updateSession(ctx, `UPDATE sessions SET easy_read = ? WHERE id = ?`, on, id)
}

func (s *Store) updateSession(ctx context.Context, query string, val any, id int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, query, val, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: update session %d: %w", id, err)
	}
	return nil
}

// SetFeedback stores the adults' answer to the group, by language, all in
// one transaction; an empty message removes that language.
func (s *Store) SetFeedback(ctx context.Context, sessionID int64, messages map[string]string) error {
	for _, m := range messages {
		if err := CheckStaffText("feedback", m); err != nil {
			return err
		}
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		for lang, message := range messages {
			var err error
			if strings.TrimSpace(message) == "" {
				_, err = tx.ExecContext(ctx, `DELETE FROM session_feedback WHERE session_id = ? AND lang = ?`, sessionID, lang)
			} else {
				_, err = tx.ExecContext(ctx, `INSERT INTO session_feedback (session_id, lang, message, updated_at) VALUES (?, ?, ?, ?)
					ON CONFLICT (session_id, lang) DO UPDATE SET message = excluded.message, updated_at = excluded.updated_at`,
					sessionID, lang, message, timestamp(s.now()))
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: set feedback: %w", err)
	}
	return nil
}

// Feedback returns the adults' answer to a session's group, by language.
func (s *Store) Feedback(ctx context.Context, sessionID int64) (map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT lang, message FROM session_feedback WHERE session_id = ?`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("store: feedback: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var lang, msg string
		if err := rows.Scan(&lang, &msg); err != nil {
			return nil, fmt.Errorf("store: feedback: %w", err)
		}
		out[lang] = msg
	}
	return out, rows.Err()
}
