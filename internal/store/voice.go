package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// VoiceRequest is one request for a child's view in a decision about them,
// as stored: the plain columns the server needs to run it, and the sealed
// words it cannot read by itself (package decision seals and opens them).
// A shell (Erased) keeps only what the process figures count.
type VoiceRequest struct {
	ID             int64
	OrganisationID int64
	Setting        string
	Asked          bool
	Child          string // waiting, declined, sent, withdrawn, not_asked
	Outcome        string // "" until the decision is recorded
	Heard          string // "", yes, some, no
	Days           int    // days from the view to the explanation; -1 for none
	Rev            int
	Lang           string
	// Days (2006-01-02), "" for not yet.
	CreatedOn, ChangedOn, SentOn, DecidedOn, ExplainedOn, ReadOn string
	Erased                                                       bool

	KEK     string            // fingerprint of the secret Wrapped is wrapped under
	Wrapped []byte            // the request's data key, wrapped
	Texts   map[string][]byte // sealed parts: request, say, decision, explanation
	Readers []VoiceReader
	Link    VoiceLinkState
}

// The child's states of a request.
const (
	VoiceWaiting   = "waiting"
	VoiceDeclined  = "declined"
	VoiceSent      = "sent"
	VoiceWithdrawn = "withdrawn"
	VoiceNotAsked  = "not_asked"
)

// VoiceReader is a staff user who may read a request.
type VoiceReader struct {
	UserID      int64
	Email, Name string
	Owner       bool // the worker who made the request
}

// VoiceLinkState is the state of a request's way in, without its secrets.
type VoiceLinkState struct {
	Has         bool
	Wrong       int       // wrong codes since the last right one
	LockedUntil time.Time // zero when open
	Visit       int       // the generation of visit tokens that still work
}

// VoiceLink is a new way in: the SHA-256 of the link and the HMAC of the
// code, never the link or the code.
type VoiceLink struct {
	LinkHash, CodeMAC []byte
}

// VoiceSealed is what a new request is stored with besides its columns:
// the fingerprint of the wrapping secret, the wrapped data key, the
// sealed parts and, when the child is asked, the way in.
type VoiceSealed struct {
	KEK     string
	Wrapped []byte
	Texts   map[string][]byte
	Link    *VoiceLink
}

// VoiceSeal seals a new request's words once its id is known (the id is
// bound into every sealed blob and into the code's HMAC).
type VoiceSeal func(id int64) (VoiceSealed, error)

var errNoVoice = fault.New(fault.NotFound, "error.not_found", "no such request")

// CreateVoiceRequest stores a new request with its owner as its first
// reader; seal makes its key, words and way in for the id it gets. All or
// nothing.
func (s *Store) CreateVoiceRequest(ctx context.Context, r *VoiceRequest, ownerID int64, seal VoiceSeal) error {
	today := s.Today()
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO voice_requests (organisation_id, setting, asked, child, lang, created_on, changed_on)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, r.OrganisationID, r.Setting, r.Asked, r.Child, r.Lang, today, today)
		if err != nil {
			return err
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		sealed, err := seal(r.ID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO voice_keys (request_id, kek, wrapped) VALUES (?, ?, ?)`, r.ID, sealed.KEK, sealed.Wrapped); err != nil {
			return err
		}
		for part, blob := range sealed.Texts {
			if _, err := tx.ExecContext(ctx, `INSERT INTO voice_texts (request_id, part, sealed) VALUES (?, ?, ?)`, r.ID, part, blob); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO voice_readers (request_id, user_id, owner) VALUES (?, ?, 1)`, r.ID, ownerID); err != nil {
			return err
		}
		if l := sealed.Link; l != nil {
			_, err = tx.ExecContext(ctx, `INSERT INTO voice_links (request_id, link_hash, code_mac) VALUES (?, ?, ?)`, r.ID, l.LinkHash, l.CodeMAC)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("store: create voice request: %w", err)
	}
	r.CreatedOn, r.ChangedOn = today, today
	return nil
}

const voiceColumns = `id, organisation_id, setting, asked, child, coalesce(outcome, ''), coalesce(heard, ''),
	coalesce(days_to_explanation, -1), rev, coalesce(lang, ''), coalesce(created_on, ''), coalesce(changed_on, ''),
	coalesce(sent_on, ''), coalesce(decided_on, ''), coalesce(explained_on, ''), coalesce(read_on, ''), erased`

func scanVoice(row interface{ Scan(...any) error }) (*VoiceRequest, error) {
	var r VoiceRequest
	err := row.Scan(&r.ID, &r.OrganisationID, &r.Setting, &r.Asked, &r.Child, &r.Outcome, &r.Heard, &r.Days, &r.Rev, &r.Lang,
		&r.CreatedOn, &r.ChangedOn, &r.SentOn, &r.DecidedOn, &r.ExplainedOn, &r.ReadOn, &r.Erased)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoVoice
	}
	return &r, err
}

// VoiceRequest loads a request whole: its columns, wrapped key, sealed
// parts, readers and the state of its way in. An erased request loads as
// its shell, with no key, words or readers.
func (s *Store) VoiceRequest(ctx context.Context, id int64) (*VoiceRequest, error) {
	r, err := scanVoice(s.r.QueryRowContext(ctx, `SELECT `+voiceColumns+` FROM voice_requests WHERE id = ?`, id))
	if err == nil {
		err = s.loadVoiceParts(ctx, r)
	}
	if err != nil {
		return nil, fmt.Errorf("store: voice request %d: %w", id, err)
	}
	return r, nil
}

// VoiceRequestByLink loads the request whose link has this SHA-256.
func (s *Store) VoiceRequestByLink(ctx context.Context, linkHash []byte) (*VoiceRequest, error) {
	var id int64
	err := s.r.QueryRowContext(ctx, `SELECT request_id FROM voice_links WHERE link_hash = ?`, linkHash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoVoice
	}
	if err != nil {
		return nil, fmt.Errorf("store: voice link: %w", err)
	}
	return s.VoiceRequest(ctx, id)
}

func (s *Store) loadVoiceParts(ctx context.Context, r *VoiceRequest) error {
	r.Texts = map[string][]byte{}
	err := s.r.QueryRowContext(ctx, `SELECT kek, wrapped FROM voice_keys WHERE request_id = ?`, r.ID).Scan(&r.KEK, &r.Wrapped)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT part, sealed FROM voice_texts WHERE request_id = ?`, r.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var part string
		var sealed []byte
		if err := rows.Scan(&part, &sealed); err != nil {
			rows.Close()
			return err
		}
		r.Texts[part] = sealed
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = s.r.QueryContext(ctx, `SELECT r.user_id, u.email, u.name, r.owner FROM voice_readers r JOIN users u ON u.id = r.user_id
		WHERE r.request_id = ? ORDER BY r.owner DESC, u.email`, r.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var rd VoiceReader
		if err := rows.Scan(&rd.UserID, &rd.Email, &rd.Name, &rd.Owner); err != nil {
			rows.Close()
			return err
		}
		r.Readers = append(r.Readers, rd)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var locked sql.NullString
	err = s.r.QueryRowContext(ctx, `SELECT wrong, locked_until, visit FROM voice_links WHERE request_id = ?`, r.ID).
		Scan(&r.Link.Wrong, &locked, &r.Link.Visit)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	r.Link.Has = true
	if locked.Valid {
		r.Link.LockedUntil = parseTime(locked.String)
	}
	return nil
}

// VoiceRequestsOf lists the requests a user may read, newest first, each
// with its key and the sealed request (for the list's labels) but not the
// child's say, the decision or the explanation.
func (s *Store) VoiceRequestsOf(ctx context.Context, userID int64) ([]*VoiceRequest, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+voiceColumns+` FROM voice_requests
		WHERE erased = 0 AND id IN (SELECT request_id FROM voice_readers WHERE user_id = ?) ORDER BY id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: voice requests: %w", err)
	}
	var out []*VoiceRequest
	for rows.Next() {
		r, err := scanVoice(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: voice requests: %w", err)
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: voice requests: %w", err)
	}
	for _, r := range out {
		r.Texts = map[string][]byte{}
		var sealed []byte
		err := s.r.QueryRowContext(ctx, `SELECT k.kek, k.wrapped, t.sealed FROM voice_keys k JOIN voice_texts t ON t.request_id = k.request_id AND t.part = 'request'
			WHERE k.request_id = ?`, r.ID).Scan(&r.KEK, &r.Wrapped, &sealed)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("store: voice requests: %w", err)
		}
		if sealed != nil {
			r.Texts["request"] = sealed
		}
	}
	return out, nil
}

// VoiceChange is what one change to a request sets. Nil fields stay as
// they are; Put stores sealed parts, Drop erases parts.
type VoiceChange struct {
	Child, Outcome, Heard                  *string
	SentOn, DecidedOn, ExplainedOn, ReadOn *string
	Days                                   *int
	Put                                    map[string][]byte
	Drop                                   []string
}

// ErrVoiceChanged is the answer to a change made on a request that changed
// in between (another tab, the worker and the child at once).
var ErrVoiceChanged = fault.New(fault.Conflict, "voice.error_changed", "the request changed in between")

// ChangeVoice applies a change to the request if it is still at rev, all
// or nothing, with secure_delete on: a part replaced or dropped leaves no
// old words in the file's free space. A change that drops words is
// followed by a checkpoint that empties the write-ahead log, so the old
// pages do not linger there either.
func (s *Store) ChangeVoice(ctx context.Context, id int64, rev int, ch VoiceChange) error {
	sets := []string{"rev = rev + 1", "changed_on = ?"}
	args := []any{s.Today()}
	for _, f := range []struct {
		col string
		v   *string
	}{{"child", ch.Child}, {"outcome", ch.Outcome}, {"heard", ch.Heard}, {"sent_on", ch.SentOn}, {"decided_on", ch.DecidedOn},
		{"explained_on", ch.ExplainedOn}, {"read_on", ch.ReadOn}} {
		if f.v != nil {
			sets = append(sets, f.col+" = ?")
			args = append(args, *f.v)
		}
	}
	if ch.Days != nil {
		sets = append(sets, "days_to_explanation = ?")
		args = append(args, *ch.Days)
	}
	args = append(args, id, rev)
	err := s.secureWrite(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE voice_requests SET `+strings.Join(sets, ", ")+` WHERE id = ? AND rev = ? AND erased = 0`, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrVoiceChanged
		}
		for part, sealed := range ch.Put {
			if _, err := tx.ExecContext(ctx, `INSERT INTO voice_texts (request_id, part, sealed) VALUES (?, ?, ?)
				ON CONFLICT (request_id, part) DO UPDATE SET sealed = excluded.sealed`, id, part, sealed); err != nil {
				return err
			}
		}
		for _, part := range ch.Drop {
			if _, err := tx.ExecContext(ctx, `DELETE FROM voice_texts WHERE request_id = ? AND part = ?`, id, part); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: change voice request %d: %w", id, err)
	}
	if len(ch.Drop) > 0 {
		return s.emptyWAL(ctx)
	}
	return nil
}

// EraseVoice erases a request's words for good: its key, every sealed
// part, its way in and its readers go, with secure_delete on, and its row
// keeps only the shell the process figures count. Then the write-ahead
// log is checkpointed and emptied, so no page with the old key or words
// stays in it.
func (s *Store) EraseVoice(ctx context.Context, id int64) error {
	err := s.secureWrite(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM voice_texts WHERE request_id = ?`,
			`DELETE FROM voice_keys WHERE request_id = ?`,
			`DELETE FROM voice_links WHERE request_id = ?`,
			`DELETE FROM voice_readers WHERE request_id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE voice_requests SET erased = 1, rev = rev + 1, lang = NULL, created_on = NULL, changed_on = NULL,
			sent_on = NULL, decided_on = NULL, explained_on = NULL, read_on = NULL WHERE id = ? AND erased = 0`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNoVoice
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: erase voice request %d: %w", id, err)
	}
	return s.emptyWAL(ctx)
}

// secureWrite is write with secure_delete on for the transaction, so
// that deleted and replaced rows are overwritten with zeros in their
// pages. Only here: the writer's other work keeps its speed.
func (s *Store) secureWrite(ctx context.Context, f func(tx *sql.Tx) error) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
			return err
		}
		defer tx.ExecContext(ctx, `PRAGMA secure_delete = OFF`)
		return f(tx)
	})
}

// emptyWAL copies the write-ahead log into the database file and truncates
// it to nothing, waiting for readers that still hold older pages (up to
// the busy timeout, then a few tries more). Until it succeeds the log may
// still hold pages as they were before an erasure.
func (s *Store) emptyWAL(ctx context.Context) error {
	for try := 0; ; try++ {
		var busy, log, done int
		err := s.w.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &log, &done)
		if err == nil && busy == 0 {
			return nil
		}
		if try == 4 || ctx.Err() != nil {
			if err == nil {
				err = errors.New("readers kept the log busy")
			}
			return fmt.Errorf("store: empty the write-ahead log: %w", err)
		}
		time.Sleep(50 * time.Millisecond << try)
	}
}
