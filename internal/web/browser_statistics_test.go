//go:build browser

package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
)

// The indicator page's statistics in a real browser: the reliability
// marks (with their reasons for screen readers), the p and Holm columns,
// and the sentence of the overall test pass axe-core's WCAG 2.1 A and AA
// rules, in English and in Arabic (right to left).
func TestBrowserIndicatorStatistics(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	for s := 0; s < 6; s++ {
		setting, hits := "school", 7
		if s >= 3 {
			setting, hits = "youth_work", 2
		}
		sess := e.openSession("wellbeing", "10-13", "nl", setting)
		for i := 0; i < 8; i++ {
			v := 2
			if i < hits {
				v = 9
			}
			body := fmt.Sprintf(`{"id":"%s","lang":"nl","gender":"girl","answers":{"life_satisfaction":%d}}`, uidFor(fmt.Sprintf("b%d", s), i), v)
			e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
		}
	}
	email := "stats@example.org"
	pw := e.addUser("analyst", email, "Stad")
	ctx := browser(t, browserOpts{width: 1280, height: 900})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/login"), chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), pw))
	run(t, ctx, click("form.stack button"), visible(".staff-nav"))
	for _, lang := range []string{"en", "ar"} {
		run(t, ctx, chromedp.Navigate(e.srv.URL+"/indicators/wellbeing/life_satisfied?by=setting&lang="+lang), visible("table.differences"))
		if !js[bool](t, ctx, `!!document.querySelector('sup.flag .visually-hidden') && !!document.querySelector('.flag-legend')`) {
			t.Fatalf("%s: no reliability mark with its reasons, or no legend", lang)
		}
		if n := js[int](t, ctx, `document.querySelectorAll('table.differences thead th').length`); n != 6 {
			t.Fatalf("%s: the differences table has %d columns, want 6 (with p and Holm's p)", lang, n)
		}
		if !js[bool](t, ctx, `!!document.querySelector('p.tests')`) {
			t.Fatalf("%s: no overall test under the differences", lang)
		}
		audit(t, ctx, "indicator page with statistics ("+lang+")")
	}
}
