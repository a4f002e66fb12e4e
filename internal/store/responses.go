package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// StartResponse stores the first save of a response through an invitation
// link: it marks a personal link used (an open link never is), stores the
// answers under a new resume secret and returns that secret, the only way
// back to the response. Both happen in one transaction, so two first saves
// through one link store one response and the other gets a fault.Conflict.
func (s *Store) StartResponse(ctx context.Context, token, lang string, answers []Answer) (string, error) {
	h, ok := secretHash(token)
	if !ok {
		return "", fault.New(fault.NotFound, "error.invitation_unknown", "no such invitation")
	}
	secret := newSecret()
	key, _ := secretHash(secret)
	err := s.write(ctx, func(tx *sql.Tx) error {
		r, used, err := s.lockedRound(ctx, tx, `SELECT round_id, used FROM invitations WHERE hash = ?`, h)
		if err != nil {
			return err
		}
		if !r.OpenLink {
			if used {
				return fault.New(fault.Conflict, "error.invitation_used", "this link already has its response")
			}
			if _, err := tx.ExecContext(ctx, `UPDATE invitations SET used = 1 WHERE hash = ?`, h); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO responses (key, round_id, lang) VALUES (?, ?, ?)`, key, r.ID, lang); err != nil {
			return err
		}
		return insertResponseAnswers(ctx, tx, key, answers)
	})
	if err != nil {
		return "", fmt.Errorf("store: start response: %w", err)
	}
	return secret, nil
}

// SaveResponse replaces a response's answers while its round is open.
func (s *Store) SaveResponse(ctx context.Context, secret, lang string, answers []Answer) error {
	key, ok := secretHash(secret)
	if !ok {
		return fault.New(fault.NotFound, "error.response_unknown", "no such response")
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, _, err := s.lockedRound(ctx, tx, `SELECT round_id, 0 FROM responses WHERE key = ?`, key); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM response_answers WHERE response = ?`, key); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM response_texts WHERE response = ?`, key); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE responses SET lang = ? WHERE key = ?`, lang, key); err != nil {
			return err
		}
		return insertResponseAnswers(ctx, tx, key, answers)
	})
	if err != nil {
		return fmt.Errorf("store: save response: %w", err)
	}
	return nil
}

// lockedRound finds, inside a write transaction, the round a link or
// response belongs to and refuses it when the round is closed.
func (s *Store) lockedRound(ctx context.Context, tx *sql.Tx, query string, key []byte) (*Round, bool, error) {
	var id int64
	var used bool
	err := tx.QueryRowContext(ctx, query, key).Scan(&id, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, fault.New(fault.NotFound, "error.invitation_unknown", "no such invitation or response")
	}
	if err != nil {
		return nil, false, err
	}
	r, err := scanRound(tx.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM rounds WHERE id = ?`, id))
	if err != nil {
		return nil, false, err
	}
	if !r.IsOpen(s.now()) {
		return nil, false, fault.New(fault.Gone, "error.round_closed", "the round is closed")
	}
	return r, used, nil
}

func insertResponseAnswers(ctx context.Context, tx *sql.Tx, key []byte, answers []Answer) error {
	for _, a := range answers {
		var err error
		if a.Text != "" {
			_, err = tx.ExecContext(ctx, `INSERT INTO response_texts (response, item, text) VALUES (?, ?, ?)`, key, a.Item, a.Text)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO response_answers (response, item, code) VALUES (?, ?, ?)`, key, a.Item, a.Code)
		}
		if err != nil {
			return fmt.Errorf("answer %s: %w", a.Item, err)
		}
	}
	return nil
}

// Response returns a response's round, language and answers (codes and
// texts), for the respondent to see and change.
func (s *Store) Response(ctx context.Context, secret string) (*Round, string, []Answer, error) {
	key, ok := secretHash(secret)
	if !ok {
		return nil, "", nil, fault.New(fault.NotFound, "error.response_unknown", "no such response")
	}
	var round int64
	var lang string
	err := s.r.QueryRowContext(ctx, `SELECT round_id, lang FROM responses WHERE key = ?`, key).Scan(&round, &lang)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", nil, fault.New(fault.NotFound, "error.response_unknown", "no such response")
	}
	if err != nil {
		return nil, "", nil, fmt.Errorf("store: response: %w", err)
	}
	r, err := s.RoundByID(ctx, round)
	if err != nil {
		return nil, "", nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT item, code, '' FROM response_answers WHERE response = ?
		UNION ALL SELECT item, 0, text FROM response_texts WHERE response = ?`, key, key)
	if err != nil {
		return nil, "", nil, fmt.Errorf("store: response answers: %w", err)
	}
	defer rows.Close()
	var out []Answer
	for rows.Next() {
		var a Answer
		if err := rows.Scan(&a.Item, &a.Code, &a.Text); err != nil {
			return nil, "", nil, fmt.Errorf("store: response answers: %w", err)
		}
		out = append(out, a)
	}
	return r, lang, out, rows.Err()
}

// EachResponse calls f with the coded answers of every response of the
// rounds, one response at a time, keyed by item (or "item.row"). The
// order is that of the responses' random keys: it says nothing.
func (s *Store) EachResponse(ctx context.Context, rounds []int64, f func(codes map[string]int) error) error {
	for _, id := range rounds {
		rows, err := s.r.QueryContext(ctx, `SELECT a.response, a.item, a.code FROM response_answers a
			JOIN responses r ON r.key = a.response WHERE r.round_id = ? ORDER BY a.response`, id)
		if err != nil {
			return fmt.Errorf("store: responses: %w", err)
		}
		err = eachGroup(rows, f)
		rows.Close()
		if err != nil {
			return fmt.Errorf("store: responses: %w", err)
		}
	}
	return nil
}

func eachGroup(rows *sql.Rows, f func(map[string]int) error) error {
	var last []byte
	codes := map[string]int{}
	for rows.Next() {
		var key []byte
		var item string
		var code int
		if err := rows.Scan(&key, &item, &code); err != nil {
			return err
		}
		if last != nil && !bytes.Equal(key, last) {
			if err := f(codes); err != nil {
				return err
			}
			codes = map[string]int{}
		}
		last = key
		codes[item] = code
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if last != nil {
		return f(codes)
	}
	return nil
}

// Comments returns every text answer of the rounds to one item. The
// caller shuffles and masks them before anyone reads them.
func (s *Store) Comments(ctx context.Context, rounds []int64, item string) ([]string, error) {
	var out []string
	for _, id := range rounds {
		rows, err := s.r.QueryContext(ctx, `SELECT t.text FROM response_texts t JOIN responses r ON r.key = t.response
			WHERE r.round_id = ? AND t.item = ?`, id, item)
		if err != nil {
			return nil, fmt.Errorf("store: comments: %w", err)
		}
		for rows.Next() {
			var t string
			if err := rows.Scan(&t); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: comments: %w", err)
			}
			out = append(out, t)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: comments: %w", err)
		}
	}
	return out, nil
}
