package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/kinderstem/kinderstem/internal/loadtest"
)

// soakConfig is one national-day soak.
type soakConfig struct {
	bin, dir, litestream string
	duration             time.Duration
	classes, workers     int
	analysts             int
}

// runSoak plays a national day against the binary: youth workers opening
// sessions for classes of 25, children answering on tablets, analysts
// reading and exporting, the public reading the front pages. Half-way it
// kills the server with SIGKILL and starts it again, then runs a restore
// drill while the day goes on. At the end every acknowledged submission
// must be in the database (and in the Litestream replica, when Litestream
// runs): exit 1 when one is missing, when the drill fails, or when any
// request got a 5xx answer.
func runSoak(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	f := newFlags("soak", getenv, stdout)
	exe, _ := os.Executable()
	bin := f.String("bin", exe, "the kinderstem binary to run (this one by default)")
	duration := f.Duration("duration", 30*time.Minute, "how long the day lasts; classes start over its first nine tenths")
	classes := f.Int("classes", 0, "school classes of 25 over the day (0: 2,000 per 30 minutes, scaled to --duration)")
	workers := f.Int("workers", 50, "youth workers sharing the classes")
	analysts := f.Int("analysts", 4, "analysts reading and exporting throughout")
	dir := f.String("dir", "", "folder for the database, the replica and the logs (a new temporary one, removed after, when empty)")
	ls := f.String("litestream", "", "the litestream program, to replicate to a file:// replica and drill from it; found on PATH when empty, 'off' for a drill from a backup")
	if err := f.parse(args); err != nil {
		return err
	}
	if *duration < 20*time.Second {
		return usageError{"--duration must be at least 20s"}
	}
	if *classes == 0 {
		*classes = max(10, int(2000*duration.Seconds()/1800))
	}
	cfg := soakConfig{bin: *bin, dir: *dir, duration: *duration, classes: *classes, workers: max(1, *workers), analysts: *analysts}
	switch *ls {
	case "off":
	case "":
		cfg.litestream, _ = exec.LookPath("litestream")
	default:
		cfg.litestream = *ls
	}
	if cfg.dir == "" {
		d, err := os.MkdirTemp("", "kinderstem-soak-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		cfg.dir = d
	}
	rep, err := soak(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	rep.print(stdout)
	if problems := rep.problems(); len(problems) > 0 {
		return checkFailed{"soak failed: " + strings.Join(problems, "; ")}
	}
	return nil
}

// freePort finds a loopback port the server can listen on again after a
// restart.
func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// soakUsers creates the day's staff accounts with the real command.
func soakUsers(ctx context.Context, db string, cfg soakConfig) (workers, analysts []loadtest.Account, err error) {
	add := func(email, role string) (loadtest.Account, error) {
		pw := fmt.Sprintf("Zonnebloem-%x", sha256.Sum256([]byte(email)))[:40]
		err := runUser(ctx, []string{"add", "--db", db, "--email", email, "--role", role, "--organisation", "Soak school"},
			func(string) string { return "" }, strings.NewReader(pw+"\n"), io.Discard)
		return loadtest.Account{Email: email, Password: pw}, err
	}
	for i := range cfg.workers {
		a, err := add(fmt.Sprintf("worker%d@soak.example", i), "worker")
		if err != nil {
			return nil, nil, err
		}
		workers = append(workers, a)
	}
	for i := range cfg.analysts {
		a, err := add(fmt.Sprintf("analyst%d@soak.example", i), "analyst")
		if err != nil {
			return nil, nil, err
		}
		analysts = append(analysts, a)
	}
	return workers, analysts, nil
}

// waitHealthy polls /healthz until it answers 200.
func waitHealthy(ctx context.Context, url string, within time.Duration) (time.Duration, error) {
	start := time.Now()
	for time.Since(start) < within && ctx.Err() == nil {
		if ok, _ := healthz(url); ok {
			return time.Since(start), nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return 0, errors.New("the server did not answer /healthz")
}

// soakPath is a file in the soak's folder.
func (c soakConfig) path(name string) string { return filepath.Join(c.dir, name) }
