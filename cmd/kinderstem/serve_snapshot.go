package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/store"
)

// snapshotEvery is how often the index's snapshot is written again when
// answers came in since: a restart then reads at most this much from the
// database. It is also written when the server stops.
const snapshotEvery = 10 * time.Minute

// keepSnapshot writes the index's snapshot every snapshotEvery while
// answers come in, and once more when ctx ends, until then.
func keepSnapshot(ctx context.Context, ix *indicator.Index, st *store.Store, path string, log *slog.Logger) {
	saved := ix.Counted()
	save := func(ctx context.Context) {
		if n := ix.Counted(); n != saved {
			start := time.Now()
			if err := ix.SaveSnapshot(ctx, st, path); err != nil {
				log.Error("indicator index: snapshot not written", "err", err)
				return
			}
			saved = n
			log.Info("indicator index: snapshot written", "took", time.Since(start).Round(time.Millisecond))
		}
	}
	tick := time.NewTicker(snapshotEvery)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			save(ctx)
		case <-ctx.Done():
			save(context.WithoutCancel(ctx))
			return
		}
	}
}
