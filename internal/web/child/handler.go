// Package child is everything under a child's session code: the
// questionnaire page and its decoders, the submission (form and the
// offline queue's JSON), the thank-you and goodbye pages, the vote on the
// group's topics, "do you feel heard?", help, and the group's results and
// the adults' answer as children read them. A shared tablet keeps
// nothing: no cookie is read or set here.
package child

import (
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// Wrong session codes a client address may try: a class behind one school
// router types a code wrong now and then, a guesser hundreds of times. 30
// at once, then one a minute; while the bucket is empty even a right code
// waits, so a guesser learns nothing.
const (
	wrongCodesPerMinute = 1
	wrongCodesBurst     = 30
)

// Handler serves the child's routes.
type Handler struct {
	*httpkit.Kit
	perSession     *httpkit.Limiter // submissions per session code
	wrongCodes     *httpkit.Limiter // wrong session codes per client address
	perAddressTaps *httpkit.Limiter // votes and felt-heard faces per client address
	sessionCache
}

// New makes the child's handlers on the shared kit.
func New(k *httpkit.Kit) *Handler {
	rate := k.Config.SessionRate
	return &Handler{Kit: k, perSession: httpkit.NewLimiter(rate, max(100, rate/4)),
		wrongCodes: httpkit.NewLimiter(wrongCodesPerMinute, wrongCodesBurst), perAddressTaps: httpkit.NewLimiter(tapsPerMinute, tapsBurst)}
}
