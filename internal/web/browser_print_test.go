//go:build browser

package web_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Printed, an indicator page is a report: the date, source and
// disclosure note show, the download links and filter button do not, and
// the bars are outlined in black on white so they read in black and
// white. The overview prints the same note; both make a PDF.
func TestPrintedReport(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.fill(t, "school", 9, 9, 9, 8, 8, 8, 7, 6, 5, 10, 10, 3)
	e.fill(t, "youth_care", 9, 2, 9, 8, 7, 6, 9, 9, 8, 10, 4, 9)
	email := "ana@example.org"
	pw := e.addUser("analyst", email, "Stad")
	ctx := browser(t, browserOpts{width: 1280, height: 900})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/login"), chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), pw))
	run(t, ctx, click("form.stack button"), visible(".staff-nav"))
	shown := func(sel string) bool {
		return js[bool](t, ctx, `(() => { const el = document.querySelector('`+sel+`'); return !!el && getComputedStyle(el).display !== 'none'; })()`)
	}
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/indicators/wellbeing/life_satisfied?by=setting&lang=en"))
	if shown(".report-note") || !shown(".downloads") {
		t.Fatal("on screen the report note shows or the downloads are gone")
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if !shown(".report-note") || shown(".downloads") || shown(".filter-go") || shown(".site-header") {
		t.Fatal("printed, the report note is hidden or the screen's controls show")
	}
	note := js[string](t, ctx, `document.querySelector('.report-note').textContent`)
	for _, want := range []string{"Printed on 20", "/indicators/wellbeing/life_satisfied?by=setting", "fewer than 10 children"} {
		if !strings.Contains(note, want) {
			t.Errorf("the printed note lacks %q: %s", want, note)
		}
	}
	bars := js[[]string](t, ctx, `[...document.querySelectorAll('.chart rect')].map(r => getComputedStyle(r).fill + ' ' + getComputedStyle(r).stroke)`)
	if len(bars) == 0 {
		t.Fatal("no bars to check")
	}
	for _, b := range bars {
		if b != "rgb(255, 255, 255) rgb(0, 0, 0)" {
			t.Fatalf("a printed bar is %q, want white with a black outline", b)
		}
	}
	for _, path := range []string{"/indicators/wellbeing/life_satisfied?by=setting", "/indicators?lang=ar"} {
		run(t, ctx, chromedp.Navigate(e.srv.URL+path))
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF")) || !shown(".report-note") {
			t.Fatalf("%s: no PDF (%d bytes) or no note", path, len(pdf))
		}
	}
}
