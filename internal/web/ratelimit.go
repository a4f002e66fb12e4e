package web

import (
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// limiter keeps one token bucket per key, in memory only: a client address
// is used to count and never stored or logged.
type limiter struct {
	rate  rate.Limit
	burst int

	mu      sync.Mutex
	buckets map[string]*bucket
	sweep   time.Time
}

type bucket struct {
	l    *rate.Limiter
	seen time.Time
}

// maxBuckets bounds the memory a flood of addresses can take.
const maxBuckets = 50_000

func newLimiter(perMinute, burst int) *limiter {
	return &limiter{rate: rate.Limit(float64(perMinute) / 60), burst: burst, buckets: map[string]*bucket{}}
}

// allow takes a token for key, or says how long to wait for one.
func (l *limiter) allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.sweep) > time.Minute || len(l.buckets) >= maxBuckets {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > 10*time.Minute || len(l.buckets) >= maxBuckets {
				delete(l.buckets, k)
			}
		}
		l.sweep = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{l: rate.NewLimiter(l.rate, l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	r := b.l.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// exhausted reports whether key has no token left, and how long until it
// has one, without taking one.
func (l *limiter) exhausted(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		return false, 0
	}
	if t := b.l.TokensAt(now); t < 1 {
		return true, time.Duration((1 - t) / float64(l.rate) * float64(time.Second))
	}
	return false, 0
}

// limitSubmissions caps submissions per client address and per session
// code. A class on one school network sends a few dozen at once, and a
// tablet back online flushes its queue: the bursts allow for both.
func (a *App) limitSubmissions(c *gin.Context) {
	now := time.Now()
	for _, check := range []struct {
		l   *limiter
		key string
	}{{a.perClient, c.ClientIP()}, {a.perSession, codeOf(c)}} {
		if ok, wait := check.l.allow(check.key, now); !ok {
			c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			a.fail(c, fault.New(fault.TooMany, "error.too_many", "too many submissions; try again later"))
			return
		}
	}
	c.Next()
}
