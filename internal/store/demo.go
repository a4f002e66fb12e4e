package store

import (
	"context"
	"fmt"
)

// HasDemoData reports whether the database holds demo content: the demo
// makes its organisations with names that start "Demo:", and its answers
// are synthetic.
func (s *Store) HasDemoData(ctx context.Context) (bool, error) {
	var yes bool
	if err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM organisations WHERE name LIKE 'Demo:%')`).Scan(&yes); err != nil {
		return false, fmt.Errorf("store: demo data: %w", err)
	}
	return yes, nil
}
