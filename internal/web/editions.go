package web

import (
	"context"
	"errors"
	"time"

	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/edition"
)

// ErrNoIndex is returned when an edition is asked for before the
// indicator index is loaded.
var ErrNoIndex = errors.New("web: the indicator index is not loaded yet")

// PublishEdition computes, checks and publishes an edition in one step
// (the demo's first start, and tests), under the background policy:
// the same gate and checks as an analyst's edition.
func (a *App) PublishEdition(ctx context.Context, spec edition.Spec) (int, error) {
	ix := a.kit.Index()
	if ix == nil {
		return 0, ErrNoIndex
	}
	src := edition.Sources{Index: ix, Store: a.kit.Store, Catalog: a.kit.Catalog}
	return edition.PublishNow(ctx, src, a.kit.Shelf, spec, a.kit.Background())
}

// PublishDemoEditions publishes the demo's two public editions, of the
// half-year before the first start and of the current one, once the
// index is loaded: a newcomer sees the public monitor with a trend, and
// the checks across editions run on first start.
func (a *App) PublishDemoEditions(ctx context.Context) error {
	due, err := demo.EditionsDue(ctx, a.kit.Store)
	if err != nil || !due {
		return err
	}
	now := a.kit.Store.Now()
	src := edition.Sources{Index: a.kit.Index(), Store: a.kit.Store, Catalog: a.kit.Catalog}
	for _, at := range []time.Time{now.AddDate(0, -6, 0), now} {
		from, to := edition.HalfYear(at)
		spec := edition.DefaultSpec(src, "Kinderrechtenmonitor (demo) "+from+" – "+to, from, to)
		if _, err := a.PublishEdition(ctx, spec); err != nil {
			return err
		}
	}
	return demo.EditionsDone(ctx, a.kit.Store)
}
