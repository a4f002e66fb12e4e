package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// Round is one invitation round: a professionals' survey open to a set of
// links (or one open link) until a closing time.
type Round struct {
	ID             int64
	OrganisationID int64
	CreatedBy      int64
	SurveyID       string
	SurveyVersion  int
	SurveyHash     string
	Label          string
	OpenLink       bool // one link for everyone; otherwise one link per invited organisation
	Links          int  // how many links were made
	OpenedAt       time.Time
	ClosesAt       time.Time
	ClosedAt       time.Time // zero until closed early by hand
}

// IsOpen reports whether the round takes and changes responses at t.
func (r *Round) IsOpen(t time.Time) bool { return r.ClosedAt.IsZero() && t.Before(r.ClosesAt) }

// MaxLinks is the most links one round makes.
const MaxLinks = 5000

// secretLen is the length of a link token or resume secret in bytes:
// 128 random bits, written as 22 characters of URL-safe base64.
const secretLen = 16

func newSecret() string {
	b := make([]byte, secretLen)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// secretHash is what the database keeps of a token or secret. A string that
// cannot be one hashes to nothing, so it is never looked up.
func secretHash(secret string) ([]byte, bool) {
	b, err := base64.RawURLEncoding.DecodeString(secret)
	if err != nil || len(b) != secretLen {
		return nil, false
	}
	h := sha256.Sum256(b)
	return h[:], true
}

// CreateRound stores a round and makes its links: one when r.OpenLink,
// else links of them. It returns the link tokens, which are never stored
// and cannot be shown again.
func (s *Store) CreateRound(ctx context.Context, r *Round, links int) ([]string, error) {
	if r.OpenLink {
		links = 1
	}
	if links < 1 || links > MaxLinks {
		return nil, fault.Field("links", "error.round_links", fmt.Sprintf("links must be 1 to %d", MaxLinks))
	}
	if !r.ClosesAt.After(s.now()) {
		return nil, fault.Field("closes", "error.round_closes", "the closing date must lie in the future")
	}
	r.OpenedAt = s.now().UTC().Truncate(time.Second)
	r.Links = links
	tokens := make([]string, links)
	for i := range tokens {
		tokens[i] = newSecret()
	}
	var createdBy any
	if r.CreatedBy > 0 {
		createdBy = r.CreatedBy
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO rounds (organisation_id, created_by, survey_id, survey_version, survey_hash, label, open_link, links, opened_at, closes_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.OrganisationID, createdBy, r.SurveyID, r.SurveyVersion, r.SurveyHash, r.Label,
			r.OpenLink, links, timestamp(r.OpenedAt), timestamp(r.ClosesAt))
		if err != nil {
			return err
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO invitations (hash, round_id) VALUES (?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for _, t := range tokens {
			h, _ := secretHash(t)
			if _, err := ins.ExecContext(ctx, h, r.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: create round: %w", err)
	}
	return tokens, nil
}

const roundColumns = `id, organisation_id, coalesce(created_by, 0), survey_id, survey_version, survey_hash, label, open_link, links, opened_at, closes_at, coalesce(closed_at, '')`

func scanRound(row interface{ Scan(...any) error }) (*Round, error) {
	var r Round
	var opened, closes, closed string
	err := row.Scan(&r.ID, &r.OrganisationID, &r.CreatedBy, &r.SurveyID, &r.SurveyVersion, &r.SurveyHash, &r.Label,
		&r.OpenLink, &r.Links, &opened, &closes, &closed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "error.round_unknown", "no such round")
	}
	if err != nil {
		return nil, fmt.Errorf("store: round: %w", err)
	}
	r.OpenedAt, r.ClosesAt = parseTime(opened), parseTime(closes)
	if closed != "" {
		r.ClosedAt = parseTime(closed)
	}
	return &r, nil
}

// RoundByID finds a round.
func (s *Store) RoundByID(ctx context.Context, id int64) (*Round, error) {
	return scanRound(s.r.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM rounds WHERE id = ?`, id))
}

// Rounds lists an organisation's rounds (all when org is 0), newest first.
func (s *Store) Rounds(ctx context.Context, org int64) ([]*Round, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+roundColumns+` FROM rounds WHERE ? = 0 OR organisation_id = ? ORDER BY id DESC`, org, org)
	if err != nil {
		return nil, fmt.Errorf("store: list rounds: %w", err)
	}
	defer rows.Close()
	var out []*Round
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CloseRound closes a round now, before its closing date.
func (s *Store) CloseRound(ctx context.Context, id int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE rounds SET closed_at = ? WHERE id = ? AND closed_at IS NULL`, timestamp(s.now()), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: close round %d: %w", id, err)
	}
	return nil
}

// RoundCount is how far a round has come: never which links answered.
type RoundCount struct {
	Responses int // responses saved
	LinksUsed int // links that have a response (0 for an open link)
}

// CountRound counts a round's responses and used links.
func (s *Store) CountRound(ctx context.Context, id int64) (RoundCount, error) {
	var c RoundCount
	err := s.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM responses WHERE round_id = ?),
		(SELECT count(*) FROM invitations WHERE round_id = ? AND used = 1)`, id, id).Scan(&c.Responses, &c.LinksUsed)
	if err != nil {
		return c, fmt.Errorf("store: count round: %w", err)
	}
	return c, nil
}

// Invitation finds the round a link token belongs to, and whether the
// link already has its response.
func (s *Store) Invitation(ctx context.Context, token string) (*Round, bool, error) {
	h, ok := secretHash(token)
	if !ok {
		return nil, false, fault.New(fault.NotFound, "error.invitation_unknown", "no such invitation")
	}
	var round int64
	var used bool
	err := s.r.QueryRowContext(ctx, `SELECT round_id, used FROM invitations WHERE hash = ?`, h).Scan(&round, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, fault.New(fault.NotFound, "error.invitation_unknown", "no such invitation")
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: invitation: %w", err)
	}
	r, err := s.RoundByID(ctx, round)
	if err != nil {
		return nil, false, err
	}
	return r, used && !r.OpenLink, nil
}

// LastDay is the last day the round takes answers, in loc, as YYYY-MM-DD.
func (r *Round) LastDay(loc *time.Location) string {
	return r.ClosesAt.Add(-1).In(loc).Format("2006-01-02")
}
