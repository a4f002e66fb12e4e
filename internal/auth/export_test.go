package auth

// NewThrottleMax is a throttle that holds at most max keys, to test what
// happens when it is full.
func NewThrottleMax(max int) *Throttle { return newThrottle(max) }

// Has reports whether the throttle holds the key.
func (t *Throttle) Has(name string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.entries[name] != nil
}
