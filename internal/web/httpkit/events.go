package httpkit

// Events hears what the operator's metrics count and no request may
// label: which rate limit refused, how a staff login ended. Each value is
// one of a few names, never anything from the request.
type Events interface {
	// RateLimited is a 429 from a limit: client, session, code,
	// respondent or login.
	RateLimited(limit string)
	// Login is a staff login's outcome: ok, failed, throttled, busy or
	// locked.
	Login(outcome string)
}

// noEvents is the Events of a server without metrics.
type noEvents struct{}

func (noEvents) RateLimited(string) {}
func (noEvents) Login(string)       {}
