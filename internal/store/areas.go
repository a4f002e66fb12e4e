package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// Area is a municipality from Statbel's REFNIS list.
type Area struct {
	Code, NL, FR, DE, Province string
}

// ReplaceAreas stores an imported REFNIS list in one transaction, in place
// of the one before, and writes the import to the audit log.
func (s *Store) ReplaceAreas(ctx context.Context, file string, areas []Area) error {
	now := timestamp(s.now())
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM areas`); err != nil {
			return err
		}
		for _, a := range areas {
			if _, err := tx.ExecContext(ctx, `INSERT INTO areas (code, nl, fr, de, province, imported_at) VALUES (?, ?, ?, ?, ?, ?)`,
				a.Code, a.NL, a.FR, a.DE, a.Province, now); err != nil {
				return fmt.Errorf("area %s: %w", a.Code, err)
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, action, target, detail) VALUES (?, 'areas_import', ?, ?)`,
			now, file, strconv.Itoa(len(areas))+" municipalities")
		return err
	})
	if err != nil {
		return fmt.Errorf("store: areas import %s: %w", file, err)
	}
	return nil
}

// Areas returns the imported municipalities by code.
func (s *Store) Areas(ctx context.Context) ([]Area, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT code, nl, fr, de, province FROM areas ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("store: areas: %w", err)
	}
	defer rows.Close()
	var out []Area
	for rows.Next() {
		var a Area
		if err := rows.Scan(&a.Code, &a.NL, &a.FR, &a.DE, &a.Province); err != nil {
			return nil, fmt.Errorf("store: areas: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: areas: %w", err)
	}
	return out, nil
}
