package decision_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"
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
