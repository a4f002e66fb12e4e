package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// Published is a group's results as the worker published them: frozen.
type Published struct {
	SessionID   int64
	Expected    int    // children the worker said took part
	Count       int    // submissions the results rest on
	Results     []byte // the results as shown, encoded by the caller
	PublishedAt time.Time
}

// PublishResults stores (or replaces) a session's published results.
func (s *Store) PublishResults(ctx context.Context, p *Published) error {
	p.PublishedAt = s.now().UTC().Truncate(time.Second)
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO published_results (session_id, expected, count, results, published_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (session_id) DO UPDATE SET expected = excluded.expected, count = excluded.count, results = excluded.results, published_at = excluded.published_at`,
			p.SessionID, p.Expected, p.Count, p.Results, timestamp(p.PublishedAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: publish results: %w", err)
	}
	return nil
}

// PublishedResults returns a session's published results, or a
// fault.NotFound when none were published.
func (s *Store) PublishedResults(ctx context.Context, sessionID int64) (*Published, error) {
	p := &Published{SessionID: sessionID}
	var at string
	err := s.r.QueryRowContext(ctx, `SELECT expected, count, results, published_at FROM published_results WHERE session_id = ?`, sessionID).
		Scan(&p.Expected, &p.Count, &p.Results, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "results.not_published", "no published results")
	}
	if err != nil {
		return nil, fmt.Errorf("store: published results: %w", err)
	}
	p.PublishedAt = parseTime(at)
	return p, nil
}
