//go:build browser

package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// answerQuestions answers every question of the questionnaire with the
// first answer shown, and stops on the about screen.
func answerQuestions(t *testing.T, ctx context.Context) {
	t.Helper()
	for {
		id := currentScreen(t, ctx)
		if !strings.HasPrefix(id, "q") {
			break
		}
		if js[bool](t, ctx, `!!document.querySelector('#`+id+` textarea')`) {
			run(t, ctx, click(".qbar [data-action=next]"))
			continue
		}
		do(t, ctx, `document.querySelector('#`+id+` .answers:not(.extra) .answer').click()`)
		run(t, ctx, click(".qbar [data-action=next]"))
	}
	waitScreen(t, ctx, "about")
}

// A child of 11 on a phone, in Dutch and in Arabic (right to left), walks
// through the background block at the end: one question a screen, "I'd
// rather not say" on each, a question skipped with the bar's skip; axe
// finds nothing on the block's screens; what is stored is what was
// tapped, skipped as "rather not".
func TestBrowserBackgroundBlock(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, lang := range []string{"nl", "ar"} {
		t.Run(lang, func(t *testing.T) {
			sess := e.openSession("wellbeing", "10-13", lang, "school", withBlock)
			ctx := browser(t, browserOpts{width: 390, height: 844})
			run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code+"?lang="+lang))
			waitScreen(t, ctx, "welcome")
			run(t, ctx, click("[data-action=start]"))
			answerQuestions(t, ctx)
			run(t, ctx, click(`#about input[name=age][value="11"] + .word`), click(".qbar [data-action=next]"))
			waitScreen(t, ctx, "bg-intro")
			if dir := js[string](t, ctx, `document.documentElement.dir`); lang == "ar" && dir != "rtl" {
				t.Errorf("dir %q on an Arabic page", dir)
			}
			audit(t, ctx, lang+" background intro")
			run(t, ctx, click(".qbar [data-action=next]"))
			waitScreen(t, ctx, "bg-living")
			audit(t, ctx, lang+" background living")
			run(t, ctx, click(`#bg-living input[value="foster_family"] + .word`), click(".qbar [data-action=next]"))
			waitScreen(t, ctx, "bg-language")
			run(t, ctx, click(".qbar [data-action=skip]"))
			waitScreen(t, ctx, "bg-illness")
			run(t, ctx, click(`#bg-illness input[value="yes"] + .word`), click(".qbar [data-action=next]"))
			waitScreen(t, ctx, "bg-have")
			audit(t, ctx, lang+" background things")
			run(t, ctx, click(`#bg-have input[name="a.bg_have_clothes"][value="no"] + .word`),
				click(`#bg-have input[name="a.bg_have_computer"][value="no"] + .word`), click(".qbar [data-action=next]"))
			waitScreen(t, ctx, "send")
			run(t, ctx, click("#send [data-action=send]"))
			e.waitCount(sess.ID, 1)
			var living, language, illness, deprivation string
			e.rawDB().QueryRow(`SELECT bg_living, bg_language, bg_illness, bg_deprivation FROM submissions WHERE session_id = ?`, sess.ID).
				Scan(&living, &language, &illness, &deprivation)
			if got := fmt.Sprint(living, language, illness, deprivation); got != "foster_familyrather_notyestwo_or_more" {
				t.Errorf("stored %q %q %q %q", living, language, illness, deprivation)
			}
		})
	}
}

// In a 6-9 session the block is passed over for a child who chose 7, and
// asked of a child who chose 8.
func TestBrowserBackgroundFromEight(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "6-9", "nl", "school", withBlock)
	for _, tc := range []struct{ age, next string }{{"7", "send"}, {"8", "bg-intro"}} {
		ctx := browser(t, browserOpts{width: 820, height: 1180})
		run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code+"?lang=nl"))
		waitScreen(t, ctx, "welcome")
		run(t, ctx, click("[data-action=start]"))
		answerQuestions(t, ctx)
		run(t, ctx, click(`#about input[name=age][value="`+tc.age+`"] + .word`), click(".qbar [data-action=next]"))
		waitScreen(t, ctx, tc.next)
	}
}
