package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/release"
)

// HeardRatings are the three faces a child can tap under an answer: "yes,
// I feel heard", "a bit", "no" (the gate releases their counts in this
// order).
var HeardRatings = release.HeardRatings

// RecordHeard counts one child's "do you feel heard?" for an answer in a
// session. token is the SHA-256 of the one-time token the page carried:
// it is kept only so the same token cannot count twice (a fault.Conflict),
// with nothing that ties it to the rating. Once the worker closed the
// rating (CloseHeard) nothing is counted: a fault.Gone. An answer takes no
// more faces in a session than the session has questionnaires: one more
// is a fault.Conflict and counts nothing, so a group's ratings cannot be
// padded far beyond the group.
func (s *Store) RecordHeard(ctx context.Context, token [32]byte, replyID, sessionID int64, rating string) error {
	if !slices.Contains(HeardRatings, rating) {
		return fault.Field("rating", "answers.error_rating", "rating must be yes, some or no")
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		closed, err := heardClosed(ctx, tx, replyID)
		if err != nil {
			return err
		}
		if closed {
			return fault.New(fault.Gone, "heard.closed", "the rating of this answer is closed")
		}
		var raters, children int
		err = tx.QueryRowContext(ctx, `SELECT (SELECT coalesce(sum(n), 0) FROM heard_counts WHERE reply_id = ?1 AND session_id = ?2),
			(SELECT count(*) FROM submissions WHERE session_id = ?2)`, replyID, sessionID).Scan(&raters, &children)
		if err != nil {
			return err
		}
		if raters >= children {
			return fault.New(fault.Conflict, "answers.heard_already", "as many faces as questionnaires in this session")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO heard_tokens (hash) VALUES (?)`, token[:]); err != nil {
			if isUnique(err) {
				return fault.New(fault.Conflict, "answers.heard_already", "this token was used")
			}
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO heard_counts (reply_id, session_id, rating, n) VALUES (?, ?, ?, 1)
			ON CONFLICT (reply_id, session_id, rating) DO UPDATE SET n = n + 1`, replyID, sessionID, rating)
		return err
	})
	if _, ok := fault.As(err); err != nil && !ok {
		return fmt.Errorf("store: record heard: %w", err)
	}
	return err
}

// heardClosed reports whether the worker closed the rating of an answer.
func heardClosed(ctx context.Context, tx *sql.Tx, replyID int64) (bool, error) {
	var closed bool
	err := tx.QueryRowContext(ctx, `SELECT heard_closed_at IS NOT NULL FROM replies WHERE id = ?`, replyID).Scan(&closed)
	if errors.Is(err, sql.ErrNoRows) {
		return false, fault.New(fault.NotFound, "error.not_found", "no such answer")
	}
	return closed, err
}

// CloseHeard closes "do you feel heard?" for an answer: from now on no
// face counts, and the counts may be shown. It is never reopened; closing
// again is a fault.Conflict.
func (s *Store) CloseHeard(ctx context.Context, replyID int64) error {
	now := timestamp(s.now())
	err := s.write(ctx, func(tx *sql.Tx) error {
		closed, err := heardClosed(ctx, tx, replyID)
		if err != nil {
			return err
		}
		if closed {
			return fault.New(fault.Conflict, "heard.already_closed", "the rating of this answer is closed already")
		}
		_, err = tx.ExecContext(ctx, `UPDATE replies SET heard_closed_at = ? WHERE id = ?`, now, replyID)
		return err
	})
	if _, ok := fault.As(err); err != nil && !ok {
		return fmt.Errorf("store: close heard %d: %w", replyID, err)
	}
	return err
}

// Heard is how many children tapped each face.
type Heard struct{ Yes, Some, No int }

// Total is how many children rated.
func (h Heard) Total() int { return h.Yes + h.Some + h.No }

func (h *Heard) add(rating string, n int) {
	switch rating {
	case "yes":
		h.Yes += n
	case "some":
		h.Some += n
	case "no":
		h.No += n
	}
}

// HeardCounts returns the faces children tapped under an answer, by
// session.
func (s *Store) HeardCounts(ctx context.Context, replyID int64) (map[int64]Heard, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT session_id, rating, n FROM heard_counts WHERE reply_id = ?`, replyID)
	if err != nil {
		return nil, fmt.Errorf("store: heard counts: %w", err)
	}
	defer rows.Close()
	out := map[int64]Heard{}
	for rows.Next() {
		var id int64
		var rating string
		var n int
		if err := rows.Scan(&id, &rating, &n); err != nil {
			return nil, fmt.Errorf("store: heard counts: %w", err)
		}
		h := out[id]
		h.add(rating, n)
		out[id] = h
	}
	return out, rows.Err()
}
