package release

import (
	"errors"
	"fmt"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// msgBaseTooSmall is the message a refused selection answers with, in
// every language; the API and the exports carry it as the code
// "base_too_small".
const msgBaseTooSmall = "error.base_too_small"

// CheckBase refuses a selection of fewer than MinBase children whole
// (tables count it after perturbation, microdata in rows): a table of so
// few leaves too little between its cells for differencing to hide in,
// and a file of so few rows is a list of children.
func (p Policy) CheckBase(n int) error {
	if n >= p.MinBase() {
		return nil
	}
	return fault.Field("filter", msgBaseTooSmall, fmt.Sprintf("fewer than %d children in the selection", p.MinBase()))
}

// BaseTooSmall reports whether err refused a selection for resting on
// fewer children than the minimum base.
func BaseTooSmall(err error) bool {
	var f *fault.Error
	return errors.As(err, &f) && (f.Message == msgBaseTooSmall || f.Message == msgBackgroundBase)
}
