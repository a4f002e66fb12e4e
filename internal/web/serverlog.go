package web

import (
	"io"
	"log"
	"log/slog"
	"regexp"
)

// clientAddr matches an IPv4 or IPv6 address with its port, as net/http
// writes a client's in its own log lines ("http: TLS handshake error from
// 203.0.113.7:51234: EOF").
var clientAddr = regexp.MustCompile(`\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b|\[[0-9A-Fa-f:.%]+\](?::\d+)?`)

// serverErrorLog is the http.Server's own error log: its lines go to the
// application's log with every address taken out, since the logs never
// record a client's address (a child's tablet is behind it).
func serverErrorLog(l *slog.Logger) *log.Logger {
	return log.New(redactAddrs{slog.NewLogLogger(l.Handler(), slog.LevelWarn).Writer()}, "", 0)
}

type redactAddrs struct{ w io.Writer }

func (r redactAddrs) Write(p []byte) (int, error) {
	if _, err := r.w.Write(clientAddr.ReplaceAll(p, []byte("[address]"))); err != nil {
		return 0, err
	}
	return len(p), nil
}
