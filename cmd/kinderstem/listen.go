package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"path/filepath"
	"strconv"
	"time"

	"golang.org/x/crypto/acme/autocert"
)

// listener is where the server listens, with the address it is reached on
// there.
type listener struct {
	net.Listener
	tls   *tls.Config
	base  string // scheme and host: https://DOMAIN, or the listen address
	close func()
}

// openListener listens as the configuration says: ACME for --domain (with
// the redirect from :80), a certificate of one's own, or plain HTTP.
func openListener(cfg serveConfig) (*listener, error) {
	l := &listener{close: func() {}}
	var err error
	switch {
	case cfg.domain != "":
		m := &autocert.Manager{Prompt: autocert.AcceptTOS, HostPolicy: autocert.HostWhitelist(cfg.domain),
			Cache: autocert.DirCache(filepath.Join(filepath.Dir(cfg.db), "autocert"))}
		l.tls = m.TLSConfig()
		redirect := &http.Server{Addr: ":80", Handler: m.HTTPHandler(nil), ReadHeaderTimeout: 5 * time.Second}
		go redirect.ListenAndServe()
		l.close = func() { redirect.Close() }
		l.Listener, err = tls.Listen("tcp", ":443", l.tls)
		l.base = "https://" + cfg.domain
	case cfg.tlsCert != "":
		cert, cerr := tls.LoadX509KeyPair(cfg.tlsCert, cfg.tlsKey)
		if cerr != nil {
			return nil, fmt.Errorf("TLS: %w", cerr)
		}
		l.tls = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		l.Listener, err = tls.Listen("tcp", cfg.addr, l.tls)
	default:
		l.Listener, err = net.Listen("tcp", cfg.addr)
	}
	if err != nil {
		l.close()
		return nil, fmt.Errorf("listen: %w", err)
	}
	if l.base == "" {
		scheme := "http"
		if l.tls != nil {
			scheme = "https"
		}
		l.base = scheme + "://" + reachableAt(l.Addr())
	}
	return l, nil
}

// reachableAt is the host and port others reach a listen address on: the
// address itself, or, when it listens on every interface, this machine's
// first address on the local network (what a tablet in the room can reach).
func reachableAt(a net.Addr) string {
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return a.String()
	}
	ip := ap.Addr().Unmap()
	if ip.IsUnspecified() {
		ip = lanAddress()
	}
	return net.JoinHostPort(ip.String(), strconv.Itoa(int(ap.Port())))
}

// lanAddress is this machine's first IPv4 address on a network (else its
// first global IPv6 address, else loopback).
func lanAddress() netip.Addr {
	addrs, _ := net.InterfaceAddrs()
	var v6 netip.Addr
	for _, a := range addrs {
		p, err := netip.ParsePrefix(a.String())
		if err != nil || !p.Addr().IsGlobalUnicast() {
			continue
		}
		if ip := p.Addr().Unmap(); ip.Is4() {
			return ip
		} else if !v6.IsValid() {
			v6 = ip
		}
	}
	if v6.IsValid() {
		return v6
	}
	return netip.MustParseAddr("127.0.0.1")
}

// serveOn serves on ln until ctx ends, then lets requests in flight finish.
func serveOn(ctx context.Context, cfg serveConfig, srv *http.Server, ln *listener, stdout io.Writer, log *slog.Logger) error {
	srv.TLSConfig = ln.tls
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "Stopping: letting requests in flight finish…")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		log.Warn("shutdown", "err", err)
	}
	return nil
}
