// Package api is the JSON API for scripts under /api/v1: indicators
// (children's surveys, professionals' pools, registration figures),
// a closed round's results and the process indicators, for a staff
// session or an API token. Hidden cells carry no numbers.
package api

import (
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// Handler serves the API's routes.
type Handler struct {
	*httpkit.Kit
}

// New makes the API's handlers on the shared kit.
func New(k *httpkit.Kit) *Handler { return &Handler{Kit: k} }
