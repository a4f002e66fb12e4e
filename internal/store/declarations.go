package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// RegistrationDefinition is a registration indicator an administrator
// declared from the admin pages: the YAML of its definition and its texts
// by language and message id, checked (internal/declare) before they are
// kept. The catalogue takes them in when the program starts.
type RegistrationDefinition struct {
	ID        string
	YAML      string
	Texts     map[string]map[string]string
	CreatedBy int64
	CreatedAt time.Time
}

// SaveRegistrationDefinition keeps a declared definition, replacing one
// with the same id, and writes it to the audit log in the same
// transaction.
func (s *Store) SaveRegistrationDefinition(ctx context.Context, userID int64, d *RegistrationDefinition) error {
	texts, err := json.Marshal(d.Texts)
	if err != nil {
		return fmt.Errorf("store: registration definition %s: %w", d.ID, err)
	}
	d.CreatedAt = s.now().UTC().Truncate(time.Second)
	var uid any
	if userID > 0 {
		uid, d.CreatedBy = userID, userID
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO registration_definitions (id, yaml, texts, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
			d.ID, d.YAML, string(texts), uid, timestamp(d.CreatedAt)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, user_id, action, target, detail) VALUES (?, ?, 'registration_declare', ?, '')`,
			timestamp(d.CreatedAt), uid, d.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: save registration definition %s: %w", d.ID, err)
	}
	return nil
}

// RegistrationDefinitions returns every declared definition, by id.
func (s *Store) RegistrationDefinitions(ctx context.Context) ([]RegistrationDefinition, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, yaml, texts, coalesce(created_by, 0), created_at FROM registration_definitions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: registration definitions: %w", err)
	}
	defer rows.Close()
	var out []RegistrationDefinition
	for rows.Next() {
		var d RegistrationDefinition
		var texts, at string
		if err := rows.Scan(&d.ID, &d.YAML, &texts, &d.CreatedBy, &at); err != nil {
			return nil, fmt.Errorf("store: registration definitions: %w", err)
		}
		if err := json.Unmarshal([]byte(texts), &d.Texts); err != nil {
			return nil, fmt.Errorf("store: registration definition %s: texts: %w", d.ID, err)
		}
		d.CreatedAt = parseTime(at)
		out = append(out, d)
	}
	return out, rows.Err()
}
