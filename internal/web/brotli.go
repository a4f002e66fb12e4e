package web

import (
	"bufio"
	"bytes"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// A child's pages (everything under /s/ that is HTML) go out in brotli
// when the browser takes it: a questionnaire is ~50 KB of markup, and a
// tablet's first visit downloads it once in every language for offline
// use. Brotli at quality 5 makes it ~18% smaller than the general
// compressor's zstd (5.9 KB against 7.2 KB) for 1–4 ms more a page
// (BenchmarkChildPageBrotli); every other answer keeps that compressor.
const childBrotliQuality = 5

var brotliWriters = sync.Pool{New: func() any {
	// A 256 KB window holds a whole page; the default 4 MB costs memory
	// for nothing.
	return brotli.NewWriterOptions(nil, brotli.WriterOptions{Quality: childBrotliQuality, LGWin: 18})
}}

// wantsChildBrotli reports whether r is a child's page request whose
// answer may go out in brotli.
func wantsChildBrotli(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/s/") &&
		acceptsEncoding(r.Header.Get("Accept-Encoding"), "br")
}

// brotliWriter compresses an HTML answer that nobody has encoded yet;
// anything else passes through to the general compressor. When the
// request offers a dictionary this server sent (dict), the answer goes
// out as "dcz" against it instead; when the handler marked the answer as
// a dictionary (Use-As-Dictionary), its bytes are kept in dicts
// (dictionary.go).
type brotliWriter struct {
	http.ResponseWriter
	dicts   *dictionaries
	dict    *dictionary
	bw      *brotli.Writer
	dcz     *bytes.Buffer // the body, compressed at close against dict
	keep    *bytes.Buffer // the body, kept as a dictionary at close
	decided bool
}

func (w *brotliWriter) WriteHeader(code int) {
	if !w.decided {
		w.decided = true
		h := w.Header()
		body := code >= http.StatusOK && code != http.StatusNoContent && code != http.StatusNotModified
		html := body && h.Get("Content-Encoding") == "" && strings.HasPrefix(h.Get("Content-Type"), "text/html")
		if html && code == http.StatusOK && w.dicts != nil && h.Get("Use-As-Dictionary") != "" {
			w.keep = new(bytes.Buffer)
		} else {
			h.Del("Use-As-Dictionary")
		}
		switch {
		case html && w.dict != nil && code == http.StatusOK:
			h.Set("Content-Encoding", "dcz")
			varyOn(h, "Accept-Encoding", "Available-Dictionary")
			h.Del("Content-Length")
			w.dcz = new(bytes.Buffer)
		case html:
			h.Set("Content-Encoding", "br")
			varyOn(h, "Accept-Encoding")
			h.Del("Content-Length")
			w.bw = brotliWriters.Get().(*brotli.Writer)
			w.bw.Reset(w.ResponseWriter)
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

// varyOn adds to the answer's one Vary line each of fields it does not
// name yet.
func varyOn(h http.Header, fields ...string) {
	v := strings.Join(h.Values("Vary"), ", ")
	for _, f := range fields {
		if !strings.Contains(v, f) {
			v = strings.TrimPrefix(v+", "+f, ", ")
		}
	}
	h.Set("Vary", v)
}

func (w *brotliWriter) Write(b []byte) (int, error) {
	if !w.decided {
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", http.DetectContentType(b))
		}
		w.WriteHeader(http.StatusOK)
	}
	if w.keep != nil {
		w.keep.Write(b)
	}
	switch {
	case w.dcz != nil:
		return w.dcz.Write(b)
	case w.bw != nil:
		return w.bw.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

func (w *brotliWriter) Flush() {
	if w.bw != nil {
		w.bw.Flush()
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Hijack lets a handler take the connection (gin asks for it through
// the writer it wraps).
func (w *brotliWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

func (w *brotliWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// close sends the dictionary-compressed body, keeps a dictionary, ends
// the brotli stream and returns the writer to the pool.
func (w *brotliWriter) close() {
	if w.dcz != nil {
		out, err := w.dict.encode(w.dcz.Bytes())
		if err != nil {
			// The status and headers are sent: a body that cannot be
			// compressed ends the answer, and the browser tries again.
			panic(http.ErrAbortHandler)
		}
		w.ResponseWriter.Write(out)
		w.dcz = nil
	}
	if w.keep != nil {
		w.dicts.add(w.keep.Bytes())
		w.keep = nil
	}
	if w.bw == nil {
		return
	}
	w.bw.Close()
	w.bw.Reset(nil)
	brotliWriters.Put(w.bw)
	w.bw = nil
}
