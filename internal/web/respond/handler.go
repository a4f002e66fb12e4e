// Package respond is the professionals' surface: staff of organisations
// answer a survey by invitation link (/i/, one response per link) and come
// back through the personal link made at the first save (/r/) until the
// round closes. Neither sets a cookie: nothing on the device says it
// answered.
package respond

import (
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// One professional saves a form now and then; a link that saves more
// often than this is a script. The burst allows a few quick corrections.
const (
	linkSavesPerMinute = 30
	linkSavesBurst     = 10
)

// Handler serves the professionals' routes.
type Handler struct {
	*httpkit.Kit
	perLink *httpkit.Limiter // saves per invitation or personal link
}

// New makes the professionals' handlers on the shared kit.
func New(k *httpkit.Kit) *Handler {
	return &Handler{Kit: k, perLink: httpkit.NewLimiter(linkSavesPerMinute, linkSavesBurst)}
}
