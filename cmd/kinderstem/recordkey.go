package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/store"
)

// recordKey returns the record secret every published count's noise is
// made with, after checking that the database's figures were made with
// it (store.BindRecordKey). A database restored without its key file
// would otherwise get a new secret silently: the same question would get
// other noise, and the two copies could be averaged. newEpoch starts a new
// noise epoch on purpose (serve --new-noise-epoch). A key file that lacks
// the record secret of a database that has one gets none made: refusing
// leaves the key file as it was.
func recordKey(ctx context.Context, st *store.Store, ks *keys.Keys, db string, newEpoch bool, stdout io.Writer) ([]byte, error) {
	if !ks.Has(keys.Record) && !newEpoch {
		cur, found, err := st.CurrentNoiseEpoch(ctx)
		if err != nil {
			return nil, err
		}
		if found {
			return nil, foreignKeyFile(db, ks.Path(), cur, "")
		}
	}
	rk, err := ks.Secret(keys.Record)
	if err != nil {
		return nil, err
	}
	fp := keys.Fingerprint(rk)
	epoch, err := st.BindRecordKey(ctx, fp, newEpoch)
	if mismatch, ok := errors.AsType[*store.RecordKeyMismatch](err); ok {
		return nil, foreignKeyFile(db, ks.Path(), mismatch.Epoch, fp)
	}
	if errors.Is(err, store.ErrNoEpochToStart) {
		return nil, usageError{fmt.Sprintf("--new-noise-epoch: the record secret in %s (%s) is this database's own, so there is no new noise epoch to start; start without the flag", ks.Path(), fp)}
	}
	if err != nil {
		return nil, err
	}
	if newEpoch {
		fmt.Fprintf(stdout, "Started noise epoch %d with the record secret %s of %s. Published group results are unchanged; every other figure gets new noise. Written to the audit log. Leave out --new-noise-epoch from now on.\n",
			epoch.Epoch, fp, ks.Path())
	}
	return rk, nil
}

// foreignKeyFile says why a database is not started with this key file,
// and the two ways on.
func foreignKeyFile(db, keyFile string, cur store.NoiseEpoch, offered string) error {
	has := "has no record secret"
	if offered != "" {
		has = "has the record secret " + offered
	}
	return fmt.Errorf(`the figures of %s were made with another record secret than the one in %s.
  the database: noise epoch %d, record secret %s (since %s)
  the key file: %s
With another secret the same question gets other noise, and two copies of the figures could be averaged
to take the noise away. Either:
  - bring back the key file that belongs to this database (the %s kept with its backup) to %s,
    or name it with --keys FILE; or
  - if that key file is lost for good, start a new noise epoch once:
      kinderstem serve --db %s --new-noise-epoch
    Published group results stay as they are; every other figure gets new noise; the audit log records it.
See docs/running.md, "Keys and restore"`,
		db, keyFile, cur.Epoch, cur.Fingerprint, cur.StartedAt.Format("2006-01-02"), has, keys.PathFor(db), keyFile, db)
}
