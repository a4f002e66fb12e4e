//go:build browser

package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// chromium finds a Chromium to drive. Without one the browser tests skip
// with a message; with KINDERSTEM_REQUIRE_BROWSER set (CI) they fail.
func chromium(tb testing.TB) string {
	tb.Helper()
	if testing.Short() {
		tb.Skip("browser test: skipped with -short")
	}
	for _, name := range []string{os.Getenv("KINDERSTEM_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("KINDERSTEM_REQUIRE_BROWSER") != "" {
		tb.Fatal("no Chromium found, and KINDERSTEM_REQUIRE_BROWSER is set: install Debian's chromium")
	}
	tb.Skip("no Chromium found: install Debian's chromium (apt-get install chromium) to run the browser tests")
	return ""
}

type browserOpts struct {
	width, height int
	noJS          bool
}

// chrome is the one Chromium of this test binary, started by the first
// test that needs it and stopped by TestMain. Each test opens its own
// browser context in it (browser), so nothing a page leaves behind
// (cookies, storage, caches, service workers) reaches another test, and
// the binary pays for one Chromium start instead of one per test.
var chrome struct {
	mu      sync.Mutex
	ctx     context.Context // the browser's first tab; nil until started
	stop    func()
	profile string // the user data dir, removed by TestMain
}

func TestMain(m *testing.M) {
	code := m.Run()
	chrome.mu.Lock()
	if chrome.stop != nil {
		chrome.stop()
	}
	if chrome.profile != "" {
		os.RemoveAll(chrome.profile)
	}
	chrome.mu.Unlock()
	os.Exit(code)
}

// sharedChromium returns the running Chromium, starting it when there is
// none yet or when the last one died.
func sharedChromium(tb testing.TB) context.Context {
	tb.Helper()
	path := chromium(tb)
	chrome.mu.Lock()
	defer chrome.mu.Unlock()
	if chrome.ctx != nil && chrome.ctx.Err() == nil {
		return chrome.ctx
	}
	if chrome.stop != nil {
		chrome.stop()
	}
	if chrome.profile == "" {
		dir, err := os.MkdirTemp("", "kinderstem-chromium-")
		if err != nil {
			tb.Fatal(err)
		}
		chrome.profile = dir
	}
	// Chromium now and then exits before it listens (once in seven runs of
	// this package here, with nothing in its output but dbus noise); a
	// fresh start with a fresh profile then works. A page that breaks the
	// browser later still fails the test.
	var err error
	for attempt := 1; attempt <= 3; attempt++ {
		profile, mkErr := os.MkdirTemp(chrome.profile, "profile-")
		if mkErr != nil {
			tb.Fatal(mkErr)
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.NoSandbox,
			chromedp.UserDataDir(profile),
			chromedp.WindowSize(800, 1100),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("no-first-run", true),
		)
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(alloc)
		if err = chromedp.Do(ctx); err == nil {
			chrome.ctx = ctx
			chrome.stop = func() { closeBrowser(ctx); cancelCtx(); cancelAlloc() }
			return ctx
		}
		cancelCtx()
		cancelAlloc()
		tb.Logf("start Chromium, attempt %d: %.200v", attempt, err)
	}
	tb.Fatalf("start Chromium: %v", err)
	return nil
}

// browser opens a fresh browser context (a profile of its own, like an
// incognito window) in the shared Chromium, with one tab in a window of
// the size asked, and closes it when the test ends.
func browser(tb testing.TB, o browserOpts) context.Context {
	tb.Helper()
	parent := sharedChromium(tb)
	if o.width == 0 {
		o.width, o.height = 800, 1100
	}
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		tb.Fatalf("open a browser context: %v", err)
	}
	tb.Cleanup(cancel)
	// The window's size, as --window-size gives a browser of its own: the
	// page gets the window less its (invisible) toolbars, and a headless
	// window is never narrower than 500 px (device emulates a phone).
	win, err := chromedp.Call(ctx, cdpbrowser.GetWindowForTarget, cdpbrowser.GetWindowForTargetParams{})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetWindowBounds, cdpbrowser.SetWindowBoundsParams{
		WindowID: win.WindowID, Bounds: &cdpbrowser.Bounds{Width: int64(max(o.width, 500)), Height: int64(o.height)}}); err != nil {
		tb.Fatal(err)
	}
	if o.noJS {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			tb.Fatal(err)
		}
	}
	return ctx
}

// closeBrowser asks Chromium to quit, so it removes its singleton socket
// directory from /tmp; a killed Chromium leaves one behind.
func closeBrowser(ctx context.Context) {
	c, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_ = chromedp.Cancel(c) // the kill in cancelAlloc is the fallback
}

// step bounds one browser step so a broken page fails the test, not CI.
const step = 30 * time.Second

func run(tb testing.TB, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	tb.Helper()
	c, cancel := context.WithTimeout(ctx, step)
	defer cancel()
	if err := chromedp.Do(c, actions...); err != nil {
		tb.Fatalf("browser: %v", err)
	}
}

// js runs JavaScript in the page and returns its (awaited) result.
func js[T any](tb testing.TB, ctx context.Context, expr string) T {
	tb.Helper()
	c, cancel := context.WithTimeout(ctx, step)
	defer cancel()
	v, err := chromedp.Run(c, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.Fatalf("evaluate %.100s: %v", expr, err)
	}
	return v
}

func do(tb testing.TB, ctx context.Context, expr string) {
	tb.Helper()
	js[chromedp.Void](tb, ctx, expr)
}

func click(sel string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(sel)) }

func visible(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.CSS(sel))
}

// networkConditions is the classic Network.emulateNetworkConditions,
// which the Debian Chromium of CI understands.
type networkConditions struct {
	Offline            bool    `json:"offline"`
	Latency            float64 `json:"latency"`
	DownloadThroughput float64 `json:"downloadThroughput"`
	UploadThroughput   float64 `json:"uploadThroughput"`
}

var emulateNetworkConditions = cdp.Command[networkConditions, cdp.Empty]{Method: "Network.emulateNetworkConditions"}

// offline cuts the tab off the network (navigator.onLine says so too), or
// puts it back.
func offline(tb testing.TB, ctx context.Context, off bool) {
	tb.Helper()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		tb.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulateNetworkConditions, networkConditions{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		tb.Fatal(err)
	}
}

// currentScreen returns the id of the screen on show.
func currentScreen(tb testing.TB, ctx context.Context) string {
	tb.Helper()
	return js[string](tb, ctx, `(document.querySelector('.screen.current')||{}).id||''`)
}

// waitScreen waits until the page's script shows the screen (the server
// marks the first screen current before the script runs).
func waitScreen(tb testing.TB, ctx context.Context, id string) {
	tb.Helper()
	run(tb, ctx, visible("html.js #"+id+".current"))
}

// onScreen is a condition for waitFor: the page's script shows the screen.
func onScreen(id string) string {
	return `document.documentElement.classList.contains('js') && (document.querySelector('.screen.current')||{}).id === '` + id + `'`
}

// answerAll goes through every question as a child would: picks the
// answer at position pick (modulo the answers shown), or types for a text
// question, and moves on; then answers about-you and arrives at sending.
func answerAll(tb testing.TB, ctx context.Context, pick int, text string) int {
	tb.Helper()
	questions := 0
	for {
		id := currentScreen(tb, ctx)
		if !strings.HasPrefix(id, "q") {
			break
		}
		questions++
		if js[bool](tb, ctx, `!!document.querySelector('#`+id+` textarea')`) {
			run(tb, ctx, chromedp.SendKeys(chromedp.CSS("#"+id+" textarea"), text))
		} else {
			do(tb, ctx, fmt.Sprintf(`(()=>{const a=document.querySelectorAll('#%s .answers:not(.extra) .answer');a[%d %% a.length].click()})()`, id, pick))
		}
		run(tb, ctx, click(".qbar [data-action=next]"))
	}
	waitScreen(tb, ctx, "about")
	run(tb, ctx,
		click(`#about input[name=age][value="11"] + .word`),
		click(`#about input[name=gender][value="girl"] + .word`),
		click(".qbar [data-action=next]"),
	)
	waitScreen(tb, ctx, "send")
	return questions
}

// waitCount polls the database until the session has n submissions.
func (e *env) waitCount(sessionID int64, n int) {
	e.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if e.count(sessionID) == n {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	e.t.Fatalf("session has %d submissions, want %d", e.count(sessionID), n)
}

func pollJS(tb testing.TB, ctx context.Context, expr string, want int) {
	tb.Helper()
	deadline := time.Now().Add(20 * time.Second)
	got := -1
	for time.Now().Before(deadline) {
		if got = js[int](tb, ctx, expr); got == want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.Fatalf("%s = %d, want %d", expr, got, want)
}

// queueLength counts the submissions waiting on the device.
const queueLength = `new Promise(r=>{const q=indexedDB.open('kinderstem',1);q.onupgradeneeded=()=>q.result.createObjectStore('queue',{keyPath:'id'});q.onsuccess=()=>{const t=q.result.transaction('queue').objectStore('queue').count();t.onsuccess=()=>{q.result.close();r(t.result)}}})`
