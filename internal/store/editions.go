package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// Edition is a public edition of the monitor: what an analyst chose
// (Spec, encoded by the caller), the cells computed once through the
// release gate (Snapshot, encoded by the caller), and, once published, its
// number. A published edition is frozen by the database itself (migration
// 016): no update or delete reaches it.
type Edition struct {
	ID          int64
	Number      int // 0 while a draft
	Title       string
	From, To    string // months, "2026-01"
	Spec        []byte
	Snapshot    []byte // nil until computed
	ComputedAt  time.Time
	CreatedBy   int64
	CreatedAt   time.Time
	PublishedAt time.Time // zero while a draft
}

// Published reports whether the edition is published, and so frozen.
func (e *Edition) Published() bool { return e.Number > 0 }

var errEditionFrozen = fault.New(fault.Conflict, "edition.frozen", "a published edition cannot change")

// CreateEdition stores a new draft and sets its ID.
func (s *Store) CreateEdition(ctx context.Context, e *Edition) error {
	e.CreatedAt = s.now().UTC().Truncate(time.Second)
	var computed any
	if e.Snapshot != nil {
		computed = timestamp(e.ComputedAt)
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO editions (title, period_from, period_to, spec, snapshot, computed_at, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.Title, e.From, e.To, string(e.Spec), e.Snapshot, computed, nullID(e.CreatedBy), timestamp(e.CreatedAt))
		if err != nil {
			return err
		}
		e.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return fmt.Errorf("store: create edition: %w", err)
	}
	return nil
}

// SaveDraft replaces a draft's title, period, choices and snapshot; a
// published edition is refused with a Conflict.
func (s *Store) SaveDraft(ctx context.Context, e *Edition) error {
	var computed any
	if e.Snapshot != nil {
		computed = timestamp(e.ComputedAt)
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE editions SET title = ?, period_from = ?, period_to = ?, spec = ?, snapshot = ?, computed_at = ?
			WHERE id = ? AND published_at IS NULL`, e.Title, e.From, e.To, string(e.Spec), e.Snapshot, computed, e.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errEditionFrozen
		}
		return nil
	})
	if fault.Is(err, fault.Conflict) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: save edition %d: %w", e.ID, err)
	}
	return nil
}

// PublishEdition gives a computed draft the next edition number and
// freezes it, in one transaction. A published edition, or a draft without
// a snapshot, is a Conflict.
func (s *Store) PublishEdition(ctx context.Context, id int64) (int, error) {
	return s.PublishEditionAfter(ctx, id, -1)
}

// ErrEditionsMoved is PublishEditionAfter's answer when another edition
// was published after the one the draft was checked against.
var ErrEditionsMoved = fault.New(fault.Conflict, "edition.check_again", "an edition was published since this draft was checked: check it again")

// PublishEditionAfter is PublishEdition only while the newest published
// edition is still number last (0: none), the set the draft was checked
// against; -1 checks nothing. Two drafts published at once are each
// checked against the other this way: the later one is refused.
func (s *Store) PublishEditionAfter(ctx context.Context, id int64, last int) (int, error) {
	var number int
	at := timestamp(s.now())
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM editions`).Scan(&number); err != nil {
			return err
		}
		if last >= 0 && number != last+1 {
			return ErrEditionsMoved
		}
		res, err := tx.ExecContext(ctx, `UPDATE editions SET number = ?, published_at = ?
			WHERE id = ? AND published_at IS NULL AND snapshot IS NOT NULL`, number, at, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.Conflict, "edition.not_ready", "only a computed draft can be published")
		}
		return nil
	})
	if fault.Is(err, fault.Conflict) {
		return 0, err
	}
	if err != nil {
		return 0, fmt.Errorf("store: publish edition %d: %w", id, err)
	}
	return number, nil
}

// DeleteDraft removes a draft; a published edition is kept (Conflict).
func (s *Store) DeleteDraft(ctx context.Context, id int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM editions WHERE id = ? AND published_at IS NULL`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errEditionFrozen
		}
		return nil
	})
	if fault.Is(err, fault.Conflict) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: delete edition %d: %w", id, err)
	}
	return nil
}

const editionColumns = `id, COALESCE(number, 0), title, period_from, period_to, spec, snapshot, COALESCE(computed_at, ''),
	COALESCE(created_by, 0), created_at, COALESCE(published_at, '')`

func scanEdition(sc interface{ Scan(...any) error }) (*Edition, error) {
	e := &Edition{}
	var spec, computed, created, published string
	if err := sc.Scan(&e.ID, &e.Number, &e.Title, &e.From, &e.To, &spec, &e.Snapshot, &computed, &e.CreatedBy, &created, &published); err != nil {
		return nil, err
	}
	e.Spec = []byte(spec)
	e.ComputedAt, e.CreatedAt, e.PublishedAt = parseTime(computed), parseTime(created), parseTime(published)
	return e, nil
}

// Edition returns an edition by id, draft or published; a NotFound fault
// when there is none.
func (s *Store) Edition(ctx context.Context, id int64) (*Edition, error) {
	e, err := scanEdition(s.r.QueryRowContext(ctx, `SELECT `+editionColumns+` FROM editions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "error.not_found", "no such edition")
	}
	if err != nil {
		return nil, fmt.Errorf("store: edition %d: %w", id, err)
	}
	return e, nil
}

// Editions lists every edition, published ones first by number, then the
// drafts newest first. With published only, drafts are left out.
func (s *Store) Editions(ctx context.Context, publishedOnly bool) ([]*Edition, error) {
	q := `SELECT ` + editionColumns + ` FROM editions`
	if publishedOnly {
		q += ` WHERE published_at IS NOT NULL`
	}
	q += ` ORDER BY number IS NULL, number, id DESC`
	rows, err := s.r.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: editions: %w", err)
	}
	defer rows.Close()
	var out []*Edition
	for rows.Next() {
		e, err := scanEdition(rows)
		if err != nil {
			return nil, fmt.Errorf("store: editions: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// LatestEditionChange is the time of the latest publication, for caches
// that want to know whether anything public changed; zero when nothing is
// published.
func (s *Store) LatestEditionChange(ctx context.Context) (time.Time, int, error) {
	var at string
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(published_at), ''), COUNT(number) FROM editions WHERE published_at IS NOT NULL`).Scan(&at, &n)
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("store: latest edition: %w", err)
	}
	return parseTime(at), n, nil
}

// PublicReplyRegions lists every public answer with the regions of the
// sessions it goes to: what a public edition takes in, frozen, for the
// children's page of each province.
func (s *Store) PublicReplyRegions(ctx context.Context) ([]*Reply, map[int64][]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT r.id, s.region FROM replies r JOIN reply_sessions rs ON rs.reply_id = r.id
		JOIN sessions s ON s.id = rs.session_id WHERE r.public = 1 ORDER BY r.id`)
	if err != nil {
		return nil, nil, fmt.Errorf("store: public replies: %w", err)
	}
	regions := map[int64][]string{}
	var ids []int64
	for rows.Next() {
		var id int64
		var region string
		if err := rows.Scan(&id, &region); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("store: public replies: %w", err)
		}
		if _, ok := regions[id]; !ok {
			ids = append(ids, id)
		}
		regions[id] = append(regions[id], region)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: public replies: %w", err)
	}
	out := make([]*Reply, 0, len(ids))
	for _, id := range ids {
		r, err := s.Reply(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, r)
	}
	return out, regions, nil
}
