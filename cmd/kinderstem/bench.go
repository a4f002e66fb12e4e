package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"github.com/kinderstem/kinderstem/internal/loadtest"
	"github.com/kinderstem/kinderstem/internal/store"
)

// runBench drives simulated children against a running server on this
// machine and, in the same run, measures the raw SQLite ceiling.
func runBench(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	f := newFlags("bench", getenv, stdout)
	target := f.String("url", "http://127.0.0.1:8080", "the running server (this machine only)")
	code := f.String("session", "", "code of an open session (serve prints the demo one)")
	clients := f.Int("clients", 200, "concurrent simulated children")
	duration := f.Duration("duration", 20*time.Second, "how long to run (at most 10m)")
	maxReq := f.Int("max", 1_000_000, "stop after this many requests")
	replays := f.Float64("replays", 0.05, "share of requests that resend an acknowledged submission")
	invalid := f.Float64("invalid", 0.02, "share of requests with a wrong answer")
	ceiling := f.Bool("ceiling", true, "also measure SQLite's own ceiling with the same pragmas and batching")
	pid := f.Int("pid", 0, "the server's process id, to report its memory during the run")
	from := f.String("ceiling-db", "", "the server's database file: measure the ceiling on a copy of it rather than on an empty one (--db's with --sessions)")
	sessions := f.Int("sessions", 0, "spread the children over this many new sessions, opened in the server's database (--db) first")
	children := f.Int("children", 25, "children per session before the next session takes over (with --sessions)")
	db := f.String("db", "", "the server's database file, to open --sessions in")
	surveyID := f.String("survey", "wellbeing", "the survey of the sessions --sessions opens")
	cpuProfile := f.String("cpuprofile", "", "write a CPU profile of the load generator during the HTTP run to this file (go tool pprof)")
	if err := f.parse(args); err != nil {
		return err
	}
	if (*code == "") == (*sessions == 0) || *sessions < 0 || *sessions > 100_000 || *sessions > 0 && *db == "" || *children < 1 ||
		*clients < 1 || *clients > 2000 || *duration <= 0 || *duration > 10*time.Minute {
		return usageError{"bench needs --session CODE or --sessions N (1-100000) with --db FILE, 1-2000 --clients and a --duration up to 10m"}
	}
	c, err := loadContent("")
	if err != nil {
		return err
	}
	cfg := loadtest.Config{URL: strings.TrimRight(*target, "/"), Code: strings.ToUpper(*code), Clients: *clients, Duration: *duration,
		Max: *maxReq, Replays: *replays, Invalid: *invalid, Seed: uint64(time.Now().UnixNano()), Children: *children}
	if *sessions > 0 {
		// The sessions are written through a store of this process: SQLite
		// lets the server's writer and this one take turns on the file.
		st, err := store.Open(ctx, *db, store.Options{})
		if err != nil {
			return err
		}
		if err := st.RegisterCatalog(ctx, c.catalog); err != nil {
			st.Close()
			return err
		}
		cfg.Codes, err = loadtest.OpenSessions(ctx, st, c.catalog, *surveyID, *sessions)
		st.Close()
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Opened %d sessions of %s in %s; %d children each in turn.\n", len(cfg.Codes), *surveyID, *db, cfg.Children)
	}
	// The ceiling starts from a copy of the server's database as it is
	// before the run, so that both write into B-trees of the same size.
	ceilingFrom := *from
	if ceilingFrom == "" && *sessions > 0 {
		ceilingFrom = *db
	}
	dir, err := os.MkdirTemp("", "kinderstem-ceiling-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if *ceiling && ceilingFrom != "" {
		if err := loadtest.CeilingCopy(ctx, ceilingFrom, dir); err != nil {
			return err
		}
	}
	peakSince := "since it started"
	if *pid > 0 {
		if rss, err := procStatus(*pid, "VmRSS"); err == nil {
			fmt.Fprintf(stdout, "server memory before the run: %s\n", rss)
		}
		// Writing 5 to clear_refs resets the peak, so that start-up (the
		// index build, demo content) does not count as load.
		if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", *pid), []byte("5"), 0); err == nil {
			peakSince = "during the run"
		}
	}
	fmt.Fprintf(stdout, "Driving %d children at %s for %s…\n", cfg.Clients, cfg.URL, cfg.Duration)
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	rep, err := loadtest.Run(ctx, c.catalog, cfg)
	stopProfile()
	if err != nil {
		return err
	}
	printReport(stdout, rep)
	if *pid > 0 {
		if peak, err := procStatus(*pid, "VmHWM"); err == nil {
			fmt.Fprintf(stdout, "server peak memory %s: %s\n", peakSince, peak)
		}
	}
	if !*ceiling {
		return nil
	}
	on := "an empty database"
	if ceilingFrom != "" {
		on = "a copy of " + ceilingFrom + " as it was before the run"
	}
	fmt.Fprintf(stdout, "Measuring the raw SQLite ceiling on %s for %s, over %d sessions…\n", on, cfg.Duration, rep.Sessions)
	shape := loadtest.Shape{Survey: rep.Survey, Band: rep.Band, Setting: rep.Setting, Sessions: rep.Sessions, Children: cfg.Children}
	rate, err := loadtest.Ceiling(ctx, c.catalog, dir, "", shape, cfg.Clients, cfg.Duration, cfg.Max)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "raw ceiling: %.0f submissions/s   app/ceiling: %.2f\n", rate, rep.PerSecond()/rate)
	return nil
}

func printReport(w io.Writer, r *loadtest.Report) {
	var codes []int
	for k := range r.ByStatus {
		codes = append(codes, k)
	}
	sort.Ints(codes)
	var parts []string
	for _, k := range codes {
		parts = append(parts, fmt.Sprintf("%d×%d", r.ByStatus[k], k))
	}
	fmt.Fprintf(w, "requests: %d in %s (%s), network errors: %d\n", r.Requests, r.Elapsed.Round(time.Millisecond), strings.Join(parts, ", "), r.Failures)
	fmt.Fprintf(w, "acknowledged: %.0f submissions/s of %d answers (%.0f answers/s); new: %d\n", r.PerSecond(), r.Answers, r.PerSecond()*float64(r.Answers), r.Created)
	fmt.Fprintf(w, "latency: p50 %s  p95 %s  p99 %s  max %s\n", r.P50.Round(10*time.Microsecond), r.P95.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Max.Round(10*time.Microsecond))
	if limited := r.ByStatus[http.StatusTooManyRequests]; limited > r.Requests/10 {
		fmt.Fprintf(w, "note: the server's rate limits refused %d requests (429); this measures the limits, not the server.\n"+
			"      For a load test, start it with --rate-client 100000000 --rate-session 100000000.\n", limited)
	}
}

// startCPUProfile profiles this process into file until the returned
// function is called; nothing when file is empty.
func startCPUProfile(file string) (stop func(), err error) {
	if file == "" {
		return func() {}, nil
	}
	pf, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(pf); err != nil {
		pf.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); pf.Close() }, nil
}

// procStatus reads one field of a process's /proc status, such as VmHWM.
func procStatus(pid int, field string) (string, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return strings.TrimSpace(v), nil
		}
	}
	return "", fmt.Errorf("no %s for process %d", field, pid)
}
