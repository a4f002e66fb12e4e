//go:build browser

package web_test

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/kinderstem/kinderstem/internal/store"
)

// An easy-read session walked on a tablet, as a child with read-aloud on:
// every question shows its easy words and one pictogram (hidden from
// screen readers: the words beside it say it all), the speech call gets
// the easy words, axe finds nothing on the welcome screen, a question and
// the send screen, and the answers arrive marked easy read. The first
// child's visit is counted over the wire as in the weight test.
func TestBrowserEasyReadOnATablet(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s, _ := e.catalog.Survey("wellbeing")
	weights := map[string]int64{}
	for _, c := range []struct {
		lang string
		easy bool
	}{{"nl", true}, {"ar", true}, {"nl", false}} {
		lang, name := c.lang, c.lang+" easy read"
		if !c.easy {
			name = c.lang + " standard"
		}
		t.Run(name, func(t *testing.T) {
			sess := e.openSession("wellbeing", "10-13", lang, "school", func(ss *store.Session) { ss.EasyRead = c.easy })
			loc := e.locales.For(lang)
			var down, up atomic.Int64
			proxy := countingProxy(t, e.srv.URL, &down, &up, new(sync.Map))
			ctx := browser(t, browserOpts{width: 820, height: 1180})
			voice := map[string]string{"nl": "nl-BE", "ar": "ar-SA"}[lang]
			if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fakeSpeech(`"` + voice + `"`)}); err != nil {
				t.Fatal(err)
			}
			run(t, ctx, chromedp.Navigate(proxy+"/s/"+sess.Code+"?lang="+lang))
			waitScreen(t, ctx, "welcome")
			if got := js[string](t, ctx, `document.querySelector('#welcome .lead').textContent.trim()`); c.easy && got != loc.T(s.EasyIntro()) {
				t.Errorf("welcome says %q, want the easy introduction", got)
			}
			audit(t, ctx, name+" welcome")
			run(t, ctx, click("[data-action=start]"))
			questions := 0
			for {
				id := currentScreen(t, ctx)
				if !strings.HasPrefix(id, "q") {
					break
				}
				questions++
				item := js[string](t, ctx, `document.querySelector('.screen.current').dataset.item`)
				it, _ := s.Item(item)
				text := js[string](t, ctx, `document.querySelector('.screen.current .qtext').textContent.trim()`)
				run(t, ctx, click(".tools [data-action=speak]"))
				said := js[map[string]string](t, ctx, `window.__spoken[window.__spoken.length - 1] || {}`)
				if !strings.Contains(said["text"], text) || said["lang"] != voice {
					t.Errorf("%s: read aloud %q in %q, want the words shown %q in %s", item, said["text"], said["lang"], text, voice)
				}
				pics := js[[]string](t, ctx, `[...document.querySelectorAll('.screen.current img.pictogram')].map(p => JSON.stringify(p.getAttribute('alt')) + ' ' + new URL(p.src).pathname + new URL(p.src).hash + ' ' + (p.complete && p.naturalWidth > 0 ? 'drawn' : 'missing') + ' ' + Math.round(p.getBoundingClientRect().width))`)
				if !c.easy {
					if text != loc.T(it.Text) || len(pics) != 0 {
						t.Errorf("standard %s shows %q and pictograms %q", item, text, pics)
					}
				} else if text != loc.T(s.EasyText(item)) {
					t.Errorf("%s shows %q, want its easy words %q", item, text, loc.T(s.EasyText(item)))
				}
				if c.easy && (len(pics) != 1 || !strings.HasPrefix(pics[0], `"" /static/pictograms.svg#`+it.Pictogram+" drawn ") || strings.HasSuffix(pics[0], " 0")) {
					t.Errorf("%s: pictograms %q, want one %s, drawn, shown, with an empty alt (decorative)", item, pics, it.Pictogram)
				}
				if questions == 2 {
					audit(t, ctx, name+" question")
				}
				if js[bool](t, ctx, `!!document.querySelector('.screen.current textarea')`) {
					run(t, ctx, chromedp.SendKeys(chromedp.CSS(".screen.current textarea"), "meer speeltijd"))
				} else {
					do(t, ctx, fmt.Sprintf(`(()=>{const a=document.querySelectorAll('.screen.current .answers:not(.extra) .answer');a[%d %% a.length].click()})()`, questions))
				}
				run(t, ctx, click(".qbar [data-action=next]"))
			}
			if questions < 15 {
				t.Fatalf("%d questions walked", questions)
			}
			waitScreen(t, ctx, "about")
			run(t, ctx, click(`#about input[name=age][value="11"] + .word`), click(".qbar [data-action=next]"))
			waitScreen(t, ctx, "send")
			audit(t, ctx, name+" send")
			run(t, ctx, click("#send [data-action=send]"))
			e.waitCount(sess.ID, 1)
			var easy int
			if err := e.rawDB().QueryRow(`SELECT easy_read FROM submissions WHERE session_id = ?`, sess.ID).Scan(&easy); err != nil || (easy == 1) != c.easy {
				t.Errorf("the stored submission has easy_read = %d (%v), want it %v", easy, err, c.easy)
			}
			pollJS(t, ctx, `navigator.serviceWorker.controller ? 1 : 0`, 1)
			first := settled(&down, &up)
			weights[name] = first
			t.Logf("%s: first child, %d questions: %d B (%.1f KB) over the wire", name, questions, first, float64(first)/1024)
		})
	}
	// The service worker fills the tablet's cache with the page in every
	// language, so easy read's words and pictograms count about seven
	// times; what it adds is held to a quarter of the standard visit.
	easy, std := weights["nl easy read"], weights["nl standard"]
	t.Logf("easy read adds %d B (%.0f%%) to a first child's visit", easy-std, 100*float64(easy-std)/float64(std))
	if easy > 120<<10 {
		t.Errorf("an easy-read first child costs %d B, over the 120 KB a standard one may cost (TestBrowserNextChildOnATabletIsLight)", easy)
	}
	if std > 0 && easy > std+std/4 {
		t.Errorf("an easy-read first child costs %d B, a standard one %d B: more than a quarter more", easy, std)
	}
}

// A worker ticks easy read on the new-session form; the session page says
// it is on and offers to turn it off; both pages have no axe findings.
func TestBrowserEasyReadWorker(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pw := e.addUser("worker", "noor@example.org", "Jeugdhuis")
	w := browser(t, browserOpts{width: 1280, height: 900})
	run(t, w, chromedp.Navigate(e.srv.URL+"/login?lang=nl"),
		chromedp.SendKeys(chromedp.CSS("#email"), "noor@example.org"), chromedp.SendKeys(chromedp.CSS("#password"), pw),
		click("form.stack button"), visible(".staff-nav"),
		chromedp.Navigate(e.srv.URL+"/sessions/new"), visible("#region"))
	audit(t, w, "new-session form")
	do(t, w, `document.querySelector('input[name=survey][value=wellbeing]').click(); document.querySelector('#region').value='24062'; document.querySelector('input[name=easy]').click()`)
	run(t, w, click("form.stack button.primary"), visible(".big-code"), visible("#easy-read"))
	audit(t, w, "session page in easy read")
	if got := js[string](t, w, `document.querySelector('#easy-read button').textContent.trim()`); got != "De gewone woorden gebruiken" {
		t.Errorf("the session page's easy-read button says %q", got)
	}
	// The switch posts and the page comes back: wait for the new page,
	// not the old one's button.
	do(t, w, `document.body.dataset.before = '1'`)
	run(t, w, click("#easy-read button"), chromedp.WaitNotPresent(chromedp.CSS("body[data-before]")), visible("#easy-read"))
	if got := js[string](t, w, `document.querySelector('#easy-read button').textContent.trim()`); got != "Makkelijk lezen gebruiken" {
		t.Errorf("after turning it off, the button says %q", got)
	}
}
