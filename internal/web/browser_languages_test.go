//go:build browser

package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/kinderstem/kinderstem/internal/locale"
)

// Every draft language present, walked through a child's session on a
// phone from the language screen to the thanks: the draft is marked for
// the adult on the language screen, every screen speaks the draft in its
// direction (right to left mirrored for Dari as for Arabic), the answers
// arrive, and axe finds nothing on any screen. The languages come from
// the files present, so a draft added later is walked too.
func TestBrowserDraftLanguages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.org("Testclub")
	for _, l := range drafts(t, e) {
		t.Run(l.Tag, func(t *testing.T) { t.Parallel(); walkDraft(t, e, l) })
	}
}

func walkDraft(t *testing.T, e *env, l locale.Lang) {
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	ctx := device(t, browserOpts{width: 390, height: 844})
	tr := e.locales.For(l.Tag)
	where := l.Tag + " "
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code))
	waitScreen(t, ctx, "languages")
	if got := js[string](t, ctx, `(document.querySelector('.lang-button[lang=`+l.Tag+`] .lang-draft')||{}).textContent||''`); got != e.locales.For("nl").T("lang.draft") {
		t.Errorf("the language screen marks %s with %q, want the draft note in the session's language", l.Tag, got)
	}
	audit(t, ctx, where+"languages")
	run(t, ctx, click(`.lang-button[lang=`+l.Tag+`]`))
	waitScreen(t, ctx, "welcome")
	if got := js[string](t, ctx, `document.documentElement.lang + ' ' + document.documentElement.dir + ' ' + getComputedStyle(document.body).direction`); got != l.Tag+" "+l.Dir+" "+l.Dir {
		t.Errorf("the page is %q, want %s %s %s", got, l.Tag, l.Dir, l.Dir)
	}
	if got := js[string](t, ctx, `document.querySelector('#welcome-title').textContent.trim()`); got != tr.T("wellbeing.title") {
		t.Errorf("welcome title %q, want the draft's %q", got, tr.T("wellbeing.title"))
	}
	audit(t, ctx, where+"welcome")
	run(t, ctx, click(`[data-action=start]`))
	// Mirrored: Next sits at the end of the bar, on the left in a right to
	// left language.
	nextLeft := js[bool](t, ctx, `document.querySelector('.qbar [data-action=next]').getBoundingClientRect().left < document.querySelector('.qbar [data-action=back]').getBoundingClientRect().left`)
	if nextLeft != l.RTL() {
		t.Errorf("Next is left of Back: %v, in a %s language", nextLeft, l.Dir)
	}
	for {
		id := currentScreen(t, ctx)
		if !strings.HasPrefix(id, "q") {
			break
		}
		if got := js[string](t, ctx, `document.querySelector('.qbar [data-action=next]').textContent.trim()`); got != tr.T("child.next") {
			t.Fatalf("%s: Next says %q, want the draft's %q", id, got, tr.T("child.next"))
		}
		do(t, ctx, `(document.querySelector('#`+id+` .answers:not(.extra) .answer')||{click(){}}).click()`)
		audit(t, ctx, where+id)
		run(t, ctx, click(".qbar [data-action=next]"))
	}
	audit(t, ctx, where+"about")
	run(t, ctx, click(".qbar [data-action=next]"))
	waitScreen(t, ctx, "send")
	audit(t, ctx, where+"send")
	run(t, ctx, click("#send [data-action=send]"))
	waitScreen(t, ctx, "thanks")
	if got := js[string](t, ctx, `document.querySelector('#thanks h1, #thanks h2').textContent.trim()`); got != tr.T("child.thanks_title") {
		t.Errorf("thanks says %q, want the draft's %q", got, tr.T("child.thanks_title"))
	}
	audit(t, ctx, where+"thanks")
	e.waitCount(sess.ID, 1)
}

// Read-aloud on the youngest's page in a draft language: the voice tags
// of the registry are tried in turn (a device's "tr-TR" voice for
// Turkish, a Persian voice for Dari); with no voice for the language the
// read-aloud button stays hidden, nothing is spoken, and the adult reads
// a note in the session's language that the device cannot read aloud.
func TestBrowserDraftLanguageVoice(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.org("Testclub")
	for _, l := range drafts(t, e) {
		t.Run(l.Tag, func(t *testing.T) {
			t.Parallel()
			// A voice for the registry's last tag: the page must find it
			// after the others are missing.
			voiceTag := l.Speech[len(l.Speech)-1]
			for _, voices := range [][]string{{`"en-US"`, `"` + voiceTag + `"`}, {`"en-US"`}} {
				sess := e.openSession("little_voices", "4-5", "nl", "school")
				ctx := browser(t, browserOpts{width: 820, height: 1180})
				if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fakeSpeech(voices...)}); err != nil {
					t.Fatal(err)
				}
				run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code+"?lang="+l.Tag))
				waitScreen(t, ctx, "welcome")
				has := len(voices) == 2
				if has {
					run(t, ctx, click("[data-action=start]"))
					waitScreen(t, ctx, "q1")
					said := js[map[string]string](t, ctx, `window.__spoken[window.__spoken.length - 1] || {}`)
					if said["lang"] != voiceTag {
						t.Errorf("spoken in %q, want the device's %s voice", said["lang"], voiceTag)
					}
					if js[bool](t, ctx, `document.querySelector('[data-action=speak]').hidden`) {
						t.Error("the read-aloud button is hidden although the device has a voice")
					}
					continue
				}
				waitFor(t, ctx, `!document.querySelector('.no-voice').hidden`)
				note := e.locales.For("nl").T("lang.no_voice")
				if got := js[string](t, ctx, `document.querySelector('.no-voice').textContent.trim() + '|' + document.querySelector('.no-voice').lang`); got != note+"|nl" {
					t.Errorf("the adult's note says %q, want %q in nl", got, note)
				}
				audit(t, ctx, l.Tag+" youngest without a voice")
				run(t, ctx, click("[data-action=start]"))
				waitScreen(t, ctx, "q1")
				if n := js[int](t, ctx, `window.__spoken.length`); n != 0 || !js[bool](t, ctx, `document.querySelector('[data-action=speak]').hidden`) {
					t.Errorf("without a voice: %d utterances, read-aloud button shown: %v", n, !js[bool](t, ctx, `document.querySelector('[data-action=speak]').hidden`))
				}
			}
		})
	}
}
