//go:build browser

package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The weight of a first and a next child on the same tablet, over the
// wire (request and response headers and bodies, counted by a proxy
// between Chromium and the server, service worker traffic included).
// KINDERSTEM_WEIGHT_LOG=1 logs each request's share.
func TestBrowserNextChildOnATabletIsLight(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	var down, up atomic.Int64
	var pages sync.Map // a child page's address → *atomic.Int64, how often it was downloaded
	var offline atomic.Bool
	proxy := cuttableProxy(t, e.srv.URL, &down, &up, &pages, &offline)
	ctx := browser(t, browserOpts{width: 800, height: 1100})
	child := func() {
		waitScreen(t, ctx, "languages")
		run(t, ctx, click(`.lang-button[lang=nl]`))
		waitScreen(t, ctx, "welcome")
		run(t, ctx, click(`[data-action=start]`))
		walk(t, ctx, 1, "meer speeltijd")
		run(t, ctx, click("[data-action=send]"))
		waitScreen(t, ctx, "thanks")
	}
	run(t, ctx, chromedp.Navigate(proxy+"/s/"+sess.Code))
	child()
	e.waitCount(sess.ID, 1)
	// The first child's visit includes filling the tablet's cache.
	pollJS(t, ctx, `navigator.serviceWorker.controller ? 1 : 0`, 1)
	pollJS(t, ctx, `caches.open('kinderstem-2').then(c => Promise.all([...document.querySelectorAll('link[rel=stylesheet], script[src], img[src], a.lang-button')].map(el => c.match((el.getAttribute('href') || el.getAttribute('src')).split('#')[0])))).then(a => a.every(Boolean) ? 1 : 0)`, 1)
	first := settled(&down, &up)
	// Each language's page came once: the navigation's copy is kept by the
	// service worker (also as ?lang= of its own language), not fetched again.
	fetched := map[string]int64{}
	pages.Range(func(k, v any) bool { fetched[k.(string)] = v.(*atomic.Int64).Load(); return true })
	if n := fetched["/s/"+sess.Code]; n != 1 {
		t.Errorf("the page was downloaded %d times, want once: %v", n, fetched)
	}
	if n := fetched["/s/"+sess.Code+"?lang=nl"]; n != 0 {
		t.Errorf("the page's own language came again as ?lang=nl (%d times): %v", n, fetched)
	}
	for _, lang := range e.locales.Offered() {
		l := lang.Tag
		if l == "nl" {
			continue
		}
		if n := fetched["/s/"+sess.Code+"?lang="+l]; n != 1 {
			t.Errorf("the page in %s was downloaded %d times, want once for the offline cache: %v", l, n, fetched)
		}
	}
	run(t, ctx, click("#thanks [data-action=reset]"))
	child()
	e.waitCount(sess.ID, 2)
	next := settled(&down, &up) - first
	t.Logf("first child: %d B (%.1f KB), next child: %d B (%.1f KB) over the wire", first, float64(first)/1024, next, float64(next)/1024)
	if next >= 15<<10 {
		t.Errorf("a next child costs %d B, over 15 KB", next)
	}
	// DESIGN.md's bar: 80 KB for the first child, the service worker's
	// cache fill included (the page once in every offered language, its
	// files), with every language the registry offers, drafts included.
	if first > 80<<10 {
		t.Errorf("a first child costs %d B (%.1f KB) with %d languages, over 80 KB", first, float64(first)/1024, len(e.locales.Offered()))
	}
	// Each language's kept page is whole and in its language (the pages
	// after the first came as the difference from it), and with the
	// Wi-Fi gone the next child can still pick any of them, Dari too.
	for _, l := range e.locales.Offered() {
		tr := e.locales.For(l.Tag)
		kept := js[string](t, ctx, `caches.match(location.pathname + '?lang=`+l.Tag+`').then(r => r ? r.text() : '')`)
		if !strings.Contains(kept, `<html lang="`+l.Tag+`" dir="`+l.Dir+`"`) || !strings.Contains(kept, ">"+tr.T("wellbeing.title")+"</h1>") || !strings.HasSuffix(strings.TrimSpace(kept), "</html>") {
			t.Errorf("the tablet's copy of the page in %s is not that page (%d bytes)", l.Tag, len(kept))
		}
	}
	// First the server gone behind a proxy that says so (502), then the
	// Wi-Fi gone (connections drop).
	for _, cut := range []*atomic.Bool{&e.down, &offline} {
		cut.Store(true)
		run(t, ctx, chromedp.Navigate(proxy+"/s/"+sess.Code))
		waitScreen(t, ctx, "languages")
		run(t, ctx, click(`.lang-button[lang=prs]`))
		waitScreen(t, ctx, "welcome")
		if got := js[string](t, ctx, `document.documentElement.lang + ' ' + document.documentElement.dir + ' ' + document.querySelector('#welcome-title').textContent.trim()`); got != "prs rtl "+e.locales.For("prs").T("wellbeing.title") {
			t.Errorf("offline, Dari's page shows %q", got)
		}
	}
}

// settled waits until no byte has moved for half a second (the service
// worker may still be filling its cache) and returns the bytes so far.
func settled(down, up *atomic.Int64) int64 {
	last := down.Load() + up.Load()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); {
		time.Sleep(500 * time.Millisecond)
		now := down.Load() + up.Load()
		if now == last {
			break
		}
		last = now
	}
	return last
}

// countingProxy forwards to target and counts the bytes each way.
// The GET requests of child pages (/s/…) are counted in pages by address.
func countingProxy(tb testing.TB, target string, down, up *atomic.Int64, pages *sync.Map) string {
	return cuttableProxy(tb, target, down, up, pages, new(atomic.Bool))
}

// cuttableProxy is a countingProxy whose every connection drops, as with
// no network, while cut is set.
func cuttableProxy(tb testing.TB, target string, down, up *atomic.Int64, pages *sync.Map, cut *atomic.Bool) string {
	tb.Helper()
	u, err := url.Parse(target)
	if err != nil {
		tb.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.Transport = &http.Transport{DisableCompression: true}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if cut.Load() {
			panic(http.ErrAbortHandler) // the Wi-Fi is gone: the connection drops
		}
		up.Add(int64(len(r.Method) + len(r.URL.RequestURI()) + 12 + headerSize(r.Header)))
		if r.ContentLength > 0 {
			up.Add(r.ContentLength)
		}
		if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/s/") {
			n, _ := pages.LoadOrStore(r.URL.RequestURI(), new(atomic.Int64))
			n.(*atomic.Int64).Add(1)
		}
		cw := &countingWriter{ResponseWriter: w, n: down}
		rp.ServeHTTP(cw, r)
		if os.Getenv("KINDERSTEM_WEIGHT_LOG") != "" {
			tb.Logf("%s %s: %d B down (%s, headers %d B), headers %d B up", r.Method, r.URL.RequestURI(), cw.own,
				w.Header().Get("Content-Encoding"), headerSize(w.Header()), headerSize(r.Header))
		}
	}))
	tb.Cleanup(srv.Close)
	return srv.URL
}

type countingWriter struct {
	http.ResponseWriter
	n           *atomic.Int64
	own         int64
	wroteHeader bool
}

func (c *countingWriter) WriteHeader(code int) {
	if !c.wroteHeader {
		c.wroteHeader = true
		c.n.Add(int64(17 + headerSize(c.Header())))
		c.own += int64(17 + headerSize(c.Header()))
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *countingWriter) Write(b []byte) (int, error) {
	if !c.wroteHeader {
		c.WriteHeader(http.StatusOK)
	}
	c.n.Add(int64(len(b)))
	c.own += int64(len(b))
	return c.ResponseWriter.Write(b)
}

func (c *countingWriter) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func headerSize(h http.Header) int {
	n := 2
	for k, vs := range h {
		for _, v := range vs {
			n += len(k) + 2 + len(v) + 2
		}
	}
	return n
}

// The language buttons' flags come from one sprite (one request for all):
// each button shows its own language's flag exactly as its own file draws
// it in the button's 48 × 32 box, pixel for pixel, so no flag shows a
// neighbour's edge or another language's picture.
func TestBrowserFlagsFromOneSprite(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	ctx := browser(t, browserOpts{})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code))
	waitScreen(t, ctx, "languages")
	got := js[[]string](t, ctx, `(async () => {
	  const px = async src => {
	    const img = new Image(48, 32);
	    img.src = src;
	    await img.decode();
	    const c = document.createElement('canvas');
	    c.width = 48; c.height = 32;
	    const g = c.getContext('2d');
	    g.drawImage(img, 0, 0, 48, 32);
	    return g.getImageData(0, 0, 48, 32).data;
	  };
	  const out = [];
	  for (const el of document.querySelectorAll('.lang-button img')) {
	    const lang = el.closest('.lang-button').getAttribute('lang');
	    const src = el.getAttribute('src');
	    if (!/\/static\/flags\.svg\?v=[0-9a-f]+#/.test(src)) { out.push(lang + ': not from the sprite: ' + src); continue; }
	    // The flag's own file in the button's box (as <img width=48 height=32> shows it).
	    const own = (await (await fetch('/static/flags/' + src.split('#')[1] + '.svg')).text()).replace('<svg ', '<svg width="48" height="32" ');
	    const a = await px(src), b = await px('data:image/svg+xml,' + encodeURIComponent(own));
	    let diff = 0;
	    for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
	    out.push(lang + ' ' + src.split('#')[1] + ' ' + (diff <= 8 ? 'same' : 'differs by ' + diff));
	  }
	  return out;
	})()`)
	var flags int
	for _, l := range e.locales.Offered() {
		if l.Flag != "" {
			flags++
		}
	}
	if len(got) != flags {
		t.Errorf("%d flags on the language screen, want %d: %v", len(got), flags, got)
	}
	for _, g := range got {
		f := strings.Fields(g)
		if len(f) != 3 || f[0] != f[1] || f[2] != "same" {
			t.Errorf("flag %s", g)
		}
	}
}
