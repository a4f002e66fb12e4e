package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// SetReplyPublic makes an answer public or withdraws it. The first time
// it goes public is kept (the process indicators count days from a
// session's close to its first answer). An answer with a part that has
// only a title in some language cannot be made public (fault.Invalid
// naming the part).
func (s *Store) SetReplyPublic(ctx context.Context, id int64, public bool) error {
	now := timestamp(s.now())
	err := s.write(ctx, func(tx *sql.Tx) error {
		if public {
			var pos int
			var lang string
			err := tx.QueryRowContext(ctx, `SELECT p.position, t.lang FROM reply_part_texts t JOIN reply_parts p ON p.id = t.part_id
				WHERE p.reply_id = ? AND t.you_said = '' AND t.we_will = '' AND t.we_will_not = '' AND t.who_decides = ''
				ORDER BY p.position, t.lang LIMIT 1`, id).Scan(&pos, &lang)
			if err == nil {
				return errBarePart(pos, lang)
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE replies SET public = ?, updated_at = ?,
			first_public_at = CASE WHEN ? = 1 THEN coalesce(first_public_at, ?) ELSE first_public_at END WHERE id = ?`,
			public, now, public, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "error.not_found", "no such answer")
		}
		return markPublicSessions(ctx, tx, id, now)
	})
	if err != nil && !fault.Is(err, fault.NotFound) && !fault.Is(err, fault.Invalid) {
		return fmt.Errorf("store: set reply %d public: %w", id, err)
	}
	return err
}

// Bare reports whether a part's text is a title with nothing under it:
// children would read a heading over nothing, then be asked whether they
// feel heard.
func (t PartText) Bare() bool {
	return t.YouSaid == "" && t.WeWill == "" && t.WeWillNot == "" && t.WhoDecides == ""
}

// BarePart finds the first part (by position, then language) that has
// only a title in some language; ok is false when there is none. A public
// answer has none (SetReplyPublic, SaveReply).
func (r *Reply) BarePart() (index int, lang string, ok bool) {
	for i, p := range r.Parts {
		langs := make([]string, 0, len(p.Texts))
		for l := range p.Texts {
			langs = append(langs, l)
		}
		slices.Sort(langs)
		for _, l := range langs {
			if p.Texts[l].Bare() {
				return i, l, true
			}
		}
	}
	return 0, "", false
}

// errBarePart is the answer to making public an answer whose part index
// has only a title.
func errBarePart(index int, lang string) error {
	return fault.Field(fmt.Sprintf("part%d_you_said", index), "answers.error_bare_part",
		fmt.Sprintf("part %d has only a title in %s: children would read a heading over nothing", index+1, lang))
}
