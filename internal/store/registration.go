package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// RegistrationValue is one registration figure: an indicator's value for a
// period, area (NIS code), sex and age band, with the counts behind it
// where the source gives them.
type RegistrationValue struct {
	Indicator   string
	Period      string // 2024, 2024-03, 2024-Q1 or a school year 2023-2024
	Area        string // NIS code
	Sex         string // total, female or male
	AgeBand     string // total or e.g. 0-2
	Numerator   *float64
	Denominator *float64
	Value       float64
	Source      string // where this figure was published, when the file says
	Publication string // the publication the figure was read from
	Table       string // its table, as titled
	Published   string // the year it was published or read, e.g. 2024
}

// ReplaceRegistration stores the figures of one import in one transaction:
// a row with the same indicator, period, area, sex and age band as one
// already stored replaces it. The import is written to the audit log in the
// same transaction, so the log never names an import that did not happen.
func (s *Store) ReplaceRegistration(ctx context.Context, userID int64, file string, rows []RegistrationValue) error {
	var uid any
	if userID > 0 {
		uid = userID
	}
	now := timestamp(s.now())
	err := s.write(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO registration_values
			(indicator, period, area, sex, age_band, numerator, denominator, value, source, publication, table_name, published, imported_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, r := range rows {
			if _, err := stmt.ExecContext(ctx, r.Indicator, r.Period, r.Area, r.Sex, r.AgeBand, r.Numerator, r.Denominator, r.Value, r.Source, r.Publication, r.Table, r.Published, now); err != nil {
				return fmt.Errorf("%s %s %s: %w", r.Indicator, r.Period, r.Area, err)
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO audit (at, user_id, action, target, detail) VALUES (?, ?, 'registration_import', ?, ?)`,
			now, uid, file, strconv.Itoa(len(rows))+" rows")
		return err
	})
	if err != nil {
		return fmt.Errorf("store: registration import %s: %w", file, err)
	}
	return nil
}

// RegistrationValues returns every stored figure of one indicator, or of
// all when indicator is "", ordered by indicator, period, area, sex and age.
func (s *Store) RegistrationValues(ctx context.Context, indicator string) ([]RegistrationValue, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT indicator, period, area, sex, age_band, numerator, denominator, value, source, publication, table_name, published
		FROM registration_values WHERE ? = '' OR indicator = ? ORDER BY indicator, period, area, sex, age_band`, indicator, indicator)
	if err != nil {
		return nil, fmt.Errorf("store: registration values: %w", err)
	}
	defer rows.Close()
	var out []RegistrationValue
	for rows.Next() {
		var v RegistrationValue
		var num, den sql.NullFloat64
		if err := rows.Scan(&v.Indicator, &v.Period, &v.Area, &v.Sex, &v.AgeBand, &num, &den, &v.Value, &v.Source, &v.Publication, &v.Table, &v.Published); err != nil {
			return nil, fmt.Errorf("store: registration values: %w", err)
		}
		if num.Valid {
			v.Numerator = &num.Float64
		}
		if den.Valid {
			v.Denominator = &den.Float64
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: registration values: %w", err)
	}
	return out, nil
}
