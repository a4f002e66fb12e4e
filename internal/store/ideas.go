package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"unicode/utf8"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// The two questions of the ideas step.
const (
	IdeaChange = "change" // "What would you change?"
	IdeaKeep   = "keep"   // "What is good and should stay?"
)

// IdeaKinds are the ideas step's questions, in the order a child sees them.
var IdeaKinds = []string{IdeaChange, IdeaKeep}

// Idea is one answer of the ideas step as a child gave it, checked and
// masked by the caller (survey.MaskContact).
type Idea struct {
	Kind string
	Text string
}

// StoredIdea is an idea as the worker sees it: its random key (which says
// nothing of when it came in), its question, its text and its topic.
type StoredIdea struct {
	Key     string // 32 hex digits
	Kind    string
	Text    string
	TopicID int64 // 0 when not merged into a topic
}

// Topic is a subject the worker made of one or more of the group's ideas.
// Votes is -1 when the count may not be shown: the store never decides
// that, so Topics always gives -1 and the web layer fills in counts that
// pass the disclosure rule (TopicVotes gives it the raw numbers).
type Topic struct {
	ID        int64
	SessionID int64
	Title     string
	Theme     string // the children's-rights theme the worker gave it, or ""
	Votes     int
}

// MaxTopicTitle is the longest topic title, in characters.
const MaxTopicTitle = 200

// insertIdeas stores a submission's ideas inside the batch transaction.
// Each gets a random key and nothing of the submission, so the ideas
// table, having no rowid, keeps no order of arrival.
func insertIdeas(ctx context.Context, tx *sql.Tx, sessionID int64, ideas []Idea) error {
	for _, idea := range ideas {
		var key [16]byte
		rand.Read(key[:])
		res, err := tx.ExecContext(ctx, `INSERT INTO ideas (key, session_id, kind, text)
			SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM idea_rounds WHERE session_id = ? AND shown = 0)`,
			key[:], sessionID, idea.Kind, idea.Text, sessionID)
		if err != nil {
			return fmt.Errorf("store: insert idea: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			// No ideas step, or its ideas were shown already (then the
			// session takes no answers: ShowIdeas and ReopenSession).
			return fault.Field("ideas", "error.item_unknown", "this session has no ideas step, or its ideas were shown")
		}
	}
	return nil
}

// Ideas returns a session's ideas that are not hidden, in a fresh random
// order on every call.
func (s *Store) Ideas(ctx context.Context, sessionID int64) ([]StoredIdea, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT key, kind, text, coalesce(topic_id, 0) FROM ideas WHERE session_id = ? AND hidden = 0`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("store: ideas: %w", err)
	}
	defer rows.Close()
	var out []StoredIdea
	for rows.Next() {
		var key []byte
		var idea StoredIdea
		if err := rows.Scan(&key, &idea.Kind, &idea.Text, &idea.TopicID); err != nil {
			return nil, fmt.Errorf("store: ideas: %w", err)
		}
		idea.Key = hex.EncodeToString(key)
		out = append(out, idea)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: ideas: %w", err)
	}
	mrand.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out, nil
}

// Topics returns a session's topics in the order they were made, with
// Votes -1 (see Topic).
func (s *Store) Topics(ctx context.Context, sessionID int64) ([]Topic, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, title, theme FROM topics WHERE session_id = ? ORDER BY id`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("store: topics: %w", err)
	}
	defer rows.Close()
	var out []Topic
	for rows.Next() {
		t := Topic{SessionID: sessionID, Votes: -1}
		if err := rows.Scan(&t.ID, &t.Title, &t.Theme); err != nil {
			return nil, fmt.Errorf("store: topics: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: topics: %w", err)
	}
	return out, nil
}

// ParseIdeaKey reads an idea's key as the worker's form sends it.
func ParseIdeaKey(s string) ([]byte, error) {
	key, err := hex.DecodeString(s)
	if err != nil || len(key) != 16 {
		return nil, fault.Field("ideas", "ideas.error_unknown", "not an idea key")
	}
	return key, nil
}

// checkTitle trims a topic title and checks it.
func checkTitle(title string) (string, error) {
	title = strings.TrimSpace(title)
	if title == "" || utf8.RuneCountInString(title) > MaxTopicTitle {
		return "", fault.Field("title", "ideas.error_title", "a topic needs a title of 1 to 200 characters")
	}
	if err := CheckStaffText("title", title); err != nil {
		return "", err
	}
	return title, nil
}

// errNoIdea is an idea key that is not among the session's shown ideas.
var errNoIdea = fault.Field("ideas", "ideas.error_unknown", "no such idea in this session")

// MergeIdeas puts ideas of a session under one topic: a new topic with
// title when topicID is 0, else the session's topic topicID (title is then
// ignored). It returns the topic's id. An idea already under another topic
// moves; a topic left without ideas stays (it may have votes).
func (s *Store) MergeIdeas(ctx context.Context, sessionID int64, keys [][]byte, topicID int64, title string) (int64, error) {
	if len(keys) == 0 {
		return 0, fault.Field("ideas", "ideas.error_none", "choose at least one idea")
	}
	if topicID == 0 {
		var err error
		if title, err = checkTitle(title); err != nil {
			return 0, err
		}
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if topicID == 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO topics (session_id, title) VALUES (?, ?)`, sessionID, title)
			if err != nil {
				return err
			}
			topicID, _ = res.LastInsertId()
		} else if err := topicOf(ctx, tx, sessionID, topicID); err != nil {
			return err
		}
		for _, key := range keys {
			res, err := tx.ExecContext(ctx, `UPDATE ideas SET topic_id = ? WHERE key = ? AND session_id = ? AND hidden = 0`, topicID, key, sessionID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errNoIdea
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: merge ideas: %w", err)
	}
	return topicID, nil
}

// topicOf checks that a topic belongs to a session.
func topicOf(ctx context.Context, tx *sql.Tx, sessionID, topicID int64) error {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM topics WHERE id = ? AND session_id = ?`, topicID, sessionID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fault.Field("topic", "ideas.error_topic", "no such topic in this session")
	}
	return err
}

// RenameTopic gives a session's topic a new title.
func (s *Store) RenameTopic(ctx context.Context, sessionID, topicID int64, title string) error {
	title, err := checkTitle(title)
	if err != nil {
		return err
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		if err := topicOf(ctx, tx, sessionID, topicID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE topics SET title = ? WHERE id = ?`, title, topicID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: rename topic: %w", err)
	}
	return nil
}

// SetTopicTheme gives a session's topic a children's-rights theme (the
// caller checks it is one of the catalogue's), or none with "".
func (s *Store) SetTopicTheme(ctx context.Context, sessionID, topicID int64, theme string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := topicOf(ctx, tx, sessionID, topicID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE topics SET theme = ? WHERE id = ?`, theme, topicID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: topic theme: %w", err)
	}
	return nil
}

// HideIdea takes an idea that identifies someone out of every view for
// good: its text is erased, not only flagged, and it leaves its topic.
// The caller writes the reason to the audit log.
func (s *Store) HideIdea(ctx context.Context, sessionID int64, key []byte) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		// Freed space is zeroed, so the words do not linger in the page
		// (the test passes on this build without it; other builds and
		// fuller pages need not rewrite the page). Only for this statement:
		// the writer's other work keeps its speed.
		if _, err := tx.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
			return err
		}
		defer tx.ExecContext(ctx, `PRAGMA secure_delete = OFF`)
		res, err := tx.ExecContext(ctx, `UPDATE ideas SET hidden = 1, text = '', topic_id = NULL WHERE key = ? AND session_id = ? AND hidden = 0`, key, sessionID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNoIdea
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: hide idea: %w", err)
	}
	return nil
}

// ShowIdeas records that the worker is about to see a session's ideas, and
// refuses (fault.Conflict) while the session still takes answers: open, or
// closed with its grace period not over (the same rule as sqlIsOpen). From
// then on the set of ideas is frozen: ReopenSession refuses the session, and
// insertIdeas takes no more. Showing again is fine.
func (s *Store) ShowIdeas(ctx context.Context, sessionID int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE idea_rounds SET shown = 1 WHERE session_id = ?2 AND NOT (`+sqlIsOpen+`)`,
			timestamp(s.now()), sessionID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.Conflict, "ideas.after_grace", "the session still takes answers, or has no ideas step")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: show ideas: %w", err)
	}
	return nil
}
