package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
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

// Each new child's body is the template with a fresh version 4 UUID where
// the placeholder stood, written into the client's reused buffer.
func TestWithNewIDWritesAFreshUUID(t *testing.T) {
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	tmpl := []byte(`{"id":"` + idPlaceholder + `","lang":"nl"}`)
	rng := mrand.New(mrand.NewPCG(1, 2))
	var buf []byte
	seen := map[string]bool{}
	for range 100 {
		body, id := withNewID(buf, tmpl, rng)
		buf = body
		var v struct{ ID, Lang string }
		if err := json.Unmarshal(body, &v); err != nil || v.ID != id || v.Lang != "nl" || !uuid.MatchString(id) || seen[id] {
			t.Fatalf("body %s, id %q (%v)", body, id, err)
		}
		seen[id] = true
	}
	if !bytes.Contains(tmpl, []byte(idPlaceholder)) {
		t.Fatal("the template was changed")
	}
	if got := testing.AllocsPerRun(100, func() { buf, _ = withNewID(buf, tmpl, rng) }); got > 1 {
		t.Errorf("%v allocations a body, want at most 1 (the id string)", got)
	}
}
