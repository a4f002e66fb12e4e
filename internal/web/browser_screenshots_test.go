//go:build browser

package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestScreenshots writes a picture of every child screen to the folder in
// KINDERSTEM_SCREENSHOTS, for people to look at (a phone and a landscape
// tablet, Dutch and Arabic). It checks nothing and is skipped without it.
func TestScreenshots(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("KINDERSTEM_SCREENSHOTS")
	if dir == "" {
		t.Skip("set KINDERSTEM_SCREENSHOTS=DIR to write screenshots of the child's screens")
	}
	e := newEnv(t)
	for _, c := range []struct {
		lang, band string
		w, h       int
	}{{"nl", "10-13", 390, 844}, {"nl", "6-9", 1280, 800}, {"ar", "14-17", 390, 844}} {
		if _, ok := e.locales.Lang(c.lang); !ok {
			continue
		}
		sess := e.openSession("wellbeing", c.band, c.lang, "school")
		ctx := browser(t, browserOpts{width: c.w, height: c.h})
		shot := func(name string) {
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%s-%dx%d-%s.png", c.lang, c.band, c.w, c.h, name)), png, 0o644)
		}
		run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code))
		waitScreen(t, ctx, "languages")
		shot("0-languages")
		run(t, ctx, click(`.lang-button[lang=`+c.lang+`]`))
		waitScreen(t, ctx, "welcome")
		shot("1-welcome")
		run(t, ctx, click(`[data-action=start]`))
		for i := 0; ; i++ {
			id := currentScreen(t, ctx)
			if !strings.HasPrefix(id, "q") {
				break
			}
			do(t, ctx, `(document.querySelector('#`+id+` .answers:not(.extra) .answer:nth-child(2)')||{click(){}}).click()`)
			shot(fmt.Sprintf("2-%02d-%s", i, id))
			run(t, ctx, click(".qbar [data-action=next]"))
		}
		shot("3-about")
		run(t, ctx, click(".qbar [data-action=next]"))
		shot("4-send")
		run(t, ctx, click("[data-action=send]"))
		waitScreen(t, ctx, "thanks")
		shot("5-thanks")
	}
}

// TestStaffScreenshots writes pictures of the youth worker's pages to the
// folder in KINDERSTEM_SCREENSHOTS.
func TestStaffScreenshots(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("KINDERSTEM_SCREENSHOTS")
	if dir == "" {
		t.Skip("set KINDERSTEM_SCREENSHOTS=DIR to write screenshots of the staff pages")
	}
	e := newEnv(t)
	email := "mia@example.org"
	pw := e.addUser("worker", email, "Jeugdhuis De Vlinder")
	ctx := browser(t, browserOpts{width: 1280, height: 900})
	shot := func(name string) {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "staff-"+name+".png"), png, 0o644)
	}
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/login"), chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), pw))
	shot("0-login")
	run(t, ctx, click("form.stack button"), visible(".staff-nav"))
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/sessions/new"))
	shot("1-new-session")
	do(t, ctx, `document.querySelector('#region').value='44021'; document.querySelector('input[name=survey][value=wellbeing]').checked=true`)
	run(t, ctx, click("form.stack button.primary"), visible(".big-code"))
	shot("2-session")
	code := js[string](t, ctx, `document.querySelector('.big-code').textContent`)
	for i := 0; i < 14; i++ {
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","answers":{"life_satisfaction":%d,"felt_happy":%d,"safe_home":1}}`, uid(i), 5+i%6, 1+i%5)
		e.client().postJSON("/api/v1/sessions/"+code+"/submissions", body)
	}
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/sessions"))
	shot("3-list")
	run(t, ctx, click("a.code-link"), visible(".big-code"), click(`form[action$="/close"] button`), visible(`form[action$="/reopen"]`), click(`a[href$="/results"]`), visible(".results-page"))
	shot("4-results")
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+code))
	shot("5-child-results")
}
