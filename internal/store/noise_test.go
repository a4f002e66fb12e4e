package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

// A database takes the first record secret it is started with and refuses
// any other, until a new noise epoch is started on purpose; a new epoch
// with the database's own secret, or on a database with none, is refused
// too, so the flag cannot be left on.
func TestBindRecordKey(t *testing.T) {
	t.Parallel()
	const own, other, third = "00112233aabbccdd", "ffeeddcc00112233", "0123456789abcdef"
	type step struct {
		fingerprint string
		newEpoch    bool
		epoch       int    // the epoch bound, when accepted
		err         string // "mismatch", "nothing to start" or ""
	}
	for _, c := range []struct {
		name  string
		steps []step
	}{
		{"the first secret is the database's own", []step{
			{own, false, 1, ""}, {own, false, 1, ""},
		}},
		{"another secret is refused", []step{
			{own, false, 1, ""}, {other, false, 0, "mismatch"}, {own, false, 1, ""},
		}},
		{"a new epoch on purpose, then that secret is the own", []step{
			{own, false, 1, ""}, {other, true, 2, ""}, {other, false, 2, ""}, {own, false, 0, "mismatch"}, {third, true, 3, ""},
		}},
		{"no new epoch with the database's own secret", []step{
			{own, false, 1, ""}, {own, true, 0, "nothing to start"},
		}},
		{"no new epoch on a database without one", []step{
			{own, true, 0, "nothing to start"}, {own, false, 1, ""},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, _ := testkit.OpenStore(t, store.Options{})
			ctx := context.Background()
			for i, st := range c.steps {
				e, err := s.BindRecordKey(ctx, st.fingerprint, st.newEpoch)
				var mismatch *store.RecordKeyMismatch
				got := ""
				switch {
				case errors.As(err, &mismatch):
					got = "mismatch"
				case errors.Is(err, store.ErrNoEpochToStart):
					got = "nothing to start"
				case err != nil:
					t.Fatalf("step %d: %v", i, err)
				}
				if got != st.err || (err == nil && (e.Epoch != st.epoch || e.Fingerprint != st.fingerprint)) {
					t.Fatalf("step %d (%s, new epoch %v): epoch %+v, %q; want epoch %d, %q", i, st.fingerprint, st.newEpoch, e, got, st.epoch, st.err)
				}
			}
		})
	}
}

// A new epoch is written to the audit log with both fingerprints.
func TestNewNoiseEpochIsAudited(t *testing.T) {
	t.Parallel()
	s, _ := testkit.OpenStore(t, store.Options{})
	ctx := context.Background()
	s.BindRecordKey(ctx, "00112233aabbccdd", false)
	if _, err := s.BindRecordKey(ctx, "ffeeddcc00112233", true); err != nil {
		t.Fatal(err)
	}
	log, err := s.AuditLog(ctx, 0, 10)
	if err != nil || len(log) != 1 || log[0].Action != "noise_epoch" || log[0].Target != "epoch 2" {
		t.Fatalf("audit log %+v, %v; want one noise_epoch entry", log, err)
	}
	epochs, _ := s.NoiseEpochs(ctx)
	if len(epochs) != 2 || epochs[1].Reason != "new epoch" {
		t.Fatalf("epochs %+v", epochs)
	}
}
