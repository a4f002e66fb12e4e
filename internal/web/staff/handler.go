// Package staff is the logged-in staff's surface: login and account; the
// youth workers' sessions, group results, ideas and answers to children
// (worker_*); the analysts' indicators, exports, rounds and process
// indicators (analyst_*); the admins' users, organisations, tokens,
// registration imports and backups (admin_*).
package staff

import (
	"runtime"

	"github.com/kinderstem/kinderstem/internal/auth"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// Handler serves the staff routes.
type Handler struct {
	*httpkit.Kit
	throttle *auth.Throttle
	gate     *auth.Gate // one slot per core for argon2id work, one at a time per address
}

// New makes the staff handlers on the shared kit.
func New(k *httpkit.Kit) *Handler {
	h := &Handler{Kit: k, throttle: auth.NewThrottle(), gate: auth.NewGate(runtime.NumCPU())}
	h.throttle.Now = k.Store.Now
	return h
}
