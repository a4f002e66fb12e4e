package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Submission is one child's questionnaire, validated by the caller against
// the survey version of its session.
type Submission struct {
	UID           [16]byte // random, made on the device: a replay is harmless
	SessionID     int64
	SurveyID      string
	SurveyVersion int
	Lang          string
	Age           int    // whole years; 0 when the child did not say
	AgeBand       string // "10-13"
	Gender        string // girl, boy, other or skip
	Complete      bool   // every item shown was answered, skipped or "don't know"
	Paper         bool   // filled in on paper and typed in by a worker
	// Background is what the child said in the background block; empty
	// when not asked.
	Background survey.Background
	Answers    []Answer
	Ideas      []Idea // the ideas step's answers: stored apart, linked to nothing (ideas.go)
}

// Answer is the code given to one item, and the text of a text item: the
// survey's own type, which the survey checked.
type Answer = survey.Answer

// Receipt says what became of a submission.
type Receipt struct {
	ID      int64
	Created bool // false: this id was already stored, nothing changed
}

// Committed is a stored submission as the commit hooks see it.
type Committed struct {
	ID  int64
	Day string // YYYY-MM-DD
	*Submission
}

// Genders are the gender values a submission may carry: the survey's list.
var Genders = survey.Genders

// ErrClosed is returned for submissions arriving after Close began.
var ErrClosed = errors.New("store: closed")

// Submit stores a submission durably (synchronous=FULL, in a group commit)
// and returns once it is on disk. The same UID twice stores it once: the
// second call returns the first's id with Created false. A session that is
// closed refuses new submissions with a fault.Gone.
func (s *Store) Submit(ctx context.Context, sub *Submission) (Receipt, error) {
	return s.batch.submit(ctx, sub)
}

// insertSubmission stores one submission inside the batch transaction.
// It inserts first and looks up the id only when the insert found it
// taken, so a new submission costs two statements: its row and its
// answers. An error after its row went in leaves the transaction holding
// part of it: in a batch without savepoints that is errPartial, and the
// batch is run again with one savepoint per submission.
func (b *batcher) insertSubmission(ctx context.Context, bt *batchTx, sub *Submission) (Receipt, error) {
	open, err := bt.open(ctx, sub.SessionID)
	if err != nil {
		return Receipt{}, err
	}
	if !open {
		// A replay of a stored submission is still answered after closing.
		if r, err, found := bt.replay(ctx, sub); found {
			return r, err
		}
		if _, known := bt.sessions[sub.SessionID]; !known {
			return Receipt{}, fault.New(fault.NotFound, "error.session_unknown", "no such session")
		}
		return Receipt{}, fault.New(fault.Gone, "error.session_closed", "the session is closed")
	}
	var age any
	if sub.Age > 0 {
		age = sub.Age
	}
	// A failed statement undoes itself; nothing of this submission is stored yet.
	res, err := bt.st.insSub.ExecContext(ctx, sub.UID[:], sub.SessionID, sub.SurveyID, sub.SurveyVersion,
		sub.Lang, age, sub.AgeBand, sub.Gender, bt.day, sub.Complete, sub.Paper,
		sub.Background.Living, sub.Background.Language, sub.Background.Illness, sub.Background.Deprivation)
	if err != nil {
		return Receipt{}, fmt.Errorf("store: insert submission: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if r, err, found := bt.replay(ctx, sub); found {
			return r, err
		}
		return Receipt{}, errors.New("store: insert submission: uid taken but not found")
	}
	id, _ := res.LastInsertId()
	if err := b.insertAnswers(ctx, bt.tx, bt.st, id, sub); err != nil {
		if !bt.savepoints {
			return Receipt{}, errPartial
		}
		return Receipt{}, err
	}
	return Receipt{ID: id, Created: true}, nil
}

// errPartial stops a batch without savepoints whose transaction holds part
// of a failed submission.
var errPartial = errors.New("store: submission failed half-way")

// batchTx is one batch's transaction and what it has learnt so far.
type batchTx struct {
	tx         *sql.Tx
	st         *txStmts
	now, day   string
	savepoints bool
	sessions   map[int64]bool // session id -> open, for sessions seen in this batch
}

// open reports whether a session takes submissions, asking the database
// once per session per batch.
func (bt *batchTx) open(ctx context.Context, id int64) (bool, error) {
	if open, ok := bt.sessions[id]; ok {
		return open, nil
	}
	var open bool
	err := bt.st.isOpen.QueryRowContext(ctx, bt.now, id).Scan(&open)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("store: check session: %w", err)
	}
	bt.sessions[id] = open
	return open, nil
}

// replay looks a submission's uid up: found is true when it is stored,
// with the earlier receipt, or a conflict when another session has it.
func (bt *batchTx) replay(ctx context.Context, sub *Submission) (r Receipt, err error, found bool) {
	var id, session int64
	err = bt.st.byUID.QueryRowContext(ctx, sub.UID[:]).Scan(&id, &session)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Receipt{}, nil, false
	case err != nil:
		return Receipt{}, fmt.Errorf("store: look up submission: %w", err), true
	case session != sub.SessionID:
		return Receipt{}, fault.New(fault.Conflict, "error.submission_conflict", "this submission id belongs to another session"), true
	}
	return Receipt{ID: id}, nil, true
}

// insertAnswers stores a submission's answers, up to 64 per statement, and
// its free text.
func (b *batcher) insertAnswers(ctx context.Context, tx *sql.Tx, st *txStmts, id int64, sub *Submission) error {
	args := make([]any, 1, 1+min(len(sub.Answers), maxAnswersPerInsert))
	args[0] = id
	for start := 0; start < len(sub.Answers); start += maxAnswersPerInsert {
		chunk := sub.Answers[start:min(len(sub.Answers), start+maxAnswersPerInsert)]
		args = args[:1]
		for _, a := range chunk {
			item, err := b.s.itemID(sub.SurveyID, a.Item)
			if err != nil {
				return err
			}
			if a.Code < -32768 || a.Code > 32767 {
				return fmt.Errorf("store: answer %s: code %d out of range", a.Item, a.Code)
			}
			args = append(args, answerArg(item, a.Code))
		}
		if _, err := st.answers(ctx, tx, b, len(chunk)).ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("store: insert answers: %w", err)
		}
	}
	for _, a := range sub.Answers {
		if a.Text == "" {
			continue
		}
		item, err := b.s.itemID(sub.SurveyID, a.Item)
		if err != nil {
			return err
		}
		if _, err := st.insText.ExecContext(ctx, id, item, a.Text); err != nil {
			return fmt.Errorf("store: insert text %s: %w", a.Item, err)
		}
	}
	return insertIdeas(ctx, tx, sub.SessionID, sub.Ideas)
}

const (
	sqlByUID = `SELECT id, session_id FROM submissions WHERE uid = ?`
	// Open, or closed by a worker with a grace period not yet over
	// (Session.TakesAnswers says the same in Go).
	sqlIsOpen = `SELECT (closed_at IS NULL AND closes_at > ?1) OR coalesce(grace_until, '') > ?1 FROM sessions WHERE id = ?2`
	// A submission records the variant its session has when it arrives
	// (easy read or standard), read in the transaction that stores it.
	sqlInsSub  = `INSERT INTO submissions (uid, session_id, survey_id, survey_version, lang, age, age_band, gender, day, complete, paper, bg_living, bg_language, bg_illness, bg_deprivation, easy_read) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, (SELECT easy_read FROM sessions WHERE id = ?2)) ON CONFLICT (uid) DO NOTHING`
	sqlInsText = `INSERT INTO texts (submission_id, item_id, text) VALUES (?, ?, ?)`
)

// CountSubmissions returns how many submissions a session has received.
func (s *Store) CountSubmissions(ctx context.Context, sessionID int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM submissions WHERE session_id = ?`, sessionID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count submissions: %w", err)
	}
	return n, nil
}

// HasSubmission reports whether a submission with this UID is stored.
func (s *Store) HasSubmission(ctx context.Context, uid [16]byte) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM submissions WHERE uid = ?`, uid[:]).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: find submission: %w", err)
	}
	return n > 0, nil
}

// SessionCounts returns how many submissions each of the sessions has.
func (s *Store) SessionCounts(ctx context.Context, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	marks := make([]byte, 0, 2*len(ids))
	for i, id := range ids {
		args[i] = id
		if i > 0 {
			marks = append(marks, ',')
		}
		marks = append(marks, '?')
	}
	rows, err := s.r.QueryContext(ctx, `SELECT session_id, count(*) FROM submissions WHERE session_id IN (`+string(marks)+`) GROUP BY session_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: session counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("store: session counts: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

// SurveyCounts returns how many submissions each survey has.
func (s *Store) SurveyCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT survey_id, count(*) FROM submissions GROUP BY survey_id`)
	if err != nil {
		return nil, fmt.Errorf("store: survey counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("store: survey counts: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}
