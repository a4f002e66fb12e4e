//go:build browser

package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// openPaths are every kind of public page of an edition in a language:
// the pages linked from the home page are found by following its links,
// so a page the home page stops linking to is still missed here and not
// silently audited under another name.
func openPaths(t *testing.T, e *env, ctx context.Context, lang string) map[string]string {
	t.Helper()
	base := e.srv.URL + "/open/" + lang + "/"
	run(t, ctx, chromedp.Navigate(base))
	first := func(sel string) string {
		href := js[string](t, ctx, `(document.querySelector('`+sel+`')||{href:''}).href`)
		if href == "" {
			t.Fatalf("%s: the page has no link %s", lang, sel)
		}
		return href
	}
	paths := map[string]string{"home": base, "theme": first(themeWithFigures), "indicator": first(indicatorWithFigures)}
	run(t, ctx, chromedp.Navigate(base+"children/"))
	paths["children"] = base + "children/"
	paths["province"] = first(`main a[href*="/children/"]`)
	paths["editions"] = base + "editions/"
	paths["edition"] = base + "editions/1/"
	paths["accessibility"] = base + "accessibility/"
	ind := strings.TrimPrefix(paths["indicator"], base+"indicators/")
	paths["embed"] = e.srv.URL + "/embed/" + lang + "/" + ind
	return paths
}

// themeWithFigures is the home page's link to a theme with a published
// figure, and indicatorWithFigures a link to such an indicator (the test
// data answers two questions; the others' pages say there are too few).
const (
	themeWithFigures     = `main .open-theme:has(.open-headline strong) h3 a`
	indicatorWithFigures = `main .open-rows li:has(.open-headline strong) a[href*="/indicators/"]`
)

// Every public page, in all six languages, on a tablet and on a phone:
// no serious or critical axe finding, and no control under 48 px.
func TestBrowserOpenAccessibility(t *testing.T) {
	t.Parallel()
	e := standardOpen(t)
	for _, lang := range openLangs(e) {
		for _, vp := range viewports {
			t.Run(lang+"/"+vp.name, func(t *testing.T) {
				t.Parallel()
				ctx := device(t, vp.opts)
				paths := openPaths(t, e, ctx, lang)
				for name, u := range paths {
					run(t, ctx, chromedp.Navigate(u))
					if got := js[string](t, ctx, `document.documentElement.lang`); got != lang {
						t.Errorf("%s %s: the page is in %q", lang, name, got)
					}
					audit(t, ctx, lang+" "+vp.name+" "+name)
				}
			})
		}
	}
}

// tab presses Tab until the focused element matches sel and returns its
// text, failing after limit presses; every element focused on the way
// must show a focus ring.
func tab(t *testing.T, ctx context.Context, sel string, limit int) string {
	t.Helper()
	for i := 0; i < limit; i++ {
		run(t, ctx, chromedp.KeyEvent(kb.Tab))
		if !js[bool](t, ctx, `(() => { const el = document.activeElement; if (!el || el === document.body) return true;
			const s = getComputedStyle(el); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; })()`) {
			t.Fatalf("a focused element shows no focus ring: %s", js[string](t, ctx, `document.activeElement.outerHTML.slice(0, 120)`))
		}
		if js[bool](t, ctx, `!!document.activeElement && document.activeElement.matches('`+sel+`')`) {
			return js[string](t, ctx, `document.activeElement.textContent.trim()`)
		}
	}
	t.Fatalf("%d presses of Tab did not reach %s", limit, sel)
	return ""
}

// enter presses Enter on the focused link and waits for the page it leads to.
func enter(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	run(t, ctx, chromedp.KeyEvent(kb.Enter))
	pollJS(t, ctx, `location.pathname.includes('`+path+`') && document.readyState === 'complete' ? 1 : 0`, 1)
}

// fakeVoices gives the page a speech engine with a voice in every language
// that records what it is asked to say: headless Chromium has no voices,
// and the read-aloud button stays hidden without one.
const fakeVoices = `(() => {
  const voices = ['nl-BE','fr-BE','en-GB','de-DE','ar','uk-UA'].map(l => ({lang: l, name: l}));
  window.__said = [];
  const synth = new EventTarget();
  synth.getVoices = () => voices;
  synth.speaking = false;
  synth.speak = u => window.__said.push(u.text);
  synth.cancel = () => {};
  Object.defineProperty(window, 'speechSynthesis', {value: synth});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})()`

// The public monitor with the keyboard alone: the skip link first, then
// from the home page to a theme, an indicator with its chart and table
// and its open data; and the children's version from the menu to a
// province, read aloud with Enter, in Dutch and in Arabic.
func TestBrowserOpenKeyboardWalk(t *testing.T) {
	t.Parallel()
	e := standardOpen(t)
	for _, lang := range []string{"nl", "ar"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			ctx := device(t, viewports[0].opts)
			if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fakeVoices}); err != nil {
				t.Fatal(err)
			}
			run(t, ctx, chromedp.Navigate(e.srv.URL+"/open/"+lang+"/"))
			tab(t, ctx, ".skip-link", 1)
			run(t, ctx, chromedp.KeyEvent(kb.Enter))
			pollJS(t, ctx, `document.activeElement && document.activeElement.id === 'main' ? 1 : 0`, 1)

			tab(t, ctx, themeWithFigures, 40)
			enter(t, ctx, "/themes/")
			tab(t, ctx, indicatorWithFigures, 20)
			enter(t, ctx, "/indicators/")
			if js[int](t, ctx, `document.querySelectorAll('main svg.open-chart, main figure svg').length`) == 0 ||
				js[int](t, ctx, `document.querySelectorAll('main table td').length`) == 0 {
				t.Fatal("the indicator page reached by keyboard has no chart or no table: " + js[string](t, ctx, `location.pathname + document.querySelector("main").innerHTML.slice(0, 3000)`))
			}
			tab(t, ctx, `main a[href$=".csv"], main a[href*=".csv?"]`, 60)

			run(t, ctx, chromedp.Navigate(e.srv.URL+"/open/"+lang+"/"))
			tab(t, ctx, `.open-nav a[href$="/children/"]`, 10)
			enter(t, ctx, "/children/")
			tab(t, ctx, `main a[href*="/children/"]`, 20)
			run(t, ctx, chromedp.KeyEvent(kb.Enter))
			pollJS(t, ctx, `/\/children\/[^/]+\/$/.test(location.pathname) && document.readyState === 'complete' ? 1 : 0`, 1)
			tab(t, ctx, `[data-speak]`, 10)
			run(t, ctx, chromedp.KeyEvent(kb.Enter))
			said := js[[]string](t, ctx, `window.__said`)
			h1 := js[string](t, ctx, `document.querySelector('main h1').textContent.trim()`)
			if len(said) != 1 || !strings.Contains(said[0], h1) {
				t.Fatalf("read aloud with Enter: %q, want the page starting with %q", said, h1)
			}
		})
	}
}

// openLangs are the tags of every shipped language.
func openLangs(e *env) []string {
	var tags []string
	for _, l := range e.locales.Languages() {
		tags = append(tags, l.Tag)
	}
	return tags
}

// Printed, an indicator page is the figures: the navigation, languages,
// share links and read-aloud are left out, the charts and tables stay,
// one above the other; the page makes a PDF.
func TestBrowserOpenPrint(t *testing.T) {
	t.Parallel()
	e := standardOpen(t)
	ctx := browser(t, browserOpts{width: 1280, height: 900})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/open/en/"))
	run(t, ctx, chromedp.Navigate(js[string](t, ctx, `document.querySelector('`+indicatorWithFigures+`').href`)))
	shown := func(sel string) bool {
		return js[bool](t, ctx, `[...document.querySelectorAll('`+sel+`')].some(el => getComputedStyle(el).display !== 'none')`)
	}
	if !shown(".open-nav") || !shown(".open-share") {
		t.Fatal("on screen the navigation or the share links are gone")
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	for _, sel := range []string{".open-nav", ".languages", ".open-share", ".skip-link"} {
		if shown(sel) {
			t.Errorf("printed, %s shows", sel)
		}
	}
	if !shown(".chart-box svg") || !shown(".open-table table") {
		t.Fatal("printed, the charts or tables are gone")
	}
	if cols := js[string](t, ctx, `getComputedStyle(document.querySelector('.chart-and-table')).gridTemplateColumns`); strings.Contains(cols, " ") {
		t.Errorf("printed, chart and table stand side by side (%s)", cols)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF())
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF") {
		t.Fatalf("no PDF: %v", err)
	}
}
