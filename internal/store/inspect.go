package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
)

// Summary is what a restore drill compares between a restored copy and
// the live database: the counts up to the copy's newest rows (the live
// file keeps growing), the newest submission with a digest of its
// answers, and every group's published results.
type Summary struct {
	Schema        int
	MaxSubmission int64 // the newest submission's row id
	MaxSession    int64
	Submissions   int64 // with id <= MaxSubmission (or the limit given)
	Answers       int64 // of those submissions
	Texts         int64
	Sessions      int64 // with id <= MaxSession (or the limit given)
	Newest        NewestSubmission
	Published     map[int64]PublishedDigest // by session id
}

// NewestSubmission identifies a submission without reading out what the
// child said: its ids, day, and a digest of its coded answers.
type NewestSubmission struct {
	ID, SessionID int64
	UID, Day      string
	Answers       int
	Digest        string // SHA-256 of its (item, code) pairs in item order
}

// PublishedDigest is a group's published results as stored.
type PublishedDigest struct {
	Count       int
	PublishedAt string
	Digest      string // SHA-256 of the results as stored
}

// Inspect reads a Summary of the database file at path, opened read-only.
// upToSubmission and upToSession limit the counts to rows at or below
// those ids (0: all rows), so a live file can be compared with an older
// copy of itself.
func Inspect(ctx context.Context, path string, upToSubmission, upToSession int64) (*Summary, error) {
	db, err := openReadOnly(path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	// One read transaction: every number comes from the same snapshot.
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: inspect %s: %w", path, err)
	}
	defer tx.Rollback()
	s := &Summary{Published: map[int64]PublishedDigest{}}
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&s.Schema); err != nil {
		return nil, fmt.Errorf("store: inspect %s: %w", path, err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM submissions").Scan(&s.MaxSubmission); err != nil {
		return nil, fmt.Errorf("store: inspect %s: %w", path, err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM sessions").Scan(&s.MaxSession); err != nil {
		return nil, fmt.Errorf("store: inspect %s: %w", path, err)
	}
	subs, sess := upToSubmission, upToSession
	if subs <= 0 {
		subs = s.MaxSubmission
	}
	if sess <= 0 {
		sess = s.MaxSession
	}
	for _, q := range []struct {
		dst *int64
		sql string
		arg int64
	}{
		{&s.Submissions, "SELECT count(*) FROM submissions WHERE id <= ?", subs},
		{&s.Answers, "SELECT count(*) FROM answers WHERE submission_id <= ?", subs},
		{&s.Texts, "SELECT count(*) FROM texts WHERE submission_id <= ?", subs},
		{&s.Sessions, "SELECT count(*) FROM sessions WHERE id <= ?", sess},
	} {
		if err := tx.QueryRowContext(ctx, q.sql, q.arg).Scan(q.dst); err != nil {
			return nil, fmt.Errorf("store: inspect %s: %w", path, err)
		}
	}
	if s.Newest, err = newest(ctx, tx, subs); err != nil {
		return nil, fmt.Errorf("store: inspect %s: %w", path, err)
	}
	rows, err := tx.QueryContext(ctx, "SELECT session_id, count, published_at, results FROM published_results")
	if err != nil {
		return nil, fmt.Errorf("store: inspect %s: %w", path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var p PublishedDigest
		var blob []byte
		if err := rows.Scan(&id, &p.Count, &p.PublishedAt, &blob); err != nil {
			return nil, fmt.Errorf("store: inspect %s: %w", path, err)
		}
		sum := sha256.Sum256(blob)
		p.Digest = hex.EncodeToString(sum[:])
		s.Published[id] = p
	}
	return s, rows.Err()
}

// newest describes the submission with row id id (none when 0).
func newest(ctx context.Context, tx *sql.Tx, id int64) (NewestSubmission, error) {
	n := NewestSubmission{ID: id}
	if id == 0 {
		return n, nil
	}
	var uid []byte
	err := tx.QueryRowContext(ctx, "SELECT uid, session_id, day FROM submissions WHERE id = ?", id).Scan(&uid, &n.SessionID, &n.Day)
	if errors.Is(err, sql.ErrNoRows) {
		return NewestSubmission{}, nil
	}
	if err != nil {
		return n, err
	}
	n.UID = hex.EncodeToString(uid)
	rows, err := tx.QueryContext(ctx, "SELECT item_id, code FROM answers WHERE submission_id = ? ORDER BY item_id", id)
	if err != nil {
		return n, err
	}
	defer rows.Close()
	h := sha256.New()
	for rows.Next() {
		var item, code int64
		if err := rows.Scan(&item, &code); err != nil {
			return n, err
		}
		fmt.Fprintf(h, "%d:%d;", item, code)
		n.Answers++
	}
	n.Digest = hex.EncodeToString(h.Sum(nil))
	return n, rows.Err()
}

// CheckFile runs SQLite's full integrity check and the foreign key check
// on the database file at path, opened read-only, and returns what they
// found (nothing when the file is sound).
func CheckFile(ctx context.Context, path string) ([]string, error) {
	db, err := openReadOnly(path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var problems []string
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return []string{"integrity check: " + err.Error()}, nil
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return append(problems, "integrity check: "+err.Error()), nil
		}
		if line != "ok" {
			problems = append(problems, "integrity check: "+line)
		}
	}
	if err := rows.Close(); err != nil || rows.Err() != nil {
		return append(problems, fmt.Sprintf("integrity check: %v", errors.Join(err, rows.Err()))), nil
	}
	fk, err := db.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return append(problems, "foreign key check: "+err.Error()), nil
	}
	defer fk.Close()
	for fk.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var idx int
		if err := fk.Scan(&table, &rowid, &parent, &idx); err != nil {
			return append(problems, "foreign key check: "+err.Error()), nil
		}
		problems = append(problems, fmt.Sprintf("foreign key check: a row of %s points to a missing row of %s", table, parent))
		if len(problems) > 20 {
			break
		}
	}
	return problems, nil
}

// Alive checks that the database answers a reader and that the writer's
// connection is free to take the write lock: what the systemd watchdog
// waits for before it says the server is alive. It writes nothing.
func (s *Store) Alive(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return fmt.Errorf("store: reader: %w", err)
	}
	tx, err := s.w.BeginTx(ctx, nil) // BEGIN IMMEDIATE: takes the write lock
	if err != nil {
		return fmt.Errorf("store: writer: %w", err)
	}
	return tx.Rollback()
}

// CountMissing opens the database file at path read-only and counts the
// submission ids it does not hold: acknowledged but lost, for a soak or a
// restore that must have every one.
func CountMissing(ctx context.Context, path string, uids [][16]byte) (int, error) {
	db, err := openReadOnly(path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	st, err := db.PrepareContext(ctx, "SELECT count(*) FROM submissions WHERE uid = ?")
	if err != nil {
		return 0, fmt.Errorf("store: %s: %w", path, err)
	}
	defer st.Close()
	missing := 0
	for _, uid := range uids {
		var n int
		if err := st.QueryRowContext(ctx, uid[:]).Scan(&n); err != nil {
			return 0, fmt.Errorf("store: %s: %w", path, err)
		}
		if n == 0 {
			missing++
		}
	}
	return missing, nil
}
