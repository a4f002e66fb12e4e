package loadtest

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The poster reads each answer by hand: with a length, chunked, closed by
// the server, and with no body; the connection is kept for the next
// request unless the server closes it.
func TestPosterReadsEveryAnswerShape(t *testing.T) {
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/length":
			w.WriteHeader(http.StatusCreated)
			w.Write([]byte(`{"status":"created"}`))
		case "/chunked":
			w.WriteHeader(http.StatusOK)
			for range 3 {
				w.Write([]byte(strings.Repeat("x", 5000)))
				w.(http.Flusher).Flush()
			}
		case "/close":
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusTooManyRequests)
			w.Write([]byte("slow down"))
		case "/empty":
			w.WriteHeader(http.StatusNoContent)
		}
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	p, err := newPoster(srv.URL+"/", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	ctx := context.Background()
	for _, c := range []struct {
		path  string
		want  int
		conns int64
	}{
		{"/length", 201, 1}, {"/chunked", 200, 1}, {"/empty", 204, 1}, {"/length", 201, 1},
		{"/close", 429, 1}, {"/length", 201, 2}, {"/chunked", 200, 2},
	} {
		status, err := p.post(ctx, c.path, []byte(`{}`))
		if err != nil || status != c.want {
			t.Fatalf("%s: status %d, %v; want %d", c.path, status, err, c.want)
		}
		if n := conns.Load(); n != c.conns {
			t.Fatalf("after %s: %d connections, want %d", c.path, n, c.conns)
		}
	}
}
