package public

import (
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/edition"
)

// maxCached bounds the pages kept: far more than an installation's pages
// in every language, so only a flood of distinct addresses stops adding.
const maxCached = 20000

// pageCache keeps the bodies of the monitor's pages and files as made
// from the published editions: those never change, so a page is made once
// per set of editions. A new edition (or a raised k, which shows the
// editions anew) is a different set, and empties it.
type pageCache struct {
	mu     sync.Mutex
	newest *edition.Published // the set's current edition, as the shelf gave it
	bodies map[string][]byte  // by path
}

// cached answers a page or file from the cache, making it with make on a
// miss. A preview, the static site's build and live-edited templates are
// made every time: they are not the published set as the public sees it.
func (h *Handler) cached(c *gin.Context, site *edition.Site, make func() ([]byte, error)) ([]byte, error) {
	_, building := buildOf(c.Request.Context())
	newest := site.Current()
	if site.Preview || building || h.Config.LiveAssets || newest == nil {
		return make()
	}
	key := c.Request.URL.Path
	pc := &h.pages
	pc.mu.Lock()
	if pc.newest != newest {
		pc.newest, pc.bodies = newest, map[string][]byte{}
	}
	body, ok := pc.bodies[key]
	pc.mu.Unlock()
	if ok {
		return body, nil
	}
	body, err := make()
	if err != nil {
		return nil, err
	}
	pc.mu.Lock()
	if pc.newest == newest && len(pc.bodies) < maxCached {
		pc.bodies[key] = body
	}
	pc.mu.Unlock()
	return body, nil
}
