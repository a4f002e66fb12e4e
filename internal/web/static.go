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

	"github.com/gin-gonic/gin"
)

// staticFile is one file of static/, kept in memory with its gzip form.
type staticFile struct {
	data, gz []byte
	hash     string
	ctype    string
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
		err = addPictogramSprite(files)
	}
	if err != nil {
		return fmt.Errorf("web: read static files: %w", err)
	}
	s.mu.Lock()
	s.files = files
	s.mu.Unlock()
	return nil
}

// newStaticFile keeps a file with its fingerprint and, when smaller, its
// gzip form.
func newStaticFile(p string, data []byte) *staticFile {
	sum := sha256.Sum256(data)
	f := &staticFile{data: data, hash: hex.EncodeToString(sum[:5]), ctype: contentType(p)}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	if buf.Len() < len(data) {
		f.gz = buf.Bytes()
	}
	return f
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

// serve answers GET /static/*path from memory, gzipped when the client
// takes it. The service worker is served without long caching so that a new
// version reaches tablets.
func (a *App) serveStatic(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("path"), "/")
	f, ok := a.static.get(name)
	if !ok {
		a.kit.NotFound(c)
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("ETag", `"`+f.hash+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	if c.Query("v") == f.hash && !a.kit.Config.LiveAssets {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	if match := c.GetHeader("If-None-Match"); match == `"`+f.hash+`"` {
		c.Status(http.StatusNotModified)
		return
	}
	h.Add("Vary", "Accept-Encoding")
	if f.gz != nil && strings.Contains(c.GetHeader("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		c.Data(http.StatusOK, f.ctype, f.gz)
		return
	}
	c.Data(http.StatusOK, f.ctype, f.data)
}

// serviceWorker serves /sw.js from the site root, so that it may control
// the children's pages under /s/. It is never cached for long: a new version
// must reach the tablets.
func (a *App) serviceWorker(c *gin.Context) {
	f, ok := a.static.get("sw.js")
	if !ok {
		a.kit.NotFound(c)
		return
	}
	c.Header("Cache-Control", "no-cache")
	c.Header("Service-Worker-Allowed", "/s/")
	// The browser asks for the worker on every visit: unchanged, a few bytes.
	c.Header("ETag", `"`+f.hash+`"`)
	if c.GetHeader("If-None-Match") == `"`+f.hash+`"` {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, f.ctype, f.data)
}
