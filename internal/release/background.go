package release

import (
	"fmt"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// The background variables (who a child lives with, the languages at
// home, a long illness or disability, going without things) say more
// about a child and their family than age or gender, and the groups they
// make are small: a child in foster care in a class of twenty is often
// the only one. So a figure that uses one of them carries three more
// rules than any other:
//
//   - it rests on at least BackgroundBase children (twice the minimum
//     base unless configured), counted as CheckBase counts;
//   - it is never broken down or filtered by a municipality or an
//     organisation, where a background group is a handful of known
//     children;
//   - it uses at most one background variable, as breakdown or filter,
//     so two of them cannot be crossed (or one filtered in and out while
//     another is shown) to track one child.
//
// Background variables are not in the microdata at all.

// msgBackgroundBase, msgBackgroundPlace and msgBackgroundTwo are the
// messages the three refusals answer with, in every language.
const (
	msgBackgroundBase  = "error.background_base_too_small"
	msgBackgroundPlace = "error.background_place"
	msgBackgroundTwo   = "error.background_two"
)

// WithBackgroundBase returns the policy with the fewest children a figure
// using a background variable may rest on; 0 is twice MinBase. A value
// below MinBase is refused: the stronger rule may not be weaker.
func (p Policy) WithBackgroundBase(n int) (Policy, error) {
	if n != 0 && n < p.MinBase() {
		return Policy{}, fmt.Errorf("release: background base = %d: at least the minimum base, %d", n, p.MinBase())
	}
	p.bgBase = n
	return p, nil
}

// BackgroundBase is the fewest children a figure broken down or filtered
// by a background variable may rest on: twice MinBase unless configured.
func (p Policy) BackgroundBase() int {
	if p.bgBase == 0 {
		return 2 * p.MinBase()
	}
	return p.bgBase
}

// Use is what one figure does with the background variables and with
// places: the background variables it breaks down or filters by, and
// whether it breaks down or filters by municipality or organisation.
type Use struct {
	Background []string // "living", "deprivation", ... each once
	Place      string   // "region" or "organisation" when used; "" none
}

// CheckBackground refuses a figure that crosses or filters a background
// variable with a municipality or an organisation, or uses two of them.
// A figure without background variables passes whatever it does.
func (p Policy) CheckBackground(u Use) error {
	switch {
	case len(u.Background) == 0:
		return nil
	case len(u.Background) > 1:
		return fault.Field(u.Background[1], msgBackgroundTwo, "at most one background variable in a figure")
	case u.Place != "":
		return fault.Field(u.Place, msgBackgroundPlace, "a background variable is never used with a municipality or an organisation")
	}
	return nil
}

// CheckBackgroundBase is CheckBase for a figure that uses a background
// variable: n must reach BackgroundBase.
func (p Policy) CheckBackgroundBase(n int) error {
	if n >= p.BackgroundBase() {
		return nil
	}
	return fault.Field("filter", msgBackgroundBase, fmt.Sprintf("fewer than %d children in a selection by a background variable", p.BackgroundBase()))
}
