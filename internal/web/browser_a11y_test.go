//go:build browser

package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

type axeViolation struct {
	ID     string            `json:"id"`
	Impact string            `json:"impact"`
	Help   string            `json:"help"`
	Nodes  []json.RawMessage `json:"nodes"`
}

// audit runs axe-core's WCAG 2.1 A and AA rules on the page as it is and
// fails on any serious or critical finding; it also checks that every
// control a child can touch is at least 48 by 48 CSS pixels.
func audit(tb testing.TB, ctx context.Context, where string) {
	tb.Helper()
	for _, p := range auditProblems(tb, ctx) {
		tb.Errorf("%s: %s", where, p)
	}
}

func auditProblems(tb testing.TB, ctx context.Context) []string {
	tb.Helper()
	// A page loaded without JavaScript stays so (its scripts were skipped),
	// but axe needs the engine back to run.
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		tb.Fatal(err)
	}
	if !js[bool](tb, ctx, `typeof axe !== 'undefined'`) {
		src, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
		if err != nil {
			tb.Fatal(err)
		}
		run(tb, ctx, chromedp.Evaluate[chromedp.Void](string(src)))
	}
	type result struct {
		Passes     int
		Violations []axeViolation
	}
	res := js[result](tb, ctx, `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
		.then(r => ({Passes: r.passes.length, Violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 200)}))}))}))`)
	if res.Passes == 0 {
		tb.Fatal("axe checked nothing: is the page empty?")
	}
	var out []string
	for _, v := range res.Violations {
		if v.Impact == "serious" || v.Impact == "critical" {
			nodes, _ := json.Marshal(v.Nodes)
			out = append(out, fmt.Sprintf("axe %s (%s): %s\n%s", v.ID, v.Impact, v.Help, nodes))
		}
	}
	small := js[[]string](tb, ctx, `[...document.querySelectorAll('button, .answer, .lang-button, .tool, .button, input[type=text], textarea')]
		.filter(el => el.offsetParent !== null)
		.filter(el => { const r = el.getBoundingClientRect(); return r.width < 47.5 || r.height < 47.5 })
		.map(el => el.outerHTML.slice(0, 100))`)
	for _, s := range small {
		out = append(out, "touch target under 48 px: "+s)
	}
	return out
}

// The audit itself must be able to fail: a page with grey-on-white text,
// an unlabelled field and a tiny button is caught.
func TestAuditCatchesProblems(t *testing.T) {
	t.Parallel()
	ctx := browser(t, browserOpts{})
	page := `<!doctype html><html lang="en"><title>bad</title><body><p style="color:#bbb">faint words</p><input type="text"><button style="width:20px;height:20px">x</button></body></html>`
	run(t, ctx, chromedp.Navigate("data:text/html,"+url.PathEscape(page)))
	got := strings.Join(auditProblems(t, ctx), "\n")
	for _, want := range []string{"color-contrast", "label", "touch target under 48 px"} {
		if !strings.Contains(got, want) {
			t.Errorf("audit missed %s; found:\n%s", want, got)
		}
	}
}

// Every child screen, in Dutch and in Arabic, for the youngest and the
// oldest band, on a phone; the whole form without JavaScript on a tablet.
func TestBrowserAccessibility(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// The walks share the server and run side by side, each in a browser
	// context of its own; their sessions' organisation is made first, so
	// that they do not race to make it.
	e.org("Testclub")
	for _, lang := range []string{"nl", "ar"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			if _, ok := e.locales.Lang(lang); !ok {
				t.Fatalf("%s is not shipped", lang)
			}
			for _, band := range []string{"6-9", "14-17"} {
				t.Run(band, func(t *testing.T) { t.Parallel(); auditFlow(t, e, lang, band) })
			}
			t.Run("no-js", func(t *testing.T) { t.Parallel(); auditWithoutJS(t, e, lang) })
		})
	}
}

func auditWithoutJS(t *testing.T, e *env, lang string) {
	ctx := browser(t, browserOpts{width: 1280, height: 800, noJS: true})
	sess := e.openSession("wellbeing", "10-13", lang, "school")
	noJS := func(path string) {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		run(t, ctx, chromedp.Navigate(e.srv.URL+path))
	}
	noJS("/s/" + sess.Code)
	if js[bool](t, ctx, `document.documentElement.classList.contains('js')`) {
		t.Fatal("the page ran its script")
	}
	audit(t, ctx, lang+" whole form without JavaScript")
	noJS("/s/AAAAAA?lang=" + lang)
	audit(t, ctx, lang+" unknown code")
	noJS("/s/" + sess.Code + "/bye?lang=" + lang)
	audit(t, ctx, lang+" declined")
	noJS("/s/" + sess.Code + "/thanks?lang=" + lang)
	audit(t, ctx, lang+" thanks without JavaScript")
}

func auditFlow(t *testing.T, e *env, lang, band string) {
	sess := e.openSession("wellbeing", band, lang, "youth_care")
	ctx := browser(t, browserOpts{width: 390, height: 844})
	where := lang + " " + band + " "
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code))
	waitScreen(t, ctx, "languages")
	audit(t, ctx, where+"languages")
	run(t, ctx, click(`.lang-button[lang=`+lang+`]`))
	waitScreen(t, ctx, "welcome")
	audit(t, ctx, where+"welcome")
	run(t, ctx, click(`[data-action=start]`))
	for {
		id := currentScreen(t, ctx)
		if !strings.HasPrefix(id, "q") {
			break
		}
		do(t, ctx, `(document.querySelector('#`+id+` .answer')||{click(){}}).click()`)
		audit(t, ctx, where+id)
		run(t, ctx, click(".qbar [data-action=next]"))
	}
	audit(t, ctx, where+"about")
	run(t, ctx, click(".qbar [data-action=next]"))
	waitScreen(t, ctx, "send")
	audit(t, ctx, where+"send")
	run(t, ctx, click(`[data-action=stop]`), visible(`#confirm-stop`))
	audit(t, ctx, where+"stop dialog")
	run(t, ctx, click(`[data-action=stop-no]`), click("[data-action=send]"))
	waitScreen(t, ctx, "thanks")
	audit(t, ctx, where+"thanks")
}
