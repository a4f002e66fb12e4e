//go:build browser

package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// The models page in a real browser: an analyst chooses an indicator and
// two breakdowns in the form, gets the coefficients with a reading of
// each, and the page (and a refusal) passes axe-core's WCAG 2.1 A and AA
// rules, in English and in Arabic (right to left).
func TestBrowserModelPage(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, manyChildren)
	e.modelChildren(t)
	email := "models@example.org"
	pw := e.addUser("analyst", email, "Stad")
	ctx := browser(t, browserOpts{width: 1280, height: 900})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/login"), chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), pw))
	run(t, ctx, click("form.stack button"), visible(".staff-nav"))
	for _, lang := range []string{"en", "ar"} {
		run(t, ctx, chromedp.Navigate(e.srv.URL+"/models?lang="+lang), visible("#m-indicator"),
			chromedp.SetValue(chromedp.CSS("#m-indicator"), "wellbeing/life_satisfied"),
			chromedp.SetValue(chromedp.CSS("#m-by1"), "setting"),
			chromedp.SetValue(chromedp.CSS("#m-by2"), "gender"))
		run(t, ctx, click("form.filters button"), visible("table caption"))
		if n := js[int](t, ctx, `document.querySelectorAll('table tbody tr').length`); n != 3 {
			t.Fatalf("%s: %d coefficients, want 3 (intercept, youth work, boy)", lang, n)
		}
		if n := js[int](t, ctx, `document.querySelectorAll('table thead th').length`); n != 9 {
			t.Fatalf("%s: %d columns, want 9 (with the odds ratio and its interval)", lang, n)
		}
		audit(t, ctx, "models page ("+lang+")")
		run(t, ctx, chromedp.Navigate(e.srv.URL+"/models?indicator=wellbeing/life_satisfied&by=gender&age=13&lang="+lang), visible(".notice.error li"))
		audit(t, ctx, "a refused model ("+lang+")")
	}
}
