package web

import (
	"context"
	"errors"

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
