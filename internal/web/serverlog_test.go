package web_test

import (
	"crypto/tls"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/web"
)

// net/http logs a failed TLS handshake with the client's address; the
// server's error log takes every address out before the line reaches the
// application's log.
func TestServerErrorLogHoldsNoClientAddress(t *testing.T) {
	t.Parallel()
	logs := &syncBuffer{}
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.Config = web.Server("", http.NotFoundHandler(), slog.New(slog.NewJSONHandler(logs, nil)))
	srv.StartTLS()
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	conn.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")) // plain text to a TLS port
	conn.Close()
	// A client that gives up half-way through the handshake.
	c, err := tls.Dial("tcp", srv.Listener.Addr().String(), &tls.Config{ServerName: "nowhere.invalid"})
	if err == nil {
		c.Close()
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "TLS handshake error") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	out := logs.String()
	if !strings.Contains(out, "TLS handshake error") {
		t.Fatalf("no handshake error was logged:\n%s", out)
	}
	if strings.Contains(out, "127.0.0.1") {
		t.Fatalf("the log holds a client address:\n%s", out)
	}
}
