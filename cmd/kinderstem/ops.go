package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"time"

	"github.com/kinderstem/kinderstem/internal/drill"
	"github.com/kinderstem/kinderstem/internal/metrics"
	"github.com/kinderstem/kinderstem/internal/store"
)

// opsConfig is how the server is run for real: metrics, logs, Litestream.
type opsConfig struct {
	metricsAddr string
	logFormat   string
	logRequests bool
	litestream  bool
	drillStatus string
}

type opsFlagValues struct {
	metricsAddr, logFormat, drillStatus *string
	logRequests, litestream             *bool
}

func opsFlags(f *flags) opsFlagValues {
	return opsFlagValues{
		metricsAddr: f.str("metrics-addr", "KINDERSTEM_METRICS_ADDR", "", "serve Prometheus metrics at http://ADDR/metrics on a listener of their own, e.g. 127.0.0.1:9090 (off when empty)"),
		logFormat:   f.str("log-format", "KINDERSTEM_LOG_FORMAT", "text", "log lines as text or json"),
		logRequests: f.boolean("log-requests", "KINDERSTEM_LOG_REQUESTS", false, "log one line per request: method, route template, status, duration (never the path)"),
		litestream:  f.boolean("litestream", "KINDERSTEM_LITESTREAM", false, "Litestream replicates the database: leave the WAL to it when the server stops"),
		drillStatus: f.str("drill-status", "KINDERSTEM_DRILL_STATUS", "", "the restore drill's status file, read for the metrics; DB.drill.json beside the database when empty"),
	}
}

func (v opsFlagValues) config() opsConfig {
	return opsConfig{metricsAddr: *v.metricsAddr, logFormat: *v.logFormat, logRequests: *v.logRequests, litestream: *v.litestream, drillStatus: *v.drillStatus}
}

func (c opsConfig) validate(getenv func(string) string) []string {
	var errs []string
	if c.logFormat != "text" && c.logFormat != "json" {
		errs = append(errs, fmt.Sprintf("--log-format %q: want text or json", c.logFormat))
	}
	if c.metricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.metricsAddr); err != nil {
			errs = append(errs, fmt.Sprintf("--metrics-addr %q: want host:port, e.g. 127.0.0.1:9090", c.metricsAddr))
		}
	}
	if _, err := watchdogInterval(getenv); err != nil {
		errs = append(errs, err.Error())
	}
	return errs
}

// logger writes log lines to w, as text or as one JSON object a line.
func (c opsConfig) logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if c.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// ops is the server's face to its operator: the metrics listener and
// systemd's notify socket and watchdog.
type ops struct {
	cfg       serveConfig
	log       *slog.Logger
	metrics   *metrics.Metrics // nil without --metrics-addr
	notify    *notifier
	watchdog  time.Duration
	drillFile string
}

func newOps(cfg serveConfig, log *slog.Logger) *ops {
	o := &ops{cfg: cfg, log: log, notify: newNotifier(cfg.getenv), drillFile: cfg.ops.drillStatus}
	o.watchdog, _ = watchdogInterval(cfg.getenv) // checked by validate
	if o.drillFile == "" {
		o.drillFile = drill.StatusPathFor(cfg.db)
	}
	if cfg.ops.metricsAddr != "" {
		o.metrics = metrics.New()
	}
	return o
}

// storeOptions are the store's options under this operator's settings.
func (o *ops) storeOptions() store.Options {
	opts := store.Options{Litestream: o.cfg.ops.litestream}
	if o.metrics != nil {
		opts.Observer = o.metrics
	}
	return opts
}

// start serves the metrics on their own listener, so they never share an
// address with children's pages (and a proxy in front of those cannot
// expose them by mistake). It returns a function that stops it.
func (o *ops) start(ctx context.Context, st *store.Store) (func(), error) {
	if o.metrics == nil {
		return func() {}, nil
	}
	o.metrics.WatchStore(st)
	o.metrics.WatchDrill(func() (time.Time, time.Time, bool) {
		s, err := drill.ReadStatus(o.drillFile)
		if err != nil {
			return time.Time{}, time.Time{}, false
		}
		return s.LastRun, s.LastSuccess, s.OK
	})
	ln, err := net.Listen("tcp", o.cfg.ops.metricsAddr)
	if err != nil {
		return nil, fmt.Errorf("metrics: listen: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", o.metrics.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			o.log.Error("metrics", "err", err)
		}
	}()
	o.log.Info("metrics", "addr", "http://"+ln.Addr().String()+"/metrics")
	return func() { srv.Close() }, nil
}

// ready tells systemd the server takes requests, and starts the watchdog.
func (o *ops) ready(ctx context.Context, st *store.Store) {
	if err := o.notify.send("READY=1\nSTATUS=serving"); err != nil {
		o.log.Warn("systemd", "err", err)
	}
	if o.watchdog > 0 {
		go watchdog(ctx, o.notify, o.watchdog, st.Alive, o.log)
	}
	go func() {
		<-ctx.Done()
		o.notify.send("STOPPING=1")
	}()
}

// indexBuilt records the indicator index's build for the metrics.
func (o *ops) indexBuilt(took time.Duration) {
	if o.metrics == nil {
		return
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	o.metrics.IndexBuilt(took, m.HeapAlloc)
}
