package loadtest

import (
	"bufio"
	"bytes"
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
// kept-alive HTTP/1.1 connection, writing each request and reading each
// answer by hand. The load generator shares the two
// cores with the server it measures, and net/http's client (its pool, two
// goroutines and channels per connection, a request object per call) cost
// half as much CPU again as the server's own HTTP, and http.ReadResponse a
// third of what was left; what it saves goes to the server. Every request
// is still real HTTP/1.1 over TCP.
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
	return p.readResponse()
}

// readResponse reads one answer off the connection and returns its status:
// the status line, the headers (only Content-Length, Transfer-Encoding and
// Connection matter here) and the body, discarded. http.ReadResponse
// builds a Response, a header map and a string per header for every
// answer, a third of this tool's CPU, for a status and a body to skip.
func (p *poster) readResponse() (int, error) {
	line, err := p.line()
	if err != nil {
		return 0, err
	}
	// "HTTP/1.1 201 Created"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) || line[8] != ' ' {
		return 0, fmt.Errorf("loadtest: malformed status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, fmt.Errorf("loadtest: malformed status line %q", line)
	}
	length, chunked, closing := int64(-1), false, false
	for {
		line, err := p.line()
		if err != nil {
			return 0, err
		}
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return 0, fmt.Errorf("loadtest: malformed header %q", line)
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.ParseInt(string(value), 10, 64); err != nil || length < 0 {
				return 0, fmt.Errorf("loadtest: bad Content-Length %q", value)
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			closing = bytes.EqualFold(value, []byte("close"))
		}
	}
	switch {
	case chunked:
		err = p.skipChunks()
	case length >= 0:
		_, err = p.br.Discard(int(length))
	case status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified:
		// No length: the body runs to the end of the connection.
		_, err = io.Copy(io.Discard, p.br)
		closing = true
	}
	if err != nil {
		return 0, err
	}
	if closing {
		p.close()
	}
	return status, nil
}

// line reads one header line without its CRLF; the slice is valid until the
// next read.
func (p *poster) line() ([]byte, error) {
	line, err := p.br.ReadSlice('\n')
	if err != nil {
		return nil, err
	}
	return bytes.TrimRight(line, "\r\n"), nil
}

// skipChunks discards a chunked body and its trailers.
func (p *poster) skipChunks() error {
	for {
		line, err := p.line()
		if err != nil {
			return err
		}
		size, _, _ := bytes.Cut(line, []byte(";"))
		n, err := strconv.ParseInt(string(bytes.TrimSpace(size)), 16, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("loadtest: bad chunk size %q", line)
		}
		if n == 0 {
			for { // trailers, up to the empty line
				if line, err = p.line(); err != nil || len(line) == 0 {
					return err
				}
			}
		}
		if _, err := p.br.Discard(int(n) + 2); err != nil {
			return err
		}
	}
}

func (p *poster) close() {
	if p.conn != nil {
		p.conn.Close()
		p.conn, p.br = nil, nil
	}
}
