package decision_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/decision"
)

// The server's erasure loop erases what is due at once and then again at
// every tick: a request that becomes due while the server runs is erased
// without a restart.
func TestEraseEveryKeepsErasing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	first, _ := w.ask()
	w.clock.Add((365 + 1) * 24 * time.Hour) // past the backstop, untouched
	second, _ := w.ask()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.svc.EraseEvery(ctx, 5*time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	erased := func(id int64) bool {
		r, err := w.st.VoiceRequest(context.Background(), id)
		return err == nil && r.Erased
	}
	wait := func(id int64) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !erased(id); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("request %d is not erased", id)
			}
		}
	}
	wait(first)
	if erased(second) {
		t.Fatal("a fresh request was erased")
	}
	w.clock.Add((365 + 1) * 24 * time.Hour)
	wait(second)
	cancel()
	<-done
}

// One request that cannot be erased (here a trigger refuses it, as a
// damaged page or a constraint would) does not stop the pass: the others
// due are erased, the failure is logged and audited, the service reports
// it for the operator's metrics, and the next pass erases it once the
// cause is gone.
func TestEraseDueGoesOnPastAFailure(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	stuck, _ := w.ask()
	others := []int64{}
	for range 2 {
		id, _ := w.ask()
		others = append(others, id)
	}
	w.clock.Add((365 + 1) * 24 * time.Hour) // past the backstop, untouched
	db, err := sql.Open("sqlite3", "file:"+w.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, fmt.Sprintf(`CREATE TRIGGER stuck BEFORE UPDATE ON voice_requests WHEN OLD.id = %d
		BEGIN SELECT RAISE(ABORT, 'stuck'); END`, stuck)); err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	n, err := w.svc.EraseDue(ctx, slog.New(slog.NewTextHandler(&logged, nil)))
	erased := func(id int64) bool {
		r, err := w.st.VoiceRequest(ctx, id)
		return err == nil && r.Erased
	}
	for _, id := range others {
		if !erased(id) {
			t.Errorf("request %d was not erased after the stuck one failed", id)
		}
	}
	var failed *decision.EraseFailed
	if !errors.As(err, &failed) || len(failed.IDs) != 1 || failed.IDs[0] != stuck {
		t.Fatalf("EraseDue: %v, want the one stuck request named", err)
	}
	if n != len(others) {
		t.Fatalf("erased %d, want the %d others", n, len(others))
	}
	if !strings.Contains(logged.String(), fmt.Sprintf("request=%d", stuck)) {
		t.Errorf("the failure is not in the log: %q", logged.String())
	}
	if a, _ := w.st.AuditFor(ctx, "voice_erase_failed", fmt.Sprintf("voice request %d", stuck), 10); len(a) != 1 {
		t.Errorf("the failure is in the audit log %d times, want once", len(a))
	}
	if last := w.svc.LastErasure(); last.Failed != 1 || last.Erased != len(others) || last.At.IsZero() {
		t.Errorf("last pass: %+v, want 1 failed and %d erased", last, len(others))
	}
	// The next pass tries it again.
	if _, err := db.ExecContext(ctx, `DROP TRIGGER stuck`); err != nil {
		t.Fatal(err)
	}
	if n, err := w.svc.EraseDue(ctx, nil); err != nil || n != 1 || !erased(stuck) {
		t.Fatalf("the next pass: erased %d, %v", n, err)
	}
	if last := w.svc.LastErasure(); last.Failed != 0 {
		t.Errorf("last pass after the retry: %+v", last)
	}
}
