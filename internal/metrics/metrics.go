// Package metrics is what an operator's Prometheus reads: requests by route
// template, submissions stored and refused, the group-commit writer, the
// WAL, the indicator index, rate limits, logins, a full disk, the restore
// drill and the build. It owns the one registry; the store and the web
// layer report to it through small methods, so neither imports Prometheus.
//
// Every label takes its value from a closed set: a route template (never a
// raw path, which would carry a child's session code), a method from a
// short list, a status code, a reason named here. A request can add no
// series of its own.
package metrics

import (
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the registry and every instrument Kinderstem updates.
type Metrics struct {
	reg *prometheus.Registry

	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	submissions *prometheus.CounterVec
	refused     *prometheus.CounterVec
	batchSize   prometheus.Histogram
	commit      prometheus.Histogram
	limited     *prometheus.CounterVec
	logins      *prometheus.CounterVec
	indexBuild  prometheus.Gauge
	indexHeap   prometheus.Gauge
}

// Refusal reasons of a submission, the values of the reason label.
const (
	ReasonInvalid     = "invalid"      // an answer or field the survey does not take (400, 422)
	ReasonUnknown     = "unknown_code" // no session with that code (404)
	ReasonClosed      = "closed"       // the session no longer takes answers (409, 410)
	ReasonRateLimited = "rate_limited" // a rate limit answered (429)
	ReasonTooLarge    = "too_large"    // a body over the limit (413)
	ReasonUnavailable = "unavailable"  // the database cannot grow (503)
	ReasonOther       = "other"
)

// New makes the registry with Go's and the process's own collectors and
// Kinderstem's instruments.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := &Metrics{reg: reg}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kinderstem_http_requests_total",
		Help: "HTTP requests answered, by method, route template and status."}, []string{"method", "route", "status"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "kinderstem_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by method, route template and status.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10}}, []string{"method", "route", "status"})
	m.submissions = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kinderstem_submissions_total",
		Help: "Children's submissions acknowledged by the writer: stored new, or already received (a replay)."}, []string{"outcome"})
	m.refused = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kinderstem_submissions_refused_total",
		Help: "Submissions refused before the writer, by reason."}, []string{"reason"})
	m.batchSize = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "kinderstem_writer_batch_size",
		Help:    "Submissions per group commit.",
		Buckets: prometheus.ExponentialBuckets(1, 2, 9)}) // 1 … 256, the writer's maximum
	m.commit = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "kinderstem_writer_commit_duration_seconds",
		Help:    "Time from a group commit's first statement to its fsync.",
		Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .25, 1}})
	m.limited = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kinderstem_rate_limit_refusals_total",
		Help: "Requests a rate limit answered with 429, by limit."}, []string{"limit"})
	m.logins = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kinderstem_logins_total",
		Help: "Staff login attempts, by outcome (ok, failed, throttled, busy, locked)."}, []string{"outcome"})
	m.indexBuild = prometheus.NewGauge(prometheus.GaugeOpts{Name: "kinderstem_index_build_duration_seconds",
		Help: "How long the last build of the indicator index took."})
	m.indexHeap = prometheus.NewGauge(prometheus.GaugeOpts{Name: "kinderstem_index_heap_bytes",
		Help: "Go heap in use right after the indicator index was built: the index and what the server holds beside it."})
	reg.MustRegister(m.requests, m.duration, m.submissions, m.refused, m.batchSize, m.commit, m.limited, m.logins, m.indexBuild, m.indexHeap)
	for _, o := range []string{"stored", "already_received"} {
		m.submissions.WithLabelValues(o)
	}
	for _, r := range []string{ReasonInvalid, ReasonUnknown, ReasonClosed, ReasonRateLimited, ReasonTooLarge, ReasonUnavailable, ReasonOther} {
		m.refused.WithLabelValues(r)
	}
	m.registerBuildInfo()
	return m
}

// Version and Revision name the build; deploy/build-static.sh sets them
// with -ldflags -X. Without them the Go toolchain's build information is
// used.
var Version, Revision string

// registerBuildInfo is kinderstem_build_info: always 1, with the version,
// the VCS revision and the Go version in its labels.
func (m *Metrics) registerBuildInfo() {
	version, revision, goVersion := "(devel)", "unknown", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = bi.GoVersion
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				revision = s.Value
			}
		}
	}
	if Version != "" {
		version = Version
	}
	if Revision != "" {
		revision = Revision
	}
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: "kinderstem_build_info",
		Help:        "Always 1; the labels say which build is running.",
		ConstLabels: prometheus.Labels{"version": version, "revision": revision, "goversion": goVersion}})
	g.Set(1)
	m.reg.MustRegister(g)
}

// Registry is the registry, for tests and for collectors added by wiring.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Methods are the values of the method label; any other method is "other".
var methods = map[string]bool{"GET": true, "HEAD": true, "POST": true, "PUT": true, "DELETE": true, "OPTIONS": true, "PATCH": true}

// Request counts one answered request. route is the route template ("" for
// a path no route matches, counted as "unmatched").
func (m *Metrics) Request(method, route string, status int, took time.Duration) {
	if !methods[method] {
		method = "other"
	}
	if route == "" {
		route = "unmatched"
	}
	if status < 100 || status > 599 {
		status = 0
	}
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(method, route, code).Inc()
	m.duration.WithLabelValues(method, route, code).Observe(took.Seconds())
}

// Refused counts a submission refused with this HTTP status.
func (m *Metrics) Refused(status int) {
	m.refused.WithLabelValues(RefusalReason(status)).Inc()
}

// RefusalReason names the reason behind a refused submission's status.
func RefusalReason(status int) string {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return ReasonInvalid
	case http.StatusNotFound:
		return ReasonUnknown
	case http.StatusConflict, http.StatusGone:
		return ReasonClosed
	case http.StatusTooManyRequests:
		return ReasonRateLimited
	case http.StatusRequestEntityTooLarge:
		return ReasonTooLarge
	case http.StatusServiceUnavailable:
		return ReasonUnavailable
	}
	return ReasonOther
}

// Batch records one group commit: its size, how many submissions were new,
// how many were replays of stored ones, and how long the commit took. The
// store calls it on its writer goroutine (store.Observer).
func (m *Metrics) Batch(size, created, replayed int, took time.Duration) {
	m.batchSize.Observe(float64(size))
	m.commit.Observe(took.Seconds())
	m.submissions.WithLabelValues("stored").Add(float64(created))
	m.submissions.WithLabelValues("already_received").Add(float64(replayed))
}

// Limits are the values of the limit label.
var limits = map[string]bool{"client": true, "session": true, "code": true, "respondent": true, "login": true}

// RateLimited counts a 429 from the named limit.
func (m *Metrics) RateLimited(limit string) {
	if !limits[limit] {
		limit = "other"
	}
	m.limited.WithLabelValues(limit).Inc()
}

// loginOutcomes are the values of the outcome label of logins.
var loginOutcomes = map[string]bool{"ok": true, "failed": true, "throttled": true, "busy": true, "locked": true}

// Login counts a staff login attempt's outcome.
func (m *Metrics) Login(outcome string) {
	if !loginOutcomes[outcome] {
		outcome = "other"
	}
	m.logins.WithLabelValues(outcome).Inc()
}

// IndexBuilt records the last build of the indicator index.
func (m *Metrics) IndexBuilt(took time.Duration, heapBytes uint64) {
	m.indexBuild.Set(took.Seconds())
	m.indexHeap.Set(float64(heapBytes))
}
