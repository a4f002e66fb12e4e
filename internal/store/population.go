package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// PopulationCount is the number of people of one sex and age in one area
// (a NIS code), from a population table such as Statbel's.
type PopulationCount struct {
	Area  string
	Sex   string // "female" or "male"
	Age   int
	Count int
}

// ReplacePopulation stores an imported population table in one
// transaction, in place of the one before, and writes the import to the
// audit log.
func (s *Store) ReplacePopulation(ctx context.Context, file string, rows []PopulationCount) error {
	now := timestamp(s.now())
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM population`); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO population (area, sex, age, count, imported_at) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, r := range rows {
			if _, err := stmt.ExecContext(ctx, r.Area, r.Sex, r.Age, r.Count, now); err != nil {
				return fmt.Errorf("area %s: %w", r.Area, err)
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO audit (at, action, target, detail) VALUES (?, 'population_import', ?, ?)`,
			now, file, strconv.Itoa(len(rows))+" rows")
		return err
	})
	if err != nil {
		return fmt.Errorf("store: population import %s: %w", file, err)
	}
	return nil
}

// Population returns the imported population table; empty when none was
// imported.
func (s *Store) Population(ctx context.Context) ([]PopulationCount, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT area, sex, age, count FROM population ORDER BY area, sex, age`)
	if err != nil {
		return nil, fmt.Errorf("store: population: %w", err)
	}
	defer rows.Close()
	var out []PopulationCount
	for rows.Next() {
		var p PopulationCount
		if err := rows.Scan(&p.Area, &p.Sex, &p.Age, &p.Count); err != nil {
			return nil, fmt.Errorf("store: population: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: population: %w", err)
	}
	return out, nil
}
