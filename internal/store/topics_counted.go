package store

import (
	"context"
	"fmt"
	"time"
)

// TopicRow is one of the children's topics as the analysts' topic counts
// read it: where and for whom its session ran, the theme it belongs to,
// and how many of the children's ideas it gathers. Its title is not read:
// the counts never carry the children's words.
type TopicRow struct {
	TopicID, SessionID int64
	Region             string // the session's region code
	AgeBand            string
	// Theme is the children's-rights theme the topic belongs to: the one
	// the worker gave it, else the theme of a part of an answer that takes
	// it up, else the theme of a session on one theme; "" when none says.
	Theme    string
	Ideas    int // the children's ideas merged into it, hidden ones included
	OpenedAt time.Time
}

// TopicRows returns every topic of every session, for the topic counts.
func (s *Store) TopicRows(ctx context.Context) ([]TopicRow, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT t.id, t.session_id, s.region, s.age_band,
		coalesce(nullif(t.theme, ''), (SELECT rp.theme FROM reply_parts rp WHERE rp.topic_id = t.id AND rp.theme != '' ORDER BY rp.id LIMIT 1), s.theme),
		(SELECT count(*) FROM ideas i WHERE i.topic_id = t.id), s.opened_at
		FROM topics t JOIN sessions s ON s.id = t.session_id ORDER BY t.id`)
	if err != nil {
		return nil, fmt.Errorf("store: topic rows: %w", err)
	}
	defer rows.Close()
	var out []TopicRow
	for rows.Next() {
		var r TopicRow
		var opened string
		if err := rows.Scan(&r.TopicID, &r.SessionID, &r.Region, &r.AgeBand, &r.Theme, &r.Ideas, &opened); err != nil {
			return nil, fmt.Errorf("store: topic rows: %w", err)
		}
		r.OpenedAt = parseTime(opened)
		out = append(out, r)
	}
	return out, rows.Err()
}
