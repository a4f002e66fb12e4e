//go:build browser

package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// layoutShift is the page's cumulative layout shift so far, as Lighthouse
// and the Core Web Vitals count it: every layout-shift entry not caused by
// a recent input, from the page's start (buffered).
const layoutShift = `new Promise(r => {
	let sum = 0;
	new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) sum += e.value; })
		.observe({type: 'layout-shift', buffered: true});
	setTimeout(() => r(sum), 1000);
})`

// slowScripts puts a proxy before the server that holds every script
// back for a moment, as a slow mobile network does on a child's first
// visit: the page then paints before its deferred script has run, every
// time, instead of now and then.
func slowScripts(tb testing.TB, target string) string {
	tb.Helper()
	u, err := url.Parse(target)
	if err != nil {
		tb.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".js") {
			time.Sleep(700 * time.Millisecond)
		}
		rp.ServeHTTP(w, r)
	}))
	tb.Cleanup(srv.Close)
	return srv.URL
}

// Choosing a language loads the page in that language at its welcome
// screen: on a phone, in Dutch and in Arabic, nothing on it may jump
// while it loads (Google calls under 0.1 good). Measured on the first
// load (nothing kept on the phone yet) and after choosing on the
// language screen.
func TestBrowserNoJumpAfterChoosingALanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.org("Testclub")
	for _, lang := range []string{"nl", "ar"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			sess := e.openSession("wellbeing", "10-13", "fr", "school")
			ctx := device(t, browserOpts{width: 390, height: 844})
			base := slowScripts(t, e.srv.URL)
			run(t, ctx, chromedp.Navigate(base+"/s/"+sess.Code+"?lang="+lang+"#welcome"))
			waitFor(t, ctx, `document.readyState === 'complete' && (document.querySelector('.screen.current')||{}).id === 'welcome'`)
			first := js[float64](t, ctx, layoutShift)
			// Choosing on the language screen, as on a phone that keeps
			// nothing (no service worker: plain HTTP on a school network).
			if _, err := chromedp.Call(ctx, network.SetBypassServiceWorker, network.SetBypassServiceWorkerParams{Bypass: true}); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
				t.Fatal(err)
			}
			run(t, ctx, chromedp.Navigate(base+"/s/"+sess.Code))
			waitScreen(t, ctx, "languages")
			do(t, ctx, `document.querySelector('.lang-button[lang=`+lang+`]').click()`)
			waitFor(t, ctx, `location.search === '?lang=`+lang+`' && document.readyState === 'complete' && (document.querySelector('.screen.current')||{}).id === 'welcome'`)
			chosen := js[float64](t, ctx, layoutShift)
			t.Logf("%s: cumulative layout shift %.3f on a first load, %.3f after choosing the language", lang, first, chosen)
			if first >= 0.1 || chosen >= 0.1 {
				t.Errorf("%s: the welcome screen jumps while it loads: layout shift %.3f and %.3f, want under 0.1", lang, first, chosen)
			}
		})
	}
}

// A browser that runs scripts but cannot run the questionnaire's (here
// the offline queue never arrives, as in a browser without IndexedDB)
// shows the whole form, as without JavaScript: the first paint's single
// screen must not stay the only one.
func TestBrowserWholeFormWhenTheScriptCannotRun(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	u, _ := url.Parse(e.srv.URL)
	rp := httputil.NewSingleHostReverseProxy(u)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/static/queue.") {
			http.NotFound(w, r)
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	ctx := device(t, browserOpts{width: 390, height: 844})
	run(t, ctx, chromedp.Navigate(proxy.URL+"/s/"+sess.Code+"?lang=nl"))
	waitFor(t, ctx, `document.readyState === 'complete'`)
	shown := js[int](t, ctx, `[...document.querySelectorAll('fieldset.question')].filter(f => f.offsetParent !== null).length`)
	total := js[int](t, ctx, `document.querySelectorAll('fieldset.question').length`)
	if total == 0 || shown != total {
		t.Fatalf("without its script the page shows %d of %d questions", shown, total)
	}
}
