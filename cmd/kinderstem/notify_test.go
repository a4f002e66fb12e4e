package main

import (
	"context"
	"database/sql"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

// notifySocket is systemd's end of the notify protocol: a unix datagram
// socket whose messages the test reads.
type notifySocket struct {
	conn *net.UnixConn
	path string
}

func listenNotify(tb testing.TB) *notifySocket {
	tb.Helper()
	dir, err := os.MkdirTemp("", "ks-notify-") // short: a socket path has at most 107 bytes
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, "notify.sock")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	return &notifySocket{conn: conn, path: path}
}

// next returns the next message, or "" when none came within d.
func (n *notifySocket) next(d time.Duration) string {
	buf := make([]byte, 4096)
	n.conn.SetReadDeadline(time.Now().Add(d))
	k, err := n.conn.Read(buf)
	if err != nil {
		return ""
	}
	return string(buf[:k])
}

// Under systemd (Type=notify) the server says READY=1 once it takes
// requests, pings the watchdog at half the interval systemd asked for,
// and says STOPPING=1 on its way out.
func TestNotifyReadyWatchdogAndStopping(t *testing.T) {
	t.Parallel()
	sock := listenNotify(t)
	db := filepath.Join(t.TempDir(), "k.db")
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	vars := map[string]string{"KINDERSTEM_DB": db, "NOTIFY_SOCKET": sock.path, "WATCHDOG_USEC": "400000"}
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--no-demo"}, env(vars), strings.NewReader(""), out)
	}()
	msg := sock.next(60 * time.Second)
	if !strings.Contains(msg, "READY=1") {
		t.Fatalf("first notification %q, want READY=1\n%s", msg, out)
	}
	// READY means it answers now.
	url := waitFor(t, out, runningAt)[1]
	resp, err := http.Get(url + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz after READY=1: %v %v", resp, err)
	}
	resp.Body.Close()
	pings := 0
	for deadline := time.Now().Add(10 * time.Second); pings < 3 && time.Now().Before(deadline); {
		if sock.next(time.Second) == "WATCHDOG=1" {
			pings++
		}
	}
	if pings < 3 {
		t.Fatalf("%d watchdog pings in 10 s with WATCHDOG_USEC=400000", pings)
	}
	cancel()
	stopping := false
	for deadline := time.Now().Add(30 * time.Second); !stopping && time.Now().Before(deadline); {
		stopping = strings.Contains(sock.next(time.Second), "STOPPING=1")
	}
	if !stopping {
		t.Error("no STOPPING=1 on the way out")
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// The watchdog is pinged only after the database answers: while another
// connection holds SQLite's write lock (a hung writer), no ping goes out,
// so systemd would restart the server; once the lock is gone, pings
// resume.
func TestWatchdogWaitsForTheDatabase(t *testing.T) {
	t.Parallel()
	sock := listenNotify(t)
	st, path := testkit.OpenStore(t, store.Options{})
	locker, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=1")
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close()
	conn, err := locker.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := newNotifier(env(map[string]string{"NOTIFY_SOCKET": sock.path}))
	go watchdog(ctx, n, 200*time.Millisecond, st.Alive, slog.New(slog.DiscardHandler))
	if msg := sock.next(1500 * time.Millisecond); msg != "" {
		t.Fatalf("watchdog pinged %q while the database could not be written", msg)
	}
	if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if msg := sock.next(15 * time.Second); msg != "WATCHDOG=1" {
		t.Fatalf("after the lock was released: %q, want WATCHDOG=1", msg)
	}
}

// A watchdog interval meant for another process (WATCHDOG_PID) is not
// ours; a malformed one is refused.
func TestWatchdogInterval(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		vars map[string]string
		want time.Duration
		err  bool
	}{
		{nil, 0, false},
		{map[string]string{"WATCHDOG_USEC": "30000000"}, 30 * time.Second, false},
		{map[string]string{"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}, 0, false},
		{map[string]string{"WATCHDOG_USEC": "soon"}, 0, true},
		{map[string]string{"WATCHDOG_USEC": "-5"}, 0, true},
	} {
		got, err := watchdogInterval(env(c.vars))
		if got != c.want || (err != nil) != c.err {
			t.Errorf("%v: %v, %v; want %v, error %v", c.vars, got, err, c.want, c.err)
		}
	}
}
