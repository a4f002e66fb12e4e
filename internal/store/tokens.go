package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// Token is an API token as stored: its name, role and organisation, never
// the secret. It sees what a user of its role in its organisation sees; an
// admin's token without an organisation (OrganisationID 0) sees every
// organisation's records, as an admin does. An analyst's token always has
// an organisation.
type Token struct {
	ID             int64
	Name           string
	Role           string
	OrganisationID int64  // 0: every organisation (admins' tokens only)
	Organisation   string // its name, "" for every organisation
	CreatedBy      int64
	CreatedAt      time.Time
	RevokedAt      time.Time
}

// tokenPrefix marks our tokens, so a leaked one is recognisable in logs and
// secret scanners.
const tokenPrefix = "ks_"

func hashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateToken stores t (name, role, organisation and maker) as a new
// token and returns its secret, which is not kept. An analyst's token
// without an organisation is refused.
func (s *Store) CreateToken(ctx context.Context, t *Token) (string, error) {
	if t.Role != RoleAdmin && t.OrganisationID == 0 {
		return "", fault.Field("organisation", "tokens.error_organisation", "an analyst's token belongs to an organisation")
	}
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("store: token: %w", err)
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(buf)
	t.CreatedAt = s.now().UTC().Truncate(time.Second)
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (name, role, organisation_id, hash, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			t.Name, t.Role, nullID(t.OrganisationID), hashToken(secret), nullID(t.CreatedBy), timestamp(t.CreatedAt))
		if err != nil {
			return err
		}
		t.ID, err = res.LastInsertId()
		return err
	})
	if isForeignKey(err) {
		return "", fault.Field("organisation", "tokens.error_organisation", "no such organisation")
	}
	if err != nil {
		return "", fmt.Errorf("store: create token: %w", err)
	}
	return secret, nil
}

// nullID is NULL for 0, else the id.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// tokenColumns are what TokenBySecret and Tokens read, in scanToken's
// order.
const tokenColumns = `t.id, t.name, t.role, coalesce(t.organisation_id, 0), coalesce(o.name, ''), coalesce(t.created_by, 0), t.created_at, coalesce(t.revoked_at, '')
FROM api_tokens t LEFT JOIN organisations o ON o.id = t.organisation_id`

func scanToken(row interface{ Scan(...any) error }) (*Token, error) {
	var t Token
	var created, revoked string
	if err := row.Scan(&t.ID, &t.Name, &t.Role, &t.OrganisationID, &t.Organisation, &t.CreatedBy, &created, &revoked); err != nil {
		return nil, err
	}
	t.CreatedAt = parseTime(created)
	if revoked != "" {
		t.RevokedAt = parseTime(revoked)
	}
	return &t, nil
}

// TokenBySecret finds the live token with this secret.
func (s *Store) TokenBySecret(ctx context.Context, secret string) (*Token, error) {
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 100 {
		return nil, fault.New(fault.Unauthorized, "error.token_invalid", "not a token")
	}
	t, err := scanToken(s.r.QueryRowContext(ctx, `SELECT `+tokenColumns+` WHERE t.hash = ? AND t.revoked_at IS NULL`, hashToken(secret)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.Unauthorized, "error.token_invalid", "unknown or revoked token")
	}
	if err != nil {
		return nil, fmt.Errorf("store: token: %w", err)
	}
	return t, nil
}

// Tokens lists every token, newest first.
func (s *Store) Tokens(ctx context.Context) ([]*Token, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+tokenColumns+` ORDER BY t.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	defer rows.Close()
	var out []*Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("store: tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken stops a token from working.
func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, timestamp(s.now()), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: revoke token: %w", err)
	}
	return nil
}
