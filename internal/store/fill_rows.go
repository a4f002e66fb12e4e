package store

import (
	"database/sql"
	"fmt"
	"strings"
)

// The filler's fast path stores submissions many to a statement: the
// submissions' rows fillRowsPerInsert at a time, and their answers
// fillAnswersPerInsert at a time, each answer one argument. One statement
// and one argument per row cost the write path more than SQLite's own
// work (a dozen calls across the Go/C boundary per submission, the
// driver's bookkeeping per statement); storing many rows per statement
// leaves mostly SQLite's work.
//
// The rows are those the write path would store: the same checks run
// first (the session takes answers that day, every item is known, every
// code in range), the ids are the ones SQLite gives one row after the
// other (the largest so far plus one, read once per transaction), and
// anything the fast path does not cover takes the write path itself: a
// submission with ideas, one for a session that takes no answers, and a
// group whose insert fails (a uid already stored is a replay there). A
// submission the write path refuses leaves nothing, and the rest stay.
const (
	fillRowsPerInsert    = 64
	fillAnswersPerInsert = 2000
)

// pendingRow is a submission checked and numbered, waiting for its group.
type pendingRow struct {
	id   int64
	sub  *Submission
	args []int64 // its answers, packed (fillAnswerArg)
}

// fillAnswerArg packs a submission id, an item id and a code into one
// argument: id<<32 | item<<16 | code+32768.
func fillAnswerArg(id, item int64, code int) int64 { return id<<32 | item<<16 | int64(code+32768) }

const maxFillID = 1<<31 - 1 // beyond, the packed argument would not hold the id

func sqlFillSubmissions(n int) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO submissions (id, uid, session_id, survey_id, survey_version, lang, age, age_band, gender, day, complete, paper, bg_living, bg_language, bg_illness, bg_deprivation, easy_read) VALUES ")
	for i := range n {
		if i > 0 {
			sb.WriteString(", ")
		}
		// The session's wording is copied as the write path does
		// (sqlInsSub): its id is the row's last argument.
		sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT easy_read FROM sessions WHERE id = ?))")
	}
	return sb.String()
}

func sqlFillAnswers(n int) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO answers (submission_id, item_id, code) VALUES ")
	for i := range n {
		if i > 0 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, "(?%d >> 32, (?%[1]d >> 16) & 65535, (?%[1]d & 65535) - 32768)", i+1)
	}
	return sb.String()
}

// fastRow checks a submission as insertSubmission would before it stores
// it, and numbers it; ok is false when it must take the write path.
func (f *Filler) fastRow(sub *Submission) (row pendingRow, ok bool, err error) {
	if len(sub.Ideas) > 0 {
		return row, false, nil
	}
	open, err := f.bt.open(f.ctx, sub.SessionID)
	if err != nil || !open {
		return row, false, err
	}
	if f.nextID == 0 {
		if err := f.tx.QueryRowContext(f.ctx, `SELECT coalesce(max(id), 0) + 1 FROM submissions`).Scan(&f.nextID); err != nil {
			return row, false, fmt.Errorf("store: fill: next id: %w", err)
		}
	}
	if f.nextID > maxFillID {
		return row, false, nil
	}
	row = pendingRow{id: f.nextID, sub: sub, args: make([]int64, 0, len(sub.Answers))}
	for _, a := range sub.Answers {
		item, err := f.s.itemID(sub.SurveyID, a.Item)
		if err != nil || item > 65535 || a.Code < -32768 || a.Code > 32767 {
			// The write path says what is wrong.
			return row, false, nil
		}
		row.args = append(row.args, fillAnswerArg(row.id, item, a.Code))
	}
	f.nextID++
	return row, true, nil
}

// flush stores the pending rows: their submissions and texts, and their
// answers in full statements (the rest waits for the next flush, or for
// the commit: all).
func (f *Filler) flush(all bool) error {
	rows := f.pending
	f.pending = f.pending[:0]
	for start := 0; start < len(rows); start += fillRowsPerInsert {
		group := rows[start:min(len(rows), start+fillRowsPerInsert)]
		args := make([]any, 0, 17*len(group))
		for _, r := range group {
			s := r.sub
			var age any
			if s.Age > 0 {
				age = s.Age
			}
			args = append(args, r.id, s.UID[:], s.SessionID, s.SurveyID, s.SurveyVersion, s.Lang, age, s.AgeBand, s.Gender, f.bt.day, s.Complete, s.Paper,
				s.Background.Living, s.Background.Language, s.Background.Illness, s.Background.Deprivation, s.SessionID)
		}
		if err := f.exec(f.subStmts, len(group), sqlFillSubmissions, args); err != nil {
			// Nothing of the group is stored (a failed statement undoes
			// itself): the write path stores the rest one by one, and
			// says what a uid already stored means.
			err := f.slowRows(rows[start:])
			if err == nil {
				break
			}
			return err
		}
		for _, r := range group {
			f.answers = append(f.answers, r.args...)
			if err := f.texts(r); err != nil {
				return err
			}
		}
	}
	for len(f.answers) >= fillAnswersPerInsert || all && len(f.answers) > 0 {
		chunk := f.answers[:min(len(f.answers), fillAnswersPerInsert)]
		args := make([]any, len(chunk))
		for i, a := range chunk {
			args[i] = a
		}
		if err := f.exec(f.ansStmts, len(chunk), sqlFillAnswers, args); err != nil {
			f.rollback()
			return fmt.Errorf("store: fill: insert answers (the open transaction was rolled back): %w", err)
		}
		f.answers = f.answers[:copy(f.answers, f.answers[len(chunk):])]
	}
	return nil
}

// texts stores a row's free texts, in the order of its answers as the
// write path does.
func (f *Filler) texts(r pendingRow) error {
	for _, a := range r.sub.Answers {
		if a.Text == "" {
			continue
		}
		item, _ := f.s.itemID(r.sub.SurveyID, a.Item)
		if _, err := f.bt.st.insText.ExecContext(f.ctx, r.id, item, a.Text); err != nil {
			f.rollback()
			return fmt.Errorf("store: fill: insert text %s (the open transaction was rolled back): %w", a.Item, err)
		}
	}
	return nil
}

// slowRows stores rows through the write path, one by one, in order. A
// row the write path refuses leaves nothing, as there; the first refusal
// is returned once the rest are stored.
func (f *Filler) slowRows(rows []pendingRow) error {
	var first error
	for _, r := range rows {
		if _, err := f.slowOne(r.sub); err != nil && first == nil {
			first = fmt.Errorf("store: fill: an earlier submission: %w", err)
		}
	}
	return first
}

// slowOne stores one submission through the write path, inside a
// savepoint as the write path's retried batch does: refused, it leaves
// nothing and the transaction goes on.
func (f *Filler) slowOne(sub *Submission) (Receipt, error) {
	f.nextID = 0 // read again after: the write path numbers this one
	if _, err := f.tx.ExecContext(f.ctx, "SAVEPOINT fill"); err != nil {
		return Receipt{}, fmt.Errorf("store: fill: %w", err)
	}
	f.bt.savepoints = true
	r, err := f.s.batch.insertSubmission(f.ctx, f.bt, sub)
	if err != nil {
		if _, rerr := f.tx.ExecContext(f.ctx, "ROLLBACK TO fill"); rerr != nil {
			return Receipt{}, fmt.Errorf("store: fill: %w", rerr)
		}
	}
	if _, rerr := f.tx.ExecContext(f.ctx, "RELEASE fill"); rerr != nil {
		return Receipt{}, fmt.Errorf("store: fill: %w", rerr)
	}
	return r, err
}

// exec runs the statement of n rows, prepared in the open transaction on
// first use.
func (f *Filler) exec(cache map[int]*sql.Stmt, n int, query func(int) string, args []any) error {
	st, ok := cache[n]
	if !ok {
		var err error
		if st, err = f.tx.PrepareContext(f.ctx, query(n)); err != nil {
			return err
		}
		cache[n] = st
	}
	_, err := st.ExecContext(f.ctx, args...)
	return err
}
