package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// Organisation is a municipality, NGO, school or care provider whose staff
// run sessions.
type Organisation struct {
	ID   int64
	Name string
	Kind string
}

// OrganisationKinds are the kinds an organisation can be.
var OrganisationKinds = []string{"municipality", "ngo", "school", "care_provider", "government", "other"}

// CreateOrganisation stores a new organisation and returns its id.
func (s *Store) CreateOrganisation(ctx context.Context, name, kind string) (int64, error) {
	if err := CheckStaffText("name", name); err != nil {
		return 0, err
	}
	var id int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO organisations (name, kind, created_at) VALUES (?, ?, ?)`, name, kind, timestamp(s.now()))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if isUnique(err) {
		return 0, fault.Field("name", "error.organisation_exists", "an organisation with this name exists")
	}
	if err != nil {
		return 0, fmt.Errorf("store: create organisation: %w", err)
	}
	return id, nil
}

// Organisations lists every organisation by name.
func (s *Store) Organisations(ctx context.Context) ([]Organisation, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, name, kind FROM organisations ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: list organisations: %w", err)
	}
	defer rows.Close()
	var out []Organisation
	for rows.Next() {
		var o Organisation
		if err := rows.Scan(&o.ID, &o.Name, &o.Kind); err != nil {
			return nil, fmt.Errorf("store: list organisations: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Organisation returns one organisation.
func (s *Store) Organisation(ctx context.Context, id int64) (Organisation, error) {
	o := Organisation{ID: id}
	err := s.r.QueryRowContext(ctx, `SELECT name, kind FROM organisations WHERE id = ?`, id).Scan(&o.Name, &o.Kind)
	if errors.Is(err, sql.ErrNoRows) {
		return o, fault.New(fault.NotFound, "error.not_found", "no such organisation")
	}
	if err != nil {
		return o, fmt.Errorf("store: organisation %d: %w", id, err)
	}
	return o, nil
}
