package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"time"
)

// notifier speaks systemd's notify protocol (sd_notify(3)): a datagram of
// "KEY=value" lines to the unix socket named by NOTIFY_SOCKET. It is a
// few lines, so Kinderstem carries them rather than a library. Without
// NOTIFY_SOCKET (not under systemd, or Type=simple) every call does
// nothing.
type notifier struct {
	addr *net.UnixAddr
}

func newNotifier(getenv func(string) string) *notifier {
	name := getenv("NOTIFY_SOCKET")
	if name == "" {
		return &notifier{}
	}
	if name[0] == '@' { // an abstract socket
		name = "\x00" + name[1:]
	}
	return &notifier{addr: &net.UnixAddr{Name: name, Net: "unixgram"}}
}

// send writes one notification; a server without systemd's socket sends
// nothing and gets no error.
func (n *notifier) send(state string) error {
	if n.addr == nil {
		return nil
	}
	conn, err := net.DialUnix("unixgram", nil, n.addr)
	if err != nil {
		return fmt.Errorf("sd_notify: %w", err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte(state)); err != nil {
		return fmt.Errorf("sd_notify: %w", err)
	}
	return nil
}

// watchdogInterval is how often systemd wants to hear from the service
// (WATCHDOG_USEC, for this process only when WATCHDOG_PID says so), or 0.
func watchdogInterval(getenv func(string) string) (time.Duration, error) {
	v := getenv("WATCHDOG_USEC")
	if v == "" {
		return 0, nil
	}
	if pid := getenv("WATCHDOG_PID"); pid != "" && pid != strconv.Itoa(os.Getpid()) {
		return 0, nil
	}
	us, err := strconv.ParseInt(v, 10, 64)
	if err != nil || us <= 0 {
		return 0, errors.New("WATCHDOG_USEC: want a positive number of microseconds")
	}
	return time.Duration(us) * time.Microsecond, nil
}

// watchdog pings systemd at half the interval it asked for, and only after
// the database answered: a server whose SQLite hangs (a dead disk, a lock
// never released) stops pinging, and systemd restarts it. A failed ping
// of the database is logged; the next tick tries again.
func watchdog(ctx context.Context, n *notifier, every time.Duration, alive func(context.Context) error, log *slog.Logger) {
	t := time.NewTicker(every / 2)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		pingCtx, cancel := context.WithTimeout(ctx, every/2)
		err := alive(pingCtx)
		cancel()
		if err != nil {
			if ctx.Err() == nil {
				log.Error("watchdog: the database does not answer; not telling systemd we are alive", "err", err)
			}
			continue
		}
		if err := n.send("WATCHDOG=1"); err != nil {
			log.Warn("watchdog", "err", err)
		}
	}
}
