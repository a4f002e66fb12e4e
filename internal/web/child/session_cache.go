package child

import (
	"context"
	"sync"
	"time"

	"github.com/kinderstem/kinderstem/internal/store"
)

// sessionCache remembers sessions by code for the submission path, where
// a busy session is looked up for every child. Only what never changes is
// used from it (survey version, band, setting); whether the session is
// open is checked by the store inside the transaction that stores.
type sessionCache struct {
	mu      sync.RWMutex
	entries map[string]cachedSession
}

type cachedSession struct {
	sess    *store.Session
	fetched time.Time
}

const (
	sessionCacheTTL  = time.Minute
	sessionCacheSize = 10_000
)

func (h *Handler) cachedSession(ctx context.Context, code string) (*store.Session, error) {
	now := time.Now()
	h.sessionCache.mu.RLock()
	e, ok := h.sessionCache.entries[code]
	h.sessionCache.mu.RUnlock()
	if ok && now.Sub(e.fetched) < sessionCacheTTL {
		return e.sess, nil
	}
	sess, err := h.Store.SessionByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	h.sessionCache.mu.Lock()
	if h.sessionCache.entries == nil || len(h.sessionCache.entries) >= sessionCacheSize {
		h.sessionCache.entries = map[string]cachedSession{}
	}
	h.sessionCache.entries[code] = cachedSession{sess: sess, fetched: now}
	h.sessionCache.mu.Unlock()
	return sess, nil
}
