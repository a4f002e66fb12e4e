package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/gin-gonic/gin"
)

// staticFile is one file of static/, kept in memory with its brotli and
// gzip forms (nil where compressing does not make it smaller), made when
// the file is first asked for: most of a server's starts (every test's,
// every restart) never send most files, and compressing them all at the
// highest quality cost about a CPU-second per start.
type staticFile struct {
	data   []byte
	sum    [32]byte
	hash   string
	ctype  string
	once   sync.Once
	br, gz []byte
}

// forms returns the file's brotli and gzip forms, compressing it once.
func (f *staticFile) forms() (br, gz []byte) {
	f.once.Do(func() { f.br, f.gz = compressed(f.sum, f.data) })
	return f.br, f.gz
}

// staticFiles serves static/ with fingerprinted URLs: /static/app.css?v=hash
// may be cached for a year, because a change makes a new hash.
type staticFiles struct {
	fsys  fs.FS
	live  bool
	mu    sync.RWMutex
	files map[string]*staticFile
}

func loadStatic(fsys fs.FS, live bool) (*staticFiles, error) {
	s := &staticFiles{fsys: fsys, live: live}
	return s, s.load()
}

func (s *staticFiles) load() error {
	files := map[string]*staticFile{}
	err := fs.WalkDir(s.fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(s.fsys, p)
		if err != nil {
			return err
		}
		files[strings.TrimPrefix(p, "static/")] = newStaticFile(p, data)
		return nil
	})
	if err == nil {
		err = addSprites(files)
	}
	if err != nil {
		return fmt.Errorf("web: read static files: %w", err)
	}
	s.mu.Lock()
	s.files = files
	s.mu.Unlock()
	return nil
}

// packed holds the compressed forms of every static file this process has
// read, by content: the best compression is slow (brotli at its highest
// quality), so each content is compressed once, however often the files
// are loaded (every test's server, every request with live assets).
var packed sync.Map // [32]byte → [2][]byte{br, gz}

// compressed returns data in brotli (highest quality: browsers take "br"
// over HTTPS, and for these small text files it is 10–20% smaller than
// gzip thanks to its built-in dictionary) and in gzip (every other
// client); nil for a form that is not smaller than data.
func compressed(sum [32]byte, data []byte) (br, gz []byte) {
	if v, ok := packed.Load(sum); ok {
		forms := v.([2][]byte)
		return forms[0], forms[1]
	}
	var b bytes.Buffer
	bw := brotli.NewWriterLevel(&b, brotli.BestCompression)
	bw.Write(data)
	bw.Close()
	var g bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&g, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	smaller := func(z []byte) []byte {
		if len(z) < len(data) {
			return z
		}
		return nil
	}
	br, gz = smaller(b.Bytes()), smaller(g.Bytes())
	packed.Store(sum, [2][]byte{br, gz})
	return br, gz
}

// newStaticFile keeps a file with its fingerprint; its compressed forms
// come with its first request (forms).
func newStaticFile(p string, data []byte) *staticFile {
	sum := sha256.Sum256(data)
	return &staticFile{data: data, sum: sum, hash: hex.EncodeToString(sum[:5]), ctype: contentType(p)}
}

func contentType(p string) string {
	switch path.Ext(p) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".webmanifest":
		return "application/manifest+json"
	case ".svg":
		return "image/svg+xml"
	}
	if t := mime.TypeByExtension(path.Ext(p)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func (s *staticFiles) get(name string) (*staticFile, bool) {
	if s.live {
		s.load()
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	f, ok := s.files[name]
	return f, ok
}

// url returns the fingerprinted URL of a static file, for templates.
func (s *staticFiles) url(name string) string {
	if f, ok := s.get(name); ok {
		return "/static/" + name + "?v=" + f.hash
	}
	return "/static/" + name
}

// assetHeaders are the strict headers that only a document or a worker
// obeys (a policy for its content, framing, features, windows): a
// stylesheet, script or image carries them for nothing, and on a child's
// first visit a dozen files each paid ~500 bytes for them. What does
// apply to a file stays: nosniff, Cross-Origin-Resource-Policy and
// Referrer-Policy (a stylesheet's own requests follow it).
var assetHeaders = []string{"Content-Security-Policy", "X-Frame-Options", "Permissions-Policy",
	"Cross-Origin-Opener-Policy", "Content-Language"}

// svgCSP is an image's policy when it is opened on its own, as a document:
// it may load nothing, run nothing and be framed by no one.
var svgCSP = []string{"default-src 'none'; frame-ancestors 'none'; sandbox"}[:1:1]

// serveStatic answers GET /static/*path from memory, compressed as the
// client takes it (brotli, else gzip). A fingerprinted URL may be kept for
// a year: a change makes a new URL.
func (a *App) serveStatic(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("path"), "/")
	f, ok := a.static.get(name)
	if !ok {
		a.kit.NotFound(c)
		return
	}
	h := c.Writer.Header()
	for _, k := range assetHeaders {
		delete(h, k)
	}
	if strings.HasPrefix(f.ctype, "image/svg") {
		h["Content-Security-Policy"] = svgCSP
	}
	if c.Query("v") == f.hash && !a.kit.Config.LiveAssets {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	sendStatic(c, f)
}

// serviceWorker serves /sw.js from the site root, so that it may control
// the children's pages under /s/. It is never cached for long: a new
// version must reach the tablets; unchanged, the browser's check costs a
// few bytes. A worker obeys its own Content-Security-Policy: that stays.
func (a *App) serviceWorker(c *gin.Context) {
	f, ok := a.static.get("sw.js")
	if !ok {
		a.kit.NotFound(c)
		return
	}
	h := c.Writer.Header()
	for _, k := range assetHeaders[1:] {
		delete(h, k)
	}
	h.Set("Cache-Control", "no-cache")
	h.Set("Service-Worker-Allowed", "/s/")
	sendStatic(c, f)
}

// sendStatic answers with f: 304 when the client has it (ETag), else its
// smallest form the client takes. The compressed forms are made once, at
// the file's first request; the gzip middleware leaves an answer alone
// that has a Content-Encoding.
func sendStatic(c *gin.Context, f *staticFile) {
	h := c.Writer.Header()
	h.Set("ETag", `"`+f.hash+`"`)
	if c.GetHeader("If-None-Match") == `"`+f.hash+`"` {
		c.Status(http.StatusNotModified)
		return
	}
	h.Set("Vary", "Accept-Encoding")
	body, accept := f.data, c.GetHeader("Accept-Encoding")
	br, gz := f.forms()
	switch {
	case br != nil && acceptsEncoding(accept, "br"):
		h.Set("Content-Encoding", "br")
		body = br
	case gz != nil && acceptsEncoding(accept, "gzip"):
		h.Set("Content-Encoding", "gzip")
		body = gz
	}
	c.Data(http.StatusOK, f.ctype, body)
}

// acceptsEncoding reports whether an Accept-Encoding header lists coding
// and does not refuse it (q=0).
func acceptsEncoding(header, coding string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(name), coding) {
			continue
		}
		q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
		return !ok || strings.Trim(q, "0.") != ""
	}
	return false
}
