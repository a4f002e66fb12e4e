//go:build browser

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// reach opens a child's page in the browser as a child reaches it: a GET
// by its address, a POST by sending its form from a page of the site.
func reach(tb testing.TB, ctx context.Context, base string, p childPage, form url.Values) {
	tb.Helper()
	if p.method == http.MethodGet {
		run(tb, ctx, chromedp.Navigate(base+p.path))
		waitFor(tb, ctx, `document.readyState === 'complete'`)
		return
	}
	if !js[bool](tb, ctx, `location.origin === `+strconv.Quote(base)) {
		run(tb, ctx, chromedp.Navigate(base+"/"))
	}
	fields := ""
	for k, vs := range form {
		for _, v := range vs {
			fields += `f.append(Object.assign(document.createElement('input'), {type: 'hidden', name: ` + strconv.Quote(k) + `, value: ` + strconv.Quote(v) + `}));`
		}
	}
	do(tb, ctx, `window.__left = true; setTimeout(() => { const f = document.createElement('form'); f.method = 'post'; f.action = `+strconv.Quote(p.path)+`; `+fields+` document.body.append(f); f.submit() }, 0)`)
	waitFor(tb, ctx, `!window.__left && document.readyState === 'complete'`)
}

// "Need to talk to someone?" at the top of every page a child can see
// (the pages of childPages, which TestHelpOnEveryChildPage holds to the
// route table), on a tablet and a phone: at the top of the page, which
// after "Do you feel heard?" opens at its thanks. A tap shows the
// helplines. Every page passes axe on the phone. The small group's
// results read true.
func TestBrowserHelpOnEveryChildPage(t *testing.T) {
	t.Parallel()
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			e, pages := childPages(t)
			ctx := device(t, vp.opts)
			for _, p := range pages {
				var form url.Values
				if p.form != nil {
					form = p.form(t)
				}
				reach(t, ctx, e.srv.URL, p, form)
				link := js[[]float64](t, ctx, `(() => { const l = document.querySelector('.help-link'); if (!l || l.offsetParent === null) return []; const r = l.getBoundingClientRect(); return [r.top + scrollY, r.bottom + scrollY, r.width, r.height]; })()`)
				if len(link) != 4 || link[0] < 0 || link[1] > 160 || link[2] < 47.5 || link[3] < 47.5 {
					t.Errorf("%s: no \"Need to talk to someone?\" at the top (%v)", p.name, link)
					continue
				}
				do(t, ctx, `window.scrollTo(0, 0); document.querySelector('.help-link').click()`)
				waitFor(t, ctx, `(() => { const n = document.querySelector('#help .number'); if (!n || n.offsetParent === null) return false; const r = n.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`)
				if s := js[string](t, ctx, `document.querySelector('#help').innerText`); !strings.Contains(s, "102") || !strings.Contains(s, "116 111") {
					t.Errorf("%s: the helplines read %q", p.name, s)
				}
				if p.name == "the group's results" {
					words := js[string](t, ctx, `[...document.querySelectorAll('.result-words, .pct')].map(e => e.innerText).join(' | ')`)
					if strings.Contains(words, "Ongeveer 1 op de 10") || strings.Contains(words, "Ongeveer 9 op de 10") || !strings.Contains(words, "Minder dan 3 op de 10") {
						t.Errorf("a group of six reads %q", words)
					}
				}
				if vp.name == "phone" {
					do(t, ctx, `document.querySelector('#help [data-action=help-close]') && document.querySelector('#help').classList.contains('open') && document.querySelector('#help [data-action=help-close]').click()`)
					audit(t, ctx, p.name)
				}
			}
		})
	}
}

// The vote: a real check box on each topic, as the words say ("tick");
// after voting, "Done" shows a thank-you and never the form; the next
// child on the tablet reaches a fresh form from there.
func TestBrowserVoteTicksAndDone(t *testing.T) {
	t.Parallel()
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			e, pages := childPages(t)
			var vote childPage
			for _, p := range pages {
				if p.name == "the vote" {
					vote = p
				}
			}
			ctx := device(t, vp.opts)
			reach(t, ctx, e.srv.URL, vote, nil)
			if how := js[string](t, ctx, `document.querySelector('#vote-how').innerText`); !strings.Contains(how, "Vink aan") {
				t.Fatalf("the vote says %q", how)
			}
			boxes := js[[]float64](t, ctx, `[...document.querySelectorAll('.topics input[type=checkbox]')].map(b => { const r = b.getBoundingClientRect(), s = getComputedStyle(b); return s.opacity === '1' && s.visibility === 'visible' ? Math.min(r.width, r.height) : 0 })`)
			if len(boxes) == 0 {
				t.Fatal("no topics to tick")
			}
			for i, size := range boxes {
				if size < 24 {
					t.Errorf("topic %d: the box to tick is %.0f px (hidden or too small), the words say tick", i+1, size)
				}
			}
			if vp.name == "phone" {
				audit(t, ctx, "the vote")
			}
			do(t, ctx, `document.querySelector('.topics .answer .word').click()`)
			if !js[bool](t, ctx, `document.querySelector('.topics input').checked`) {
				t.Fatal("tapping a topic's words does not tick it")
			}
			do(t, ctx, `window.__left = true; document.querySelector('form.vote button[type=submit]').click()`)
			waitFor(t, ctx, `!window.__left && document.readyState === 'complete' && !!document.querySelector('#voted-title')`)
			do(t, ctx, `window.__left = true; document.querySelector('main .message-page a.button').click()`)
			waitFor(t, ctx, `!window.__left && document.readyState === 'complete'`)
			if js[bool](t, ctx, `!!document.querySelector('form.vote, input[name=topic]')`) {
				t.Fatal(`"Done" after voting shows the vote form again`)
			}
			if s := js[string](t, ctx, `document.querySelector('main').innerText`); !strings.Contains(s, "Je stem is geteld.") {
				t.Fatalf("after Done: %q", s)
			}
			if vp.name == "phone" {
				audit(t, ctx, "after voting")
			}
			do(t, ctx, `window.__left = true; document.querySelector('main .message-page a.button').click()`)
			waitFor(t, ctx, `!window.__left && document.readyState === 'complete' && !!document.querySelector('form.vote')`)
			if n := js[int](t, ctx, `document.querySelectorAll('input:checked').length`); n != 0 {
				t.Fatalf("the next child's vote form has %d ticks", n)
			}
		})
	}
}
