package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// RegisterCatalog numbers every item of every survey (once; ids are kept
// across versions so an item keeps its answers) and caches the numbers.
func (s *Store) RegisterCatalog(ctx context.Context, cat *survey.Catalog) error {
	var all []*survey.Survey
	for _, sv := range cat.Surveys() {
		all = append(all, cat.Versions(sv.ID)...)
	}
	return s.RegisterSurveys(ctx, all...)
}

// RegisterSurveys numbers the items of survey versions, as
// RegisterCatalog does: before a new version's first answer is stored.
func (s *Store) RegisterSurveys(ctx context.Context, surveys ...*survey.Survey) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		for _, sv := range surveys {
			for _, it := range sv.Items() {
				if _, err := tx.ExecContext(ctx, `INSERT INTO items (survey_id, item) VALUES (?, ?) ON CONFLICT DO NOTHING`, sv.ID, it.ID); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: register items: %w", err)
	}
	return s.loadItems(ctx)
}

func (s *Store) loadItems(ctx context.Context) error {
	rows, err := s.r.QueryContext(ctx, `SELECT id, survey_id, item FROM items`)
	if err != nil {
		return fmt.Errorf("store: load items: %w", err)
	}
	defer rows.Close()
	items := map[string]map[string]int64{}
	for rows.Next() {
		var id int64
		var sv, item string
		if err := rows.Scan(&id, &sv, &item); err != nil {
			return fmt.Errorf("store: load items: %w", err)
		}
		if items[sv] == nil {
			items[sv] = map[string]int64{}
		}
		items[sv][item] = id
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: load items: %w", err)
	}
	s.mu.Lock()
	s.items = items
	s.mu.Unlock()
	return nil
}

func (s *Store) itemID(surveyID, item string) (int64, error) {
	s.mu.RLock()
	id, ok := s.items[surveyID][item]
	s.mu.RUnlock()
	if !ok {
		return 0, fmt.Errorf("store: item %s/%s is not registered", surveyID, item)
	}
	return id, nil
}

// ItemIDs returns a copy of the item numbering of one survey.
func (s *Store) ItemIDs(surveyID string) map[string]int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make(map[string]int64, len(s.items[surveyID]))
	for k, v := range s.items[surveyID] {
		out[k] = v
	}
	return out
}
