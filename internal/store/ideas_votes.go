package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// The states of a session's vote round on its topics. A closed round is
// frozen: its counts are what the worker sees, and it never opens again,
// so nobody can read one child's votes off a difference between two counts.
const (
	VotesNotStarted = 0
	VotesOpen       = 1
	VotesClosed     = 2
)

// MaxVotes is how many topics one child may tick.
const MaxVotes = 3

// VoteTally is a session's vote round in raw numbers, for the disclosure
// rule to decide what may be shown (indicator.Shows).
type VoteTally struct {
	State  int
	Voters int
	Votes  map[int64]int // topic id -> children who ticked it
}

// TopicVotes returns the vote round of a session with an ideas step.
func (s *Store) TopicVotes(ctx context.Context, sessionID int64) (VoteTally, error) {
	t := VoteTally{Votes: map[int64]int{}}
	err := s.r.QueryRowContext(ctx, `SELECT votes, voters FROM idea_rounds WHERE session_id = ?`, sessionID).Scan(&t.State, &t.Voters)
	if errors.Is(err, sql.ErrNoRows) {
		return t, fault.New(fault.NotFound, "error.not_found", "this session has no ideas step")
	}
	if err != nil {
		return t, fmt.Errorf("store: topic votes: %w", err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, votes FROM topics WHERE session_id = ?`, sessionID)
	if err != nil {
		return t, fmt.Errorf("store: topic votes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return t, fmt.Errorf("store: topic votes: %w", err)
		}
		t.Votes[id] = n
	}
	if err := rows.Err(); err != nil {
		return t, fmt.Errorf("store: topic votes: %w", err)
	}
	return t, nil
}

// OpenVotes starts a session's vote round; the session needs a topic.
func (s *Store) OpenVotes(ctx context.Context, sessionID int64) error {
	return s.moveVotes(ctx, sessionID, VotesNotStarted, VotesOpen, `EXISTS (SELECT 1 FROM topics WHERE session_id = ?1)`)
}

// CloseVotes ends a session's vote round for good.
func (s *Store) CloseVotes(ctx context.Context, sessionID int64) error {
	return s.moveVotes(ctx, sessionID, VotesOpen, VotesClosed, `1`)
}

func (s *Store) moveVotes(ctx context.Context, sessionID int64, from, to int, cond string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE idea_rounds SET votes = ?2 WHERE session_id = ?1 AND votes = ?3 AND `+cond, sessionID, to, from)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.Conflict, "ideas.error_votes_state", "the vote round cannot make this step")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: vote round of session %d: %w", sessionID, err)
	}
	return nil
}

// Vote counts one child's vote set: the topics they ticked, at most
// MaxVotes, all of the session. token is the SHA-256 of the one-time token
// of the form the child was shown: the same form posted twice counts once
// (counted is then false). Only counts change: which child chose what is
// not kept. The round takes no more voters than the session has
// submissions, so it cannot be padded far beyond the group.
func (s *Store) Vote(ctx context.Context, sessionID int64, token [32]byte, topics []int64) (counted bool, err error) {
	if len(topics) == 0 {
		return false, fault.Field("topics", "ideas.error_vote_none", "tick at least one topic")
	}
	if len(topics) > MaxVotes {
		return false, fault.Field("topics", "ideas.error_vote_many", "too many topics ticked")
	}
	seen := map[int64]bool{}
	for _, id := range topics {
		if seen[id] {
			return false, fault.Field("topics", "ideas.error_topic", "a topic ticked twice")
		}
		seen[id] = true
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		var state, voters, children int
		err := tx.QueryRowContext(ctx, `SELECT votes, voters, (SELECT count(*) FROM submissions WHERE session_id = ?1) FROM idea_rounds WHERE session_id = ?1`,
			sessionID).Scan(&state, &voters, &children)
		if errors.Is(err, sql.ErrNoRows) || err == nil && state != VotesOpen {
			return fault.New(fault.Gone, "ideas.error_votes_closed", "the vote round is not open")
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO vote_tokens (hash, session_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, token[:], sessionID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // this form was counted before
		}
		if voters >= children {
			return fault.New(fault.Conflict, "ideas.error_votes_full", "more vote sets than children who took part")
		}
		for _, id := range topics {
			res, err := tx.ExecContext(ctx, `UPDATE topics SET votes = votes + 1 WHERE id = ? AND session_id = ?`, id, sessionID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return fault.Field("topics", "ideas.error_topic", "no such topic in this session")
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE idea_rounds SET voters = voters + 1 WHERE session_id = ?`, sessionID)
		counted = err == nil
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: vote: %w", err)
	}
	return counted, nil
}
