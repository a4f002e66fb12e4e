//go:build browser

package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
)

// The idle question on the send screen says which button sends, and that
// button sends.
func TestBrowserIdleOnTheSendScreenSends(t *testing.T) {
	t.Parallel()
	onDevices(t, true, func(t *testing.T, e *env, sess *store.Session, ctx context.Context) {
		startChild(t, ctx, e.srv.URL, sess.Code)
		walk(t, ctx, 1, "")
		fire(t, ctx, 120000)
		run(t, ctx, visible("#still-there"))
		text := js[string](t, ctx, `document.querySelector('#still-there p').innerText`)
		if !strings.Contains(text, "„Verstuur mijn antwoorden”") {
			t.Fatalf("the idle question says %q", text)
		}
		if strings.HasSuffix(t.Name(), "phone") {
			audit(t, ctx, "still there at send")
		}
		buttons := js[[]string](t, ctx, `[...document.querySelectorAll('#still-there button')].filter(b => b.offsetParent !== null).map(b => b.innerText)`)
		if len(buttons) == 0 || buttons[len(buttons)-1] != "Verstuur mijn antwoorden" {
			t.Fatalf("the idle question offers %q, and says to tap \"Verstuur mijn antwoorden\"", buttons)
		}
		do(t, ctx, `[...document.querySelectorAll('#still-there button')].find(b => b.innerText === 'Verstuur mijn antwoorden').click()`)
		waitScreen(t, ctx, "thanks")
		e.waitCount(sess.ID, 1)
	})
}

// A server that answers 503 (a full disk) is not a missing Wi-Fi: the
// child reads that the answers wait on the tablet because the computer is
// busy, never "as soon as there is internet again"; they are sent when
// the server takes them.
func TestBrowserServerBusyIsNotNoInternet(t *testing.T) {
	t.Parallel()
	onDevices(t, false, func(t *testing.T, e *env, sess *store.Session, ctx context.Context) {
		var busy atomic.Bool
		busy.Store(true)
		u, _ := url.Parse(e.srv.URL)
		rp := httputil.NewSingleHostReverseProxy(u)
		proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/submissions") && busy.Load() {
				w.Header().Set("Retry-After", "60")
				http.Error(w, `{"error":{"code":"unavailable"}}`, http.StatusServiceUnavailable)
				return
			}
			rp.ServeHTTP(w, r)
		}))
		t.Cleanup(proxy.Close)
		startChild(t, ctx, proxy.URL, sess.Code)
		walk(t, ctx, 1, "")
		run(t, ctx, click("[data-action=send]"))
		waitScreen(t, ctx, "thanks")
		shown := js[string](t, ctx, `[...document.querySelectorAll('#thanks .lead')].filter(p => !p.hidden).map(p => p.innerText).join(' ')`)
		if strings.Contains(shown, "internet") || !strings.Contains(shown, "Onze computer is nu even druk") {
			t.Fatalf("with the server busy the child reads %q", shown)
		}
		if e.count(sess.ID) != 0 {
			t.Fatal("stored while the server said 503")
		}
		busy.Store(false)
		do(t, ctx, `window.dispatchEvent(new Event('online'))`)
		e.waitCount(sess.ID, 1)
	})
}
