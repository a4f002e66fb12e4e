package loadtest

import (
	"errors"
	"fmt"
	"io"
	"net"
	"sort"
	"sync"
	"syscall"
	"time"
)

// Routes collects latencies and outcomes per route template, safe for
// concurrent use: what a soak reports per route.
type Routes struct {
	mu     sync.Mutex
	routes map[string]*routeStats
	kinds  map[string]int // requests without an answer, by why
}

// failureKind says why a request got no answer.
func failureKind(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.EPIPE):
		return "reset"
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, syscall.EADDRNOTAVAIL), errors.Is(err, syscall.EMFILE):
		return "client out of ports or files"
	}
	return "other"
}

type routeStats struct {
	latencies []time.Duration
	byStatus  map[int]int
	failures  int // no answer: the connection failed
}

// RouteReport is one route's figures.
type RouteReport struct {
	Route    string
	Requests int
	Failures int         // no answer (the server was down, a timeout)
	ByStatus map[int]int // answers by status
	P50, P99 time.Duration
}

// Errors are the answers of 500 and above: none should ever be given.
func (r RouteReport) Errors() int {
	n := 0
	for s, c := range r.ByStatus {
		if s >= 500 {
			n += c
		}
	}
	return n
}

func (r *Routes) observe(route string, status int, took time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.routes == nil {
		r.routes = map[string]*routeStats{}
	}
	s := r.routes[route]
	if s == nil {
		s = &routeStats{byStatus: map[int]int{}}
		r.routes[route] = s
	}
	if err != nil {
		s.failures++
		if r.kinds == nil {
			r.kinds = map[string]int{}
		}
		r.kinds[failureKind(err)]++
		return
	}
	s.byStatus[status]++
	s.latencies = append(s.latencies, took)
}

// Quantile is the p-quantile of latencies sorted in ascending order: the
// one at rank p·n (the largest for p = 1), or 0 when there are none.
func Quantile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

// Report returns every route's figures, by route.
func (r *Routes) Report() []RouteReport {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []RouteReport
	for name, s := range r.routes {
		lat := append([]time.Duration(nil), s.latencies...)
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		byStatus := map[int]int{}
		for k, v := range s.byStatus {
			byStatus[k] = v
		}
		out = append(out, RouteReport{Route: name, Requests: len(lat) + s.failures, Failures: s.failures, ByStatus: byStatus, P50: Quantile(lat, 0.5), P99: Quantile(lat, 0.99)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Route < out[j].Route })
	return out
}

// Print writes the routes' figures as a table.
func (r *Routes) Print(w io.Writer) {
	fmt.Fprintf(w, "%-46s %9s %8s %9s %9s  %s\n", "route", "requests", "no answer", "p50", "p99", "statuses")
	for _, rr := range r.Report() {
		codes := make([]int, 0, len(rr.ByStatus))
		for c := range rr.ByStatus {
			codes = append(codes, c)
		}
		sort.Ints(codes)
		statuses := ""
		for _, c := range codes {
			statuses += fmt.Sprintf("%d×%d ", c, rr.ByStatus[c])
		}
		fmt.Fprintf(w, "%-46s %9d %8d %9s %9s  %s\n", rr.Route, rr.Requests, rr.Failures,
			rr.P50.Round(100*time.Microsecond), rr.P99.Round(100*time.Microsecond), statuses)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.kinds) > 0 {
		fmt.Fprintf(w, "no answer, by why: %v\n", r.kinds)
	}
}
