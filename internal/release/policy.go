// Package release holds the rules every number derived from children's or
// professionals' answers obeys before it leaves the server: the disclosure
// threshold k and the minimum base a table may rest on, in one place.
package release

import "fmt"

const (
	// MinK is the smallest disclosure threshold ever used, whatever the
	// configuration says: a group of fewer than five is never shown.
	MinK = 5
	// DefaultK is the disclosure threshold unless configured otherwise.
	DefaultK = 10
	// DefaultMinBase is the smallest selection an analyst's table is made
	// of unless configured otherwise: a table of fewer children leaves too
	// little between its cells for differencing to hide in.
	DefaultMinBase = 50
)

// Policy is the pair of numbers every release applies: cells of fewer
// than K respondents are hidden, and a table resting on fewer than
// MinBase children is refused. A Policy can only be made valid (NewPolicy
// refuses anything below MinK), so no caller ever clamps; the zero Policy
// is the default one.
type Policy struct {
	k, minBase int
}

// NewPolicy checks a configured k and minimum base; zero means the
// default. Anything below MinK is refused rather than raised, so a
// misconfiguration is seen at start-up, not hidden.
func NewPolicy(k, minBase int) (Policy, error) {
	if k != 0 && k < MinK {
		return Policy{}, fmt.Errorf("release: k = %d: small groups must be hidden below at least %d", k, MinK)
	}
	if minBase != 0 && minBase < MinK {
		return Policy{}, fmt.Errorf("release: minimum base = %d: at least %d", minBase, MinK)
	}
	return Policy{k: k, minBase: minBase}, nil
}

// MustPolicy is NewPolicy for values known to be valid (constants, tests).
func MustPolicy(k, minBase int) Policy {
	p, err := NewPolicy(k, minBase)
	if err != nil {
		panic(err)
	}
	return p
}

// K is the disclosure threshold: never below MinK.
func (p Policy) K() int {
	if p.k == 0 {
		return DefaultK
	}
	return p.k
}

// MinBase is the fewest children a table may rest on: never below MinK.
func (p Policy) MinBase() int {
	if p.minBase == 0 {
		return DefaultMinBase
	}
	return p.minBase
}
