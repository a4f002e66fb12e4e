package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/kinderstem/kinderstem/internal/loadtest"
	"github.com/kinderstem/kinderstem/internal/store"
)

// soakReport is what a soak found.
type soakReport struct {
	cfg          soakConfig
	day          *loadtest.DayReport
	downtime     time.Duration // from SIGKILL to /healthz answering again
	drillOK      bool
	drillTook    time.Duration
	drillOut     string
	lost         int // acknowledged, not in the database
	lostReplica  int // acknowledged, not in the database restored from the replica
	replica      bool
	integrity    []string
	peakRSSKiB   int64
	serverErrors int // 5xx but 503
	unavailable  int // 503: indicators still counting after the restart, or a full disk
}

func (r *soakReport) problems() []string {
	var p []string
	if r.lost > 0 {
		p = append(p, fmt.Sprintf("%d acknowledged submissions lost", r.lost))
	}
	if r.lostReplica > 0 {
		p = append(p, fmt.Sprintf("%d acknowledged submissions missing from the replica", r.lostReplica))
	}
	if !r.drillOK {
		p = append(p, "the restore drill failed")
	}
	if len(r.integrity) > 0 {
		p = append(p, "integrity: "+strings.Join(r.integrity, ", "))
	}
	if r.serverErrors > 0 {
		p = append(p, fmt.Sprintf("%d answers of 500 or more (503 apart)", r.serverErrors))
	}
	if r.day.Acknowledged == 0 {
		p = append(p, "no submission was acknowledged")
	}
	return p
}

// soak runs the day against the binary, with SIGKILL and a restore drill
// half-way.
func soak(ctx context.Context, cfg soakConfig, stdout io.Writer) (*soakReport, error) {
	db := cfg.path("kinderstem.db")
	workers, analysts, err := soakUsers(ctx, db, cfg)
	if err != nil {
		return nil, err
	}
	c, err := loadContent("")
	if err != nil {
		return nil, err
	}
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	url := "http://" + addr
	rep := &soakReport{cfg: cfg, replica: cfg.litestream != ""}
	var ls *exec.Cmd
	if rep.replica {
		conf := cfg.path("litestream.yml")
		y := fmt.Sprintf("dbs:\n  - path: %s\n    replica:\n      url: file://%s\n      sync-interval: 1s\n", db, cfg.path("replica"))
		if err := os.WriteFile(conf, []byte(y), 0o600); err != nil {
			return nil, err
		}
		if ls, err = startLogged(cfg.litestream, cfg.path("litestream.log"), "replicate", "-config", conf); err != nil {
			return nil, err
		}
		defer ls.Process.Kill()
	}
	serverArgs := []string{"serve", "--addr", addr, "--db", db, "--no-demo", "--log-format", "json",
		"--rate-client", "100000000"} // every tablet of the day shares 127.0.0.1
	if rep.replica {
		serverArgs = append(serverArgs, "--litestream")
	}
	var srv atomic.Pointer[exec.Cmd]
	start := func() error {
		cmd, err := startLogged(cfg.bin, cfg.path("server.log"), serverArgs...)
		if err != nil {
			return err
		}
		srv.Store(cmd)
		_, err = waitHealthy(ctx, url, 2*time.Minute)
		return err
	}
	if err := start(); err != nil {
		return nil, err
	}
	defer func() { srv.Load().Process.Kill() }()
	stopRSS := sampleRSS(&srv, &rep.peakRSSKiB)
	defer stopRSS()
	fmt.Fprintf(stdout, "Soak: %d classes of 25 over %s, %d workers, %d analysts, Litestream %v; server at %s, files in %s\n",
		cfg.classes, cfg.duration, cfg.workers, cfg.analysts, rep.replica, url, cfg.dir)

	dayDone := make(chan error, 1)
	go func() {
		var err error
		rep.day, err = loadtest.Day(ctx, loadtest.DayConfig{URL: url, Classes: cfg.classes, Duration: cfg.duration,
			Workers: workers, Analysts: analysts, Catalog: c.catalog, Seed: uint64(time.Now().UnixNano())})
		dayDone <- err
	}()
	select {
	case <-time.After(cfg.duration / 2):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	// Half-way: the server dies without warning and comes back.
	killed := srv.Load()
	killed.Process.Signal(syscall.SIGKILL)
	killed.Wait()
	t0 := time.Now()
	if err := start(); err != nil {
		return nil, fmt.Errorf("restart after SIGKILL: %w", err)
	}
	rep.downtime = time.Since(t0)
	fmt.Fprintf(stdout, "SIGKILL at %s; answering again after %s\n", cfg.duration/2, rep.downtime.Round(time.Millisecond))
	rep.drillOK, rep.drillTook, rep.drillOut = soakDrill(ctx, cfg, db)
	fmt.Fprintf(stdout, "Restore drill under load: ok=%v in %s\n", rep.drillOK, rep.drillTook.Round(time.Millisecond))
	if err := <-dayDone; err != nil {
		return nil, err
	}
	last := srv.Load()
	last.Process.Signal(syscall.SIGTERM)
	last.Wait()
	stopRSS()
	for _, r := range rep.day.Routes.Report() {
		rep.serverErrors += r.Errors() - r.ByStatus[http.StatusServiceUnavailable]
		rep.unavailable += r.ByStatus[http.StatusServiceUnavailable]
	}
	uids := decodeIDs(rep.day.AckedIDs())
	if rep.lost, err = store.CountMissing(ctx, db, uids); err != nil {
		return nil, err
	}
	if rep.integrity, err = store.CheckFile(ctx, db); err != nil {
		return nil, err
	}
	if rep.replica {
		time.Sleep(2 * time.Second) // a last sync of the WAL the server left
		ls.Process.Signal(syscall.SIGTERM)
		ls.Wait()
		restored := cfg.path("restored.db")
		if out, err := exec.CommandContext(ctx, cfg.litestream, "restore", "-o", restored, "file://"+cfg.path("replica")).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("litestream restore: %w\n%s", err, out)
		}
		if rep.lostReplica, err = store.CountMissing(ctx, restored, uids); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// soakDrill runs the restore drill as the timer would, while the day goes
// on: from the replica under Litestream, else from a fresh backup.
func soakDrill(ctx context.Context, cfg soakConfig, db string) (bool, time.Duration, string) {
	t0 := time.Now()
	args := []string{"restore-drill", "--db", db, "--status", cfg.path("drill.json")}
	if cfg.litestream != "" {
		args = append(args, "--replica", "file://"+cfg.path("replica"), "--litestream", cfg.litestream)
	} else {
		backup := cfg.path("backup.db")
		if out, err := exec.CommandContext(ctx, cfg.bin, "backup", "--db", db, "--out", backup).CombinedOutput(); err != nil {
			return false, time.Since(t0), string(out)
		}
		args = append(args, "--backup", backup)
	}
	out, err := exec.CommandContext(ctx, cfg.bin, args...).CombinedOutput()
	return err == nil, time.Since(t0), string(out)
}

// startLogged starts a program with its output appended to a log file.
func startLogged(bin, log string, args ...string) (*exec.Cmd, error) {
	f, err := os.OpenFile(log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	go func() { cmd.Wait(); f.Close() }()
	return cmd, nil
}

// sampleRSS keeps the highest resident memory of whichever server process
// is running, read from /proc twice a second.
func sampleRSS(srv *atomic.Pointer[exec.Cmd], peak *int64) (stop func()) {
	done := make(chan struct{})
	var once sync.Once
	go func() {
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			if kb := rssKiB(srv.Load().Process.Pid); kb > atomic.LoadInt64(peak) {
				atomic.StoreInt64(peak, kb)
			}
		}
	}()
	return func() { once.Do(func() { close(done) }) }
}

func rssKiB(pid int) int64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

func decodeIDs(ids []string) [][16]byte {
	out := make([][16]byte, 0, len(ids))
	for _, id := range ids {
		var u [16]byte
		if b, err := hex.DecodeString(id); err == nil && len(b) == 16 {
			copy(u[:], b)
			out = append(out, u)
		}
	}
	return out
}

// healthz reports whether the server answers /healthz with 200.
func healthz(url string) (bool, error) {
	c := &http.Client{Timeout: time.Second}
	resp, err := c.Get(url + "/healthz")
	if err != nil {
		return false, err
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK, nil
}

func (r *soakReport) print(w io.Writer) {
	d := r.day
	fmt.Fprintf(w, "\nNational-day soak, %s, %d classes of 25 (Litestream replica: %v)\n", r.cfg.duration, r.cfg.classes, r.replica)
	d.Print(w)
	fmt.Fprintf(w, "server: peak resident memory %d MB; SIGKILL half-way, answering again after %s\n", r.peakRSSKiB>>10, r.downtime.Round(time.Millisecond))
	fmt.Fprintf(w, "restore drill under load: ok=%v, %s\n", r.drillOK, r.drillTook.Round(time.Millisecond))
	if !r.drillOK {
		fmt.Fprintln(w, r.drillOut)
	}
	fmt.Fprintf(w, "acknowledged but lost: %d of %d", r.lost, d.Acknowledged)
	if r.replica {
		fmt.Fprintf(w, "; missing from the restored replica: %d", r.lostReplica)
	}
	fmt.Fprintf(w, "\nanswers of 500 or more but 503: %d; 503 (indicators still counting after the restart): %d; integrity problems: %d\n",
		r.serverErrors, r.unavailable, len(r.integrity))
}
