package store

import (
	"context"
	"fmt"
	"time"
)

// ProcessSession is one session as the process indicators see it: when it
// ran and closed, when it first had a public answer, the answers public
// now and how children rated them. No child's answer is in it.
type ProcessSession struct {
	ID             int64
	OrganisationID int64
	Region         string
	Setting        string
	AgeBand        string
	OpenedAt       time.Time
	ClosedAt       time.Time // zero while open; closes_at once that passed
	FirstAnswerAt  time.Time // zero: never had a public answer
	PublicReplies  []int64   // answers that go to it and are public now
	// Faces tapped under its answers whose rating was closed (CloseHeard),
	// and the rows they come from (for the cell keys of perturbation).
	Heard      Heard
	HeardCells []HeardCell
	// The children's topics from its ideas round, and how many of them a
	// public answer's part takes up with a "we will".
	Topics, TopicsWeWill int
	// Prepared: the worker filled the "before you start" the children saw
	// (purpose, who decides, what can change, when they hear back).
	Prepared bool
}

// HeardCell is one row of the felt-heard counts: an answer's face in a
// session, and how many children tapped it. Closed ratings only, so a
// cell never changes once seen.
type HeardCell struct {
	ReplyID int64
	Rating  string
	N       int
}

// ReplyParts counts an answer's parts and those that say what the adults
// will do.
type ReplyParts struct{ Parts, WeWill int }

// ProcessData reads every session with its answers' dates and ratings,
// and the parts of every public answer, for the process indicators.
func (s *Store) ProcessData(ctx context.Context) ([]ProcessSession, map[int64]ReplyParts, error) {
	sessions, err := s.AllSessions(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("store: process data: %w", err)
	}
	out := make([]ProcessSession, len(sessions))
	byID := map[int64]*ProcessSession{}
	now := s.now()
	for i, sess := range sessions {
		out[i] = ProcessSession{ID: sess.ID, OrganisationID: sess.OrganisationID, Region: sess.Region, Setting: sess.Setting, AgeBand: sess.AgeBand,
			OpenedAt: sess.OpenedAt, ClosedAt: sess.ClosedAt}
		// A session that ran out its time without the worker pressing
		// Close closed at closes_at, so it counts among the closed
		// sessions and its days to answer start there.
		if sess.ClosedAt.IsZero() && !sess.ClosesAt.IsZero() && !now.Before(sess.ClosesAt) {
			out[i].ClosedAt = sess.ClosesAt
		}
		byID[sess.ID] = &out[i]
	}
	prepared, err := s.PreparedSessions(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("store: process data: %w", err)
	}
	for id := range prepared {
		if ps := byID[id]; ps != nil {
			ps.Prepared = true
		}
	}
	// A session's first answer: the earliest moment one of its answers
	// was public while linked to it: a session linked to a withdrawn
	// answer has had no answer until that answer is public again.
	rows, err := s.r.QueryContext(ctx, `SELECT rs.session_id, r.id, r.public, coalesce(rs.first_public_at, '')
		FROM reply_sessions rs JOIN replies r ON r.id = rs.reply_id WHERE rs.first_public_at IS NOT NULL OR r.public = 1`)
	if err != nil {
		return nil, nil, fmt.Errorf("store: process data: %w", err)
	}
	for rows.Next() {
		var sid, rid int64
		var public bool
		var at string
		if err := rows.Scan(&sid, &rid, &public, &at); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("store: process data: %w", err)
		}
		ps := byID[sid]
		if ps == nil {
			continue
		}
		if t := parseTime(at); at != "" && (ps.FirstAnswerAt.IsZero() || t.Before(ps.FirstAnswerAt)) {
			ps.FirstAnswerAt = t
		}
		if public {
			ps.PublicReplies = append(ps.PublicReplies, rid)
		}
	}
	rows.Close()
	if err := s.processHeard(ctx, byID); err != nil {
		return nil, nil, err
	}
	if err := s.processTopics(ctx, byID); err != nil {
		return nil, nil, err
	}
	parts, err := s.publicReplyParts(ctx)
	if err != nil {
		return nil, nil, err
	}
	return out, parts, nil
}

// processHeard reads the felt-heard counts of closed ratings only: an
// open rating's counts would change between two looks, and the
// difference would be one child's face.
func (s *Store) processHeard(ctx context.Context, byID map[int64]*ProcessSession) error {
	rows, err := s.r.QueryContext(ctx, `SELECT h.session_id, h.reply_id, h.rating, h.n FROM heard_counts h
		JOIN replies r ON r.id = h.reply_id WHERE r.heard_closed_at IS NOT NULL AND h.n > 0
		ORDER BY h.session_id, h.reply_id, h.rating`)
	if err != nil {
		return fmt.Errorf("store: process heard: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sid int64
		var cell HeardCell
		if err := rows.Scan(&sid, &cell.ReplyID, &cell.Rating, &cell.N); err != nil {
			return fmt.Errorf("store: process heard: %w", err)
		}
		if ps := byID[sid]; ps != nil {
			ps.Heard.add(cell.Rating, cell.N)
			ps.HeardCells = append(ps.HeardCells, cell)
		}
	}
	return rows.Err()
}

// processTopics counts each session's topics and those a part of a public
// answer takes up with a "we will" in any language.
func (s *Store) processTopics(ctx context.Context, byID map[int64]*ProcessSession) error {
	rows, err := s.r.QueryContext(ctx, `SELECT t.session_id, count(*), sum(EXISTS (SELECT 1 FROM reply_parts p
			JOIN replies r ON r.id = p.reply_id AND r.public = 1
			JOIN reply_sessions rs ON rs.reply_id = r.id AND rs.session_id = t.session_id
			JOIN reply_part_texts x ON x.part_id = p.id AND x.we_will <> ''
			WHERE p.topic_id = t.id))
		FROM topics t GROUP BY t.session_id`)
	if err != nil {
		return fmt.Errorf("store: process topics: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sid int64
		var n, weWill int
		if err := rows.Scan(&sid, &n, &weWill); err != nil {
			return fmt.Errorf("store: process topics: %w", err)
		}
		if ps := byID[sid]; ps != nil {
			ps.Topics, ps.TopicsWeWill = n, weWill
		}
	}
	return rows.Err()
}

// publicReplyParts counts, per public answer, its parts and those with a
// "we will" in any language.
func (s *Store) publicReplyParts(ctx context.Context) (map[int64]ReplyParts, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT p.reply_id, count(*),
		sum(EXISTS (SELECT 1 FROM reply_part_texts t WHERE t.part_id = p.id AND t.we_will <> ''))
		FROM reply_parts p JOIN replies r ON r.id = p.reply_id WHERE r.public = 1 GROUP BY p.reply_id`)
	if err != nil {
		return nil, fmt.Errorf("store: public reply parts: %w", err)
	}
	defer rows.Close()
	out := map[int64]ReplyParts{}
	for rows.Next() {
		var id int64
		var rp ReplyParts
		if err := rows.Scan(&id, &rp.Parts, &rp.WeWill); err != nil {
			return nil, fmt.Errorf("store: public reply parts: %w", err)
		}
		out[id] = rp
	}
	return out, rows.Err()
}
