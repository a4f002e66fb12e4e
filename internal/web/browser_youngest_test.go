//go:build browser

package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// fakeSpeech stands in for the device's speech engine: it has one voice
// per language asked for and records each utterance's text and language.
func fakeSpeech(voices ...string) string {
	return `(() => {
  window.__spoken = [];
  const voices = ` + "[" + strings.Join(voices, ",") + "]" + `.map(l => ({ lang: l, name: 'test ' + l, voiceURI: 'test-' + l, localService: true, default: false }));
  const fake = { speaking: false, pending: false, paused: false, getVoices: () => voices,
    speak: u => window.__spoken.push({ text: u.text, lang: u.lang }), cancel() {}, pause() {}, resume() {},
    addEventListener() {}, removeEventListener() {} };
  Object.defineProperty(window, 'speechSynthesis', { value: fake, configurable: true });
  window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; this.voice = null; };
})()`
}

// A five-year-old's session on a tablet, with an adult beside them:
// nothing speaks before the first tap; from then on every screen is read
// aloud in the questionnaire's language without another tap, each
// question's words reaching the speech call; every question has its
// picture and three faces; the answers arrive; axe finds nothing.
func TestBrowserYoungestWithAudio(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, lang := range []string{"nl", "ar"} {
		t.Run(lang, func(t *testing.T) {
			sess := e.openSession("little_voices", "4-5", lang, "school")
			ctx := browser(t, browserOpts{width: 820, height: 1180})
			voice := map[string]string{"nl": "nl-BE", "ar": "ar-SA"}[lang]
			if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fakeSpeech(`"` + voice + `"`)}); err != nil {
				t.Fatal(err)
			}
			run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+sess.Code+"?lang="+lang))
			waitScreen(t, ctx, "welcome")
			audit(t, ctx, lang+" youngest welcome")
			if n := js[int](t, ctx, `window.__spoken.length`); n != 0 {
				t.Fatalf("%d utterances before the first tap", n)
			}
			run(t, ctx, click("[data-action=start]"))
			questions := 0
			for {
				id := currentScreen(t, ctx)
				if !strings.HasPrefix(id, "q") {
					break
				}
				questions++
				if questions == 1 {
					audit(t, ctx, lang+" youngest question")
				}
				text := js[string](t, ctx, `document.querySelector('.screen.current .qtext').textContent.trim()`)
				said := js[map[string]string](t, ctx, `window.__spoken[window.__spoken.length - 1] || {}`)
				if !strings.Contains(said["text"], text) || said["lang"] != voice {
					t.Errorf("screen %s: last spoken %q in %q, want it to contain %q in %s", id, said["text"], said["lang"], text, voice)
				}
				if n := js[int](t, ctx, `document.querySelectorAll('.screen.current svg.picture').length`); n != 1 {
					t.Errorf("screen %s: %d pictures", id, n)
				}
				if w := js[float64](t, ctx, `document.querySelector('.screen.current .answers:not(.extra) .answer').getBoundingClientRect().height`); w < 90 {
					t.Errorf("screen %s: a face is %.0f px high, want a large target", id, w)
				}
				do(t, ctx, fmt.Sprintf(`(()=>{const a=document.querySelectorAll('.screen.current .answers:not(.extra) .answer');a[%d %% a.length].click()})()`, questions))
				run(t, ctx, click(".qbar [data-action=next]"))
			}
			if questions != 6 {
				t.Fatalf("%d questions, want 6", questions)
			}
			waitScreen(t, ctx, "about")
			about := js[string](t, ctx, `window.__spoken[window.__spoken.length - 1].text`)
			if !strings.Contains(about, js[string](t, ctx, `document.querySelector('#about .qtext').textContent.trim()`)) {
				t.Errorf("the about screen was not read: %q", about)
			}
			run(t, ctx, click(`#about input[name=age][value="5"] + .word`), click(".qbar [data-action=next]"))
			waitScreen(t, ctx, "send")
			spoken := js[int](t, ctx, `window.__spoken.length`)
			if spoken < questions+2 {
				t.Errorf("%d utterances for %d screens", spoken, questions+2)
			}
			run(t, ctx, click("#send [data-action=send]"))
			e.waitCount(sess.ID, 1)
		})
	}
}
