//go:build browser

package web_test

import (
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// A professional fills in the Child Guarantee form through an invitation
// link on a desktop with JavaScript and on a 390 px phone without it: each
// matrix row is a labelled group of radio buttons, nothing scrolls
// sideways, a 0 and a "don't know" are stored as 0 and -2, and the
// personal link shows them again.
func TestBrowserProfessionalForm(t *testing.T) {
	t.Parallel()
	chromium(t) // skip the whole test, not only its browser steps, with -short
	e := newEnv(t)
	r, tokens := e.newRound(2, false)
	s, _ := e.catalog.Survey("child_guarantee")
	want := 0
	for _, it := range s.Items() {
		if it.Kind == survey.KindMatrix {
			want += len(it.Rows)
		}
	}
	for i, tc := range []struct {
		name string
		opts browserOpts
	}{
		{"desktop with JavaScript", browserOpts{width: 1280, height: 900}},
		{"phone without JavaScript", browserOpts{width: 390, height: 844, noJS: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := browser(t, tc.opts)
			// Headless Chromium keeps a window at least 500 px wide; a
			// phone's viewport is set the way DevTools' device mode does.
			if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: int64(tc.opts.width), Height: int64(tc.opts.height), DeviceScaleFactor: 1, Mobile: tc.opts.width < 500}); err != nil {
				t.Fatal(err)
			}
			run(t, ctx, chromedp.Navigate(e.srv.URL+"/i/"+tokens[i]+"?lang=en"))
			if w, vw := js[int](t, ctx, `document.documentElement.scrollWidth`), js[int](t, ctx, `window.innerWidth`); w > vw || vw > tc.opts.width {
				t.Errorf("the page is %d px wide in a %d px viewport (window %d): it scrolls sideways", w, vw, tc.opts.width)
			}
			rows := js[int](t, ctx, `[...document.querySelectorAll('.matrix fieldset.pro-row')].filter(f => f.querySelector('legend').textContent.trim() !== '' && f.querySelectorAll('input[type=radio]').length === 8).length`)
			if rows != want {
				t.Errorf("%d matrix rows are a labelled group of 8 radio buttons, want %d (a statement for each group it is rated for)", rows, want)
			}
			run(t, ctx,
				click(`input[name="a.cc_affordable.poverty"][value="0"]`),
				click(`input[name="a.cc_affordable.homeless"][value="dont_know"]`),
				click(`input[name="a.org_kind"][value="2"]`),
				chromedp.SendKeys(chromedp.CSS(`#t-childcare_comment`), "Too few places."),
				click(`.pro-form button[type=submit]`),
				visible("#saved"))
			kept := js[bool](t, ctx, `document.querySelector('input[name="a.cc_affordable.poverty"][value="0"]').checked &&
				document.querySelector('input[name="a.cc_affordable.homeless"][value="dont_know"]').checked &&
				document.querySelector('#t-childcare_comment').value === 'Too few places.'`)
			if !kept {
				t.Error("the personal link does not show the saved answers")
			}
			// axe over all 72 rows takes longer than a browser step on a
			// busy machine; the twelve matrices come from one template, so
			// it checks the profile, awareness and the first two of them.
			do(t, ctx, `[...document.querySelectorAll('.matrix')].slice(2).forEach(m => m.remove())`)
			audit(t, ctx, tc.name)
		})
	}
	got := e.storedCodes(r.ID)
	if len(got) != 2 {
		t.Fatalf("%d responses stored, want 2", len(got))
	}
	for _, codes := range got {
		if codes["cc_affordable.poverty"] != 0 || codes["cc_affordable.homeless"] != -2 || codes["cc_affordable.migrant"] != -1 || codes["org_kind"] != 2 {
			t.Errorf("stored %v", codes)
		}
	}
}
