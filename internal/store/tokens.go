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

// Token is an API token as stored: its name and role, never the secret.
type Token struct {
	ID        int64
	Name      string
	Role      string
	CreatedBy int64
	CreatedAt time.Time
	RevokedAt time.Time
}

// tokenPrefix marks our tokens, so a leaked one is recognisable in logs and
// secret scanners.
const tokenPrefix = "ks_"

func hashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes a token and returns its secret, which is not kept.
func (s *Store) CreateToken(ctx context.Context, name, role string, createdBy int64) (string, *Token, error) {
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return "", nil, fmt.Errorf("store: token: %w", err)
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(buf)
	t := &Token{Name: name, Role: role, CreatedBy: createdBy, CreatedAt: s.now().UTC().Truncate(time.Second)}
	var by any
	if createdBy > 0 {
		by = createdBy
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (name, role, hash, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
			name, role, hashToken(secret), by, timestamp(t.CreatedAt))
		if err != nil {
			return err
		}
		t.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return "", nil, fmt.Errorf("store: create token: %w", err)
	}
	return secret, t, nil
}

// TokenBySecret finds the live token with this secret.
func (s *Store) TokenBySecret(ctx context.Context, secret string) (*Token, error) {
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 100 {
		return nil, fault.New(fault.Unauthorized, "error.token_invalid", "not a token")
	}
	var t Token
	var created string
	err := s.r.QueryRowContext(ctx, `SELECT id, name, role, coalesce(created_by, 0), created_at FROM api_tokens WHERE hash = ? AND revoked_at IS NULL`,
		hashToken(secret)).Scan(&t.ID, &t.Name, &t.Role, &t.CreatedBy, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.Unauthorized, "error.token_invalid", "unknown or revoked token")
	}
	if err != nil {
		return nil, fmt.Errorf("store: token: %w", err)
	}
	t.CreatedAt = parseTime(created)
	return &t, nil
}

// Tokens lists every token, newest first.
func (s *Store) Tokens(ctx context.Context) ([]*Token, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, name, role, coalesce(created_by, 0), created_at, coalesce(revoked_at, '') FROM api_tokens ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	defer rows.Close()
	var out []*Token
	for rows.Next() {
		var t Token
		var created, revoked string
		if err := rows.Scan(&t.ID, &t.Name, &t.Role, &t.CreatedBy, &created, &revoked); err != nil {
			return nil, fmt.Errorf("store: tokens: %w", err)
		}
		t.CreatedAt = parseTime(created)
		if revoked != "" {
			t.RevokedAt = parseTime(revoked)
		}
		out = append(out, &t)
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
