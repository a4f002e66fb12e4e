// Package release is the gate every number derived from children's or
// professionals' answers passes before it leaves the server: the
// disclosure threshold k and the minimum base a table may rest on, cell
// key perturbation with the record secret, and an observer that learns
// which releases a request made. Every function that releases such
// numbers takes a Policy and calls Note first, so the web layer (and the
// attack table test) knows which routes release.
package release

import (
	"errors"
	"fmt"
)

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
	bgBase     int               // WithBackgroundBase; 0: twice minBase
	secret     []byte            // the record secret (WithSecret); never in the database
	observe    func(what string) // WithObserver; nil: nobody listens
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

// WithSecret returns the policy with the record secret the cell keys of
// counts kept without records are made from (Keys.Row): the key file's
// "record" secret, the one the indicator index makes record keys from.
func (p Policy) WithSecret(secret []byte) Policy {
	p.secret = append([]byte(nil), secret...)
	return p
}

// ErrNoSecret is returned by a release that perturbs counts when its
// policy carries no record secret.
var ErrNoSecret = errors.New("release: no record secret for the cell keys")

// Keys makes cell keys under the policy's record secret.
func (p Policy) Keys() (*Keys, error) {
	if len(p.secret) == 0 {
		return nil, ErrNoSecret
	}
	return NewKeys(p.secret), nil
}

// WithObserver returns the policy with a function told of every release
// made under it (Note).
func (p Policy) WithObserver(f func(what string)) Policy {
	p.observe = f
	return p
}

// What names a kind of release, for the observer.
type What = string

// The kinds of release, one for each function that lets numbers out.
const (
	Table        What = "indicator table"         // indicator.Compute: shares, means, indices, weights, differences
	GroupItems   What = "group results"           // a session's results, computed to be published
	Published    What = "published group results" // the frozen copy shown again
	RoundResults What = "round results"           // a closed invitation round
	Pools        What = "pools"                   // the professionals' indicators over rounds
	Process      What = "process indicators"      // the participation loop's figures
	Registration What = "registration figures"    // administrative figures by area
	Microdata    What = "microdata"               // one row per submission, protected
	Votes        What = "votes"                   // the children's votes on their topics
	FeltHeard    What = "felt heard"              // "do you feel heard?" counts
	Edition      What = "public edition"          // an edition's cells, computed once to be published
	EditionShown What = "published edition"       // an edition's frozen cells shown again
	Voice        What = "voice process figures"   // decisions about one child: heard or not, explained how fast, felt heard
	Topics       What = "topic counts"            // the children's topics by theme, age band and province
	Model        What = "design-based model"      // a regression of an indicator on breakdowns (internal/model)
)

// Note tells the observer that numbers of kind what are about to leave
// under this policy. Every release calls it first, before any refusal, so
// a route that could release is known even when it refuses.
func (p Policy) Note(what What) {
	if p.observe != nil {
		p.observe(what)
	}
}
