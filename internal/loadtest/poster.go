package loadtest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// poster is one simulated tablet's connection: it sends POSTs over one
// kept-alive HTTP/1.1 connection, writing each request by hand and reading
// the answer with http.ReadResponse. The load generator shares the two
// cores with the server it measures, and net/http's client (its pool, two
// goroutines and channels per connection, a request object per call) cost
// half as much CPU again as the server's own HTTP; what it saves goes to
// the server. Every request is still real HTTP over TCP.
type poster struct {
	addr, path string
	timeout    time.Duration
	conn       net.Conn
	br         *bufio.Reader
	buf        []byte
}

func newPoster(api string, timeout time.Duration) (*poster, error) {
	u, err := url.Parse(api)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" {
		return nil, fmt.Errorf("loadtest: %s: only plain http on this machine", api)
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "80")
	}
	return &poster{addr: host, path: u.RequestURI(), timeout: timeout}, nil
}

// post sends body to path (on the poster's host) and returns the status. After an error the connection is
// dropped and the next post dials a new one.
func (p *poster) post(ctx context.Context, path string, body []byte) (int, error) {
	p.path = path
	status, err := p.roundTrip(ctx, body)
	if err != nil {
		p.close()
		// The run's end cuts the request in flight: its deadline is the
		// connection's, and may pass a moment before ctx says so.
		if d, ok := ctx.Deadline(); ok && !time.Now().Before(d) {
			return 0, context.DeadlineExceeded
		}
	}
	return status, err
}

func (p *poster) roundTrip(ctx context.Context, body []byte) (int, error) {
	if p.conn == nil {
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", p.addr)
		if err != nil {
			return 0, err
		}
		p.conn, p.br = c, bufio.NewReaderSize(c, 4096)
	}
	deadline := time.Now().Add(p.timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	if err := p.conn.SetDeadline(deadline); err != nil {
		return 0, err
	}
	b := append(p.buf[:0], "POST "...)
	b = append(b, p.path...)
	b = append(b, " HTTP/1.1\r\nHost: "...)
	b = append(b, p.addr...)
	b = append(b, "\r\nContent-Type: application/json\r\nContent-Length: "...)
	b = strconv.AppendInt(b, int64(len(body)), 10)
	b = append(b, "\r\n\r\n"...)
	b = append(b, body...)
	p.buf = b
	if _, err := p.conn.Write(b); err != nil {
		return 0, err
	}
	resp, err := http.ReadResponse(p.br, nil)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return 0, err
	}
	if resp.Close {
		p.close()
	}
	return resp.StatusCode, nil
}

func (p *poster) close() {
	if p.conn != nil {
		p.conn.Close()
		p.conn, p.br = nil, nil
	}
}
