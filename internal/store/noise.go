package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// NoiseEpoch is a span in which every figure was made with one record
// secret: its fingerprint (keys.Fingerprint), when it began and why.
type NoiseEpoch struct {
	Epoch       int
	Fingerprint string
	StartedAt   time.Time
	Reason      string // "first start" or "new epoch"
}

// RecordKeyMismatch is the refusal to start on a database whose figures
// were made with another record secret than the key file's.
type RecordKeyMismatch struct {
	Epoch   NoiseEpoch // the database's current epoch
	KeyFile string     // the fingerprint of the secret offered
}

func (e *RecordKeyMismatch) Error() string {
	return fmt.Sprintf("store: the database's figures were made with the record secret %s (noise epoch %d), not with %s",
		e.Epoch.Fingerprint, e.Epoch.Epoch, e.KeyFile)
}

// ErrNoEpochToStart refuses a new noise epoch when the record secret
// offered is already the database's: a new epoch is for a secret lost for
// good, never a setting to leave on.
var ErrNoEpochToStart = errors.New("store: the key file's record secret is this database's own: there is no new noise epoch to start")

// BindRecordKey ties the database to the record secret with this
// fingerprint. A database without one (new, or made before fingerprints
// were kept) takes it as its first epoch. A database whose current epoch
// has another fingerprint is refused with a *RecordKeyMismatch, unless
// newEpoch is set: then a new epoch begins with this secret, written to
// the audit log in the same transaction. Published group results are
// stored as they were published and stay the same in any epoch.
func (s *Store) BindRecordKey(ctx context.Context, fingerprint string, newEpoch bool) (NoiseEpoch, error) {
	var out NoiseEpoch
	err := s.write(ctx, func(tx *sql.Tx) error {
		cur, found, err := currentEpoch(ctx, tx)
		if err != nil {
			return err
		}
		if !found || cur.Fingerprint == fingerprint {
			switch {
			case newEpoch:
				return ErrNoEpochToStart
			case found:
				out = cur
				return nil
			}
			out = NoiseEpoch{Epoch: 1, Fingerprint: fingerprint, StartedAt: s.now().UTC().Truncate(time.Second), Reason: "first start"}
			return insertEpoch(ctx, tx, out)
		}
		if !newEpoch {
			return &RecordKeyMismatch{Epoch: cur, KeyFile: fingerprint}
		}
		out = NoiseEpoch{Epoch: cur.Epoch + 1, Fingerprint: fingerprint, StartedAt: s.now().UTC().Truncate(time.Second), Reason: "new epoch"}
		if err := insertEpoch(ctx, tx, out); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO audit (at, action, target, detail) VALUES (?, 'noise_epoch', ?, ?)`,
			timestamp(out.StartedAt), fmt.Sprintf("epoch %d", out.Epoch),
			fmt.Sprintf("record secret %s replaces %s (epoch %d), started with --new-noise-epoch; published group results unchanged",
				fingerprint, cur.Fingerprint, cur.Epoch))
		return err
	})
	var mismatch *RecordKeyMismatch
	if errors.As(err, &mismatch) || errors.Is(err, ErrNoEpochToStart) {
		return out, err
	}
	if err != nil {
		return out, fmt.Errorf("store: bind record key: %w", err)
	}
	return out, nil
}

// NoiseEpochs lists every epoch, the first first.
func (s *Store) NoiseEpochs(ctx context.Context) ([]NoiseEpoch, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT epoch, fingerprint, started_at, reason FROM noise_epochs ORDER BY epoch`)
	if err != nil {
		return nil, fmt.Errorf("store: noise epochs: %w", err)
	}
	defer rows.Close()
	var out []NoiseEpoch
	for rows.Next() {
		var e NoiseEpoch
		var started string
		if err := rows.Scan(&e.Epoch, &e.Fingerprint, &started, &e.Reason); err != nil {
			return nil, fmt.Errorf("store: noise epochs: %w", err)
		}
		e.StartedAt = parseTime(started)
		out = append(out, e)
	}
	return out, rows.Err()
}

// CurrentNoiseEpoch is the epoch the database's figures are made in now,
// and whether there is one yet.
func (s *Store) CurrentNoiseEpoch(ctx context.Context) (NoiseEpoch, bool, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return NoiseEpoch{}, false, fmt.Errorf("store: noise epoch: %w", err)
	}
	defer tx.Rollback()
	return currentEpoch(ctx, tx)
}

func currentEpoch(ctx context.Context, tx *sql.Tx) (NoiseEpoch, bool, error) {
	var e NoiseEpoch
	var started string
	err := tx.QueryRowContext(ctx, `SELECT epoch, fingerprint, started_at, reason FROM noise_epochs ORDER BY epoch DESC LIMIT 1`).
		Scan(&e.Epoch, &e.Fingerprint, &started, &e.Reason)
	if errors.Is(err, sql.ErrNoRows) {
		return e, false, nil
	}
	if err != nil {
		return e, false, fmt.Errorf("store: noise epoch: %w", err)
	}
	e.StartedAt = parseTime(started)
	return e, true, nil
}

func insertEpoch(ctx context.Context, tx *sql.Tx, e NoiseEpoch) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO noise_epochs (epoch, fingerprint, started_at, reason) VALUES (?, ?, ?, ?)`,
		e.Epoch, e.Fingerprint, timestamp(e.StartedAt), e.Reason)
	return err
}
