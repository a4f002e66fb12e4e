package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// Reply is the adults' structured answer to the children of one or more
// sessions: parts, each on one subject, in one or more languages. While
// Public, children read it under each of its sessions' codes, for as long
// as it stays public.
type Reply struct {
	ID             int64
	OrganisationID int64
	CreatedBy      int64
	Lang           string // the language it was first written in
	Public         bool
	CreatedAt      time.Time
	UpdatedAt      time.Time
	FirstPublicAt  time.Time // zero until first made public
	HeardClosedAt  time.Time // zero while children can still rate it
	Sessions       []int64
	Parts          []ReplyPart
}

// ReplyPart is one subject of an answer: a free title, optionally a survey
// theme and optionally one of the children's topics (TopicID 0: none),
// with its texts by language.
type ReplyPart struct {
	ID      int64
	Theme   string
	TopicID int64
	Texts   map[string]PartText
}

// PartText is a part in one language: the four questions every answer
// part answers.
type PartText struct {
	Title      string
	YouSaid    string // what the children said
	WeWill     string // what the adults will do
	WeWillNot  string // what they will not do, and why
	WhoDecides string // who decides, and when
}

// Langs lists the languages every part of the answer is written in.
func (r *Reply) Langs() []string {
	var out []string
	for i, p := range r.Parts {
		var next []string
		for lang := range p.Texts {
			if i == 0 || slices.Contains(out, lang) {
				next = append(next, lang)
			}
		}
		out = next
	}
	slices.Sort(out)
	return out
}

// SaveReply stores a new answer (ID 0) or replaces an existing one's
// parts, languages and sessions, in one transaction: on any error nothing
// is changed. Whether it is public is set by SetReplyPublic only.
func (s *Store) SaveReply(ctx context.Context, r *Reply) error {
	if err := checkReply(r); err != nil {
		return err
	}
	now := timestamp(s.now())
	isNew := r.ID == 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		if isNew {
			var createdBy any
			if r.CreatedBy > 0 {
				createdBy = r.CreatedBy
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO replies (organisation_id, created_by, lang, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
				r.OrganisationID, createdBy, r.Lang, now, now)
			if err != nil {
				return err
			}
			if r.ID, err = res.LastInsertId(); err != nil {
				return err
			}
		} else {
			// A public answer stays readable: no part may become a bare title.
			var public bool
			if err := tx.QueryRowContext(ctx, `SELECT public FROM replies WHERE id = ?`, r.ID).Scan(&public); err != nil {
				return err
			}
			if i, lang, bare := r.BarePart(); public && bare {
				return errBarePart(i, lang)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE replies SET updated_at = ? WHERE id = ?`, now, r.ID); err != nil {
				return err
			}
		}
		if err := saveReplySessions(ctx, tx, r, now); err != nil {
			return err
		}
		return saveReplyParts(ctx, tx, r)
	})
	if err != nil {
		if isNew {
			r.ID = 0 // the insert was rolled back
		}
		if fault.Is(err, fault.Invalid) {
			return err
		}
		return fmt.Errorf("store: save reply: %w", err)
	}
	return nil
}

// checkReply refuses hidden characters in any text (CheckStaffText); the
// web layer cleans and bounds the texts before.
func checkReply(r *Reply) error {
	if len(r.Sessions) == 0 {
		return fault.Field("sessions", "answers.error_no_session", "an answer goes to at least one session")
	}
	if len(r.Parts) == 0 {
		return fault.Field("parts", "answers.error_no_part", "an answer has at least one part")
	}
	for _, p := range r.Parts {
		for _, t := range p.Texts {
			for _, v := range []string{t.Title, t.YouSaid, t.WeWill, t.WeWillNot, t.WhoDecides} {
				if err := CheckStaffText("answer", v); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// saveReplySessions sets the answer's sessions; a session linked before
// keeps its added_at.
func saveReplySessions(ctx context.Context, tx *sql.Tx, r *Reply, now string) error {
	ids := make([]string, len(r.Sessions))
	args := []any{r.ID}
	for i, id := range r.Sessions {
		ids[i] = "?"
		args = append(args, id)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM reply_sessions WHERE reply_id = ? AND session_id NOT IN (`+strings.Join(ids, ",")+`)`, args...); err != nil {
		return err
	}
	for _, id := range r.Sessions {
		if _, err := tx.ExecContext(ctx, `INSERT INTO reply_sessions (reply_id, session_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, r.ID, id, now); err != nil {
			return err
		}
	}
	return markPublicSessions(ctx, tx, r.ID, now)
}

// markPublicSessions records, for each session of a public answer, the
// first moment the answer was public while linked to it.
func markPublicSessions(ctx context.Context, tx *sql.Tx, replyID int64, now string) error {
	_, err := tx.ExecContext(ctx, `UPDATE reply_sessions SET first_public_at = ?
		WHERE reply_id = ? AND first_public_at IS NULL AND (SELECT public FROM replies WHERE id = ?) = 1`, now, replyID, replyID)
	return err
}

func saveReplyParts(ctx context.Context, tx *sql.Tx, r *Reply) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM reply_parts WHERE reply_id = ?`, r.ID); err != nil {
		return err
	}
	for i := range r.Parts {
		p := &r.Parts[i]
		var topic any
		if p.TopicID > 0 {
			topic = p.TopicID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO reply_parts (reply_id, position, theme, topic_id) VALUES (?, ?, ?, ?)`, r.ID, i, p.Theme, topic)
		if err != nil {
			return err
		}
		if p.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		for lang, t := range p.Texts {
			if _, err := tx.ExecContext(ctx, `INSERT INTO reply_part_texts (part_id, lang, title, you_said, we_will, we_will_not, who_decides) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				p.ID, lang, t.Title, t.YouSaid, t.WeWill, t.WeWillNot, t.WhoDecides); err != nil {
				return err
			}
		}
	}
	return nil
}

// Reply loads one answer with its sessions and parts.
func (s *Store) Reply(ctx context.Context, id int64) (*Reply, error) {
	r := &Reply{ID: id}
	var created, updated, first, heardClosed string
	var createdBy sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT organisation_id, created_by, lang, public, created_at, updated_at, coalesce(first_public_at, ''), coalesce(heard_closed_at, '')
		FROM replies WHERE id = ?`, id).
		Scan(&r.OrganisationID, &createdBy, &r.Lang, &r.Public, &created, &updated, &first, &heardClosed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "error.not_found", "no such answer")
	}
	if err != nil {
		return nil, fmt.Errorf("store: reply %d: %w", id, err)
	}
	r.CreatedBy, r.CreatedAt, r.UpdatedAt = createdBy.Int64, parseTime(created), parseTime(updated)
	if first != "" {
		r.FirstPublicAt = parseTime(first)
	}
	if heardClosed != "" {
		r.HeardClosedAt = parseTime(heardClosed)
	}
	if err := s.loadReply(ctx, r); err != nil {
		return nil, fmt.Errorf("store: reply %d: %w", id, err)
	}
	return r, nil
}

func (s *Store) loadReply(ctx context.Context, r *Reply) error {
	rows, err := s.r.QueryContext(ctx, `SELECT session_id FROM reply_sessions WHERE reply_id = ? ORDER BY session_id`, r.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		r.Sessions = append(r.Sessions, id)
	}
	rows.Close()
	rows, err = s.r.QueryContext(ctx, `SELECT p.id, p.theme, coalesce(p.topic_id, 0), t.lang, t.title, t.you_said, t.we_will, t.we_will_not, t.who_decides
		FROM reply_parts p JOIN reply_part_texts t ON t.part_id = p.id WHERE p.reply_id = ? ORDER BY p.position, t.lang`, r.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var p ReplyPart
		var lang string
		var t PartText
		if err := rows.Scan(&p.ID, &p.Theme, &p.TopicID, &lang, &t.Title, &t.YouSaid, &t.WeWill, &t.WeWillNot, &t.WhoDecides); err != nil {
			return err
		}
		if n := len(r.Parts); n == 0 || r.Parts[n-1].ID != p.ID {
			p.Texts = map[string]PartText{}
			r.Parts = append(r.Parts, p)
		}
		r.Parts[len(r.Parts)-1].Texts[lang] = t
	}
	return rows.Err()
}

// Replies lists an organisation's answers (every answer when org is 0),
// newest first.
func (s *Store) Replies(ctx context.Context, org int64) ([]*Reply, error) {
	return s.replies(ctx, `SELECT id FROM replies WHERE ? = 0 OR organisation_id = ? ORDER BY id DESC LIMIT 200`, org, org)
}

// SessionReplies lists the answers that go to a session, public or not,
// newest first.
func (s *Store) SessionReplies(ctx context.Context, sessionID int64) ([]*Reply, error) {
	return s.replies(ctx, `SELECT reply_id FROM reply_sessions WHERE session_id = ? ORDER BY reply_id DESC`, sessionID)
}

// PublicReply is the newest public answer that goes to a session, or a
// fault.NotFound when there is none.
func (s *Store) PublicReply(ctx context.Context, sessionID int64) (*Reply, error) {
	var id int64
	err := s.r.QueryRowContext(ctx, `SELECT r.id FROM replies r JOIN reply_sessions rs ON rs.reply_id = r.id
		WHERE rs.session_id = ? AND r.public = 1 ORDER BY r.id DESC LIMIT 1`, sessionID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "error.not_found", "no public answer")
	}
	if err != nil {
		return nil, fmt.Errorf("store: public reply of session %d: %w", sessionID, err)
	}
	return s.Reply(ctx, id)
}

func (s *Store) replies(ctx context.Context, query string, args ...any) ([]*Reply, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: replies: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: replies: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := make([]*Reply, 0, len(ids))
	for _, id := range ids {
		r, err := s.Reply(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// TextOf is a part's text for a reader of lang: in lang when it is
// written in it, else in the answer's own language, else in the first
// language it has; with the language it is in ("" when it has none).
func (r *Reply) TextOf(p ReplyPart, lang string) (PartText, string) {
	for _, l := range []string{lang, r.Lang} {
		if t, ok := p.Texts[l]; ok {
			return t, l
		}
	}
	langs := make([]string, 0, len(p.Texts))
	for l := range p.Texts {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	if len(langs) == 0 {
		return PartText{}, ""
	}
	return p.Texts[langs[0]], langs[0]
}
