package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// SchemaVersion returns the schema's version (PRAGMA user_version): the
// number of the last migration applied.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := s.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v, nil
}

// SubmissionSample is a stored submission's id and its random id from the
// device: together they tell one database from another, or from an older
// copy of itself.
type SubmissionSample struct {
	ID  int64
	UID [16]byte
}

// SampleSubmissions returns the submissions at n points spread evenly over
// the ids 1..upTo (the first id at or above each), and the one with id
// upTo itself when it is stored.
func (s *Store) SampleSubmissions(ctx context.Context, upTo int64, n int) ([]SubmissionSample, error) {
	var out []SubmissionSample
	seen := map[int64]bool{}
	for i := 0; i < n && upTo > 0; i++ {
		at := 1 + upTo*int64(i)/int64(n)
		var x SubmissionSample
		var uid []byte
		err := s.r.QueryRowContext(ctx, `SELECT id, uid FROM submissions WHERE id >= ? AND id <= ? ORDER BY id LIMIT 1`, at, upTo).Scan(&x.ID, &uid)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("store: sample submissions: %w", err)
		}
		if !seen[x.ID] {
			seen[x.ID] = true
			copy(x.UID[:], uid)
			out = append(out, x)
		}
	}
	if upTo > 0 && !seen[upTo] {
		uid, found, err := s.SubmissionUID(ctx, upTo)
		if err != nil {
			return nil, err
		}
		if found {
			out = append(out, SubmissionSample{ID: upTo, UID: uid})
		}
	}
	return out, nil
}

// SubmissionUID returns the random id of the submission with this id.
func (s *Store) SubmissionUID(ctx context.Context, id int64) ([16]byte, bool, error) {
	var uid []byte
	var out [16]byte
	err := s.r.QueryRowContext(ctx, `SELECT uid FROM submissions WHERE id = ?`, id).Scan(&uid)
	if errors.Is(err, sql.ErrNoRows) {
		return out, false, nil
	}
	if err != nil {
		return out, false, fmt.Errorf("store: submission uid: %w", err)
	}
	copy(out[:], uid)
	return out, true, nil
}

// SessionsAfter returns the sessions with an id above id, in id order:
// those an index read from a snapshot has not seen.
func (s *Store) SessionsAfter(ctx context.Context, id int64) ([]*Session, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id > ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: sessions after %d: %w", id, err)
	}
	defer rows.Close()
	var out []*Session
	for rows.Next() {
		sess, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("store: sessions after %d: %w", id, err)
		}
		out = append(out, sess)
	}
	return out, rows.Err()
}
