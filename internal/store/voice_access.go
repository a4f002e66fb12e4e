package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// SetVoiceLink gives a request a new way in (a new link and code): the old
// link and code stop working, wrong codes are forgotten, and every visit
// token made before is void.
func (s *Store) SetVoiceLink(ctx context.Context, id int64, link VoiceLink) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO voice_links (request_id, link_hash, code_mac) VALUES (?, ?, ?)
			ON CONFLICT (request_id) DO UPDATE SET link_hash = excluded.link_hash, code_mac = excluded.code_mac, wrong = 0,
				locked_until = NULL, visit = visit + 1`, id, link.LinkHash, link.CodeMAC)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: voice link %d: %w", id, err)
	}
	return nil
}

// VoiceCodeMAC is the HMAC of a request's code, for checking a code typed.
func (s *Store) VoiceCodeMAC(ctx context.Context, id int64) ([]byte, error) {
	var mac []byte
	err := s.r.QueryRowContext(ctx, `SELECT code_mac FROM voice_links WHERE request_id = ?`, id).Scan(&mac)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoVoice
	}
	if err != nil {
		return nil, fmt.Errorf("store: voice code %d: %w", id, err)
	}
	return mac, nil
}

// VoiceAttempt takes one attempt at a request's code before the code is
// checked, in one step however many arrive at once: refused (false) while
// the link is locked; otherwise counted as wrong until VoiceRightCode says
// otherwise, and the link locked until the time lock gives for the new
// count (zero: not locked). It returns whether the attempt may go on and
// the count.
func (s *Store) VoiceAttempt(ctx context.Context, id int64, now time.Time, lock func(wrong int) time.Time) (bool, int, error) {
	var allowed bool
	var wrong int
	err := s.write(ctx, func(tx *sql.Tx) error {
		var locked sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT wrong, locked_until FROM voice_links WHERE request_id = ?`, id).Scan(&wrong, &locked); err != nil {
			return err
		}
		if locked.Valid && now.Before(parseTime(locked.String)) {
			return nil
		}
		allowed, wrong = true, wrong+1
		var until any
		if t := lock(wrong); !t.IsZero() {
			until = timestamp(t)
		}
		_, err := tx.ExecContext(ctx, `UPDATE voice_links SET wrong = ?, locked_until = ? WHERE request_id = ?`, wrong, until, id)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return false, 0, errNoVoice
	}
	if err != nil {
		return false, 0, fmt.Errorf("store: voice code attempt %d: %w", id, err)
	}
	return allowed, wrong, nil
}

// VoiceRightCode forgets the attempt it was and the wrong codes before,
// and starts a new visit: every token of an earlier visit stops working,
// so a device the child left open can no longer write once the code is
// typed again elsewhere. It returns the new visit's generation.
func (s *Store) VoiceRightCode(ctx context.Context, id int64) (int, error) {
	var gen int
	err := s.write(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `UPDATE voice_links SET wrong = 0, locked_until = NULL, visit = visit + 1
			WHERE request_id = ? RETURNING visit`, id).Scan(&gen)
	})
	if err != nil {
		return 0, fmt.Errorf("store: voice link %d: %w", id, err)
	}
	return gen, nil
}

// EndVoiceVisit voids every visit token of a request made so far: after
// sending, stopping or leaving, a page kept in a browser's history opens
// nothing.
func (s *Store) EndVoiceVisit(ctx context.Context, id int64) error {
	return s.voiceLinkExec(ctx, id, `UPDATE voice_links SET visit = visit + 1 WHERE request_id = ?`)
}

func (s *Store) voiceLinkExec(ctx context.Context, id int64, q string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, q, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: voice link %d: %w", id, err)
	}
	return nil
}

// AddVoiceReader lets a user read a request.
func (s *Store) AddVoiceReader(ctx context.Context, id, userID int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO voice_readers (request_id, user_id, owner) VALUES (?, ?, 0)
			ON CONFLICT DO NOTHING`, id, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: add voice reader: %w", err)
	}
	return nil
}

// RemoveVoiceReader takes a colleague's access away; the owner's stays.
func (s *Store) RemoveVoiceReader(ctx context.Context, id, userID int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM voice_readers WHERE request_id = ? AND user_id = ? AND owner = 0`, id, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "error.not_found", "no such colleague on the request")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: remove voice reader: %w", err)
	}
	return nil
}

// VoiceColleagues are the users who could be added as readers: workers
// and admins of the organisation, not disabled, by e-mail.
func (s *Store) VoiceColleagues(ctx context.Context, organisationID int64) ([]*User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users u JOIN organisations o ON o.id = u.organisation_id
		WHERE u.organisation_id = ? AND u.role IN ('worker', 'admin') AND u.disabled = 0 ORDER BY u.email`, organisationID)
	if err != nil {
		return nil, fmt.Errorf("store: colleagues: %w", err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: colleagues: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// VoiceRetention is how many days an organisation keeps a request's words
// after the child read the explanation, and whether it chose that number
// (false: def, the default).
func (s *Store) VoiceRetention(ctx context.Context, organisationID int64, def int) (int, bool, error) {
	var days int
	err := s.r.QueryRowContext(ctx, `SELECT days FROM voice_retention WHERE organisation_id = ?`, organisationID).Scan(&days)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return def, false, nil
	case err != nil:
		return 0, false, fmt.Errorf("store: voice retention: %w", err)
	}
	return days, true, nil
}

// SetVoiceRetention sets an organisation's retention in days.
func (s *Store) SetVoiceRetention(ctx context.Context, organisationID int64, days int) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO voice_retention (organisation_id, days) VALUES (?, ?)
			ON CONFLICT (organisation_id) DO UPDATE SET days = excluded.days`, organisationID, days)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set voice retention: %w", err)
	}
	return nil
}

// VoiceDue lists the requests whose words are due for erasure on today: read
// by the child at least their organisation's retention ago (def days where
// it set none), or untouched for backstop days.
func (s *Store) VoiceDue(ctx context.Context, today time.Time, def, backstop int) ([]int64, error) {
	day := today.In(s.loc).Format(time.DateOnly)
	rows, err := s.r.QueryContext(ctx, `SELECT r.id FROM voice_requests r LEFT JOIN voice_retention k ON k.organisation_id = r.organisation_id
		WHERE r.erased = 0 AND (
			(r.read_on IS NOT NULL AND r.read_on <= date(?1, '-' || coalesce(k.days, ?2) || ' days'))
			OR r.changed_on <= date(?1, '-' || ?3 || ' days'))
		ORDER BY r.id`, day, def, backstop)
	if err != nil {
		return nil, fmt.Errorf("store: voice due: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: voice due: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// VoiceShell is what the process figures count of one decision: never a
// word, a day or a person.
type VoiceShell struct {
	ID             int64 // for its record key only
	OrganisationID int64
	Setting        string
	Outcome        string // view, declined, withdrawn, no_answer, not_asked
	Heard          string // "", yes, some, no
	Days           int    // days from the view to the explanation; -1 for none
}

// VoiceShells lists every request whose decision is recorded, erased or
// not, as the process figures count it.
func (s *Store) VoiceShells(ctx context.Context) ([]VoiceShell, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, organisation_id, setting, outcome, coalesce(heard, ''), coalesce(days_to_explanation, -1)
		FROM voice_requests WHERE outcome IS NOT NULL ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: voice shells: %w", err)
	}
	defer rows.Close()
	var out []VoiceShell
	for rows.Next() {
		var v VoiceShell
		if err := rows.Scan(&v.ID, &v.OrganisationID, &v.Setting, &v.Outcome, &v.Heard, &v.Days); err != nil {
			return nil, fmt.Errorf("store: voice shells: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
