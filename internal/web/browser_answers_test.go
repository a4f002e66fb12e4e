//go:build browser

package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// answeredSession is a closed session with a public answer in Dutch whose
// first part is translated into English; it returns the session's code.
func (e *env) answeredSession(t *testing.T) string {
	t.Helper()
	w := e.login("worker", "Gemeente Gent")
	id, code := w.closedSession(t, 5)
	answer := w.publicAnswer(t, id)
	page := w.get(answer)
	en := url.Values{"csrf": {page.csrf(t)}, "lang": {"en"}, "sessions": {id}, "part0_title": {"Playtime"},
		"part0_you_said": {"You want more playtime."}, "part0_we_will": {"Break gets ten minutes longer."}}
	w.postForm(answer, en).want(t, http.StatusSeeOther)
	return code
}

func (e *env) heardCount(t *testing.T, rating string) int {
	t.Helper()
	var n int
	e.rawDB().QueryRow(`SELECT coalesce(sum(n), 0) FROM heard_counts WHERE rating = ?`, rating).Scan(&n)
	return n
}

// On a tablet a child opens the code of a closed session, reads the
// adults' answer in English (the untranslated part in Dutch, with a
// note), and taps a face; the page thanks them and the tap is counted.
func TestBrowserChildReadsAnswerAndSaysIfHeard(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	code := e.answeredSession(t)
	ctx := browser(t, browserOpts{width: 820, height: 1180})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+code+"?lang=en"), visible(".reply-part"))
	parts := js[[]string](t, ctx, `[...document.querySelectorAll('.reply-part')].map(p => p.dataset.lang + ':' + p.innerText)`)
	if len(parts) != 2 || !strings.HasPrefix(parts[0], "en:Playtime") || !strings.Contains(parts[0], "Break gets ten minutes longer.") ||
		!strings.HasPrefix(parts[1], "nl:Skatepark") {
		t.Fatalf("the answer reads %q", parts)
	}
	if note := js[string](t, ctx, `document.querySelector('.feedback-box.reply .hint').innerText`); note != "Some of this is not in your language yet." {
		t.Fatalf("note %q", note)
	}
	audit(t, ctx, "answer and faces")
	run(t, ctx, click(`.heard-face[value=some]`), visible("#heard-title[role=status]"))
	if thanks := js[string](t, ctx, `document.querySelector('#heard-title').innerText`); !strings.HasPrefix(thanks, "Thank you!") {
		t.Fatalf("after the tap: %q", thanks)
	}
	if n := e.heardCount(t, "some"); n != 1 {
		t.Fatalf("%d taps counted, want 1", n)
	}
	// The thanks page carries no token: reloading cannot count again.
	if js[bool](t, ctx, `!!document.querySelector('input[name=token]')`) {
		t.Fatal("the thanks page offers the faces again")
	}
}

// Without JavaScript the answer and the faces work the same: a plain form.
func TestBrowserFeltHeardWithoutJavaScript(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	code := e.answeredSession(t)
	ctx := browser(t, browserOpts{width: 820, height: 1180, noJS: true})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/s/"+code+"?lang=nl"), visible(".reply-part"))
	if got := js[int](t, ctx, `document.querySelectorAll('.heard-face').length`); got != 3 {
		t.Fatalf("%d faces", got)
	}
	run(t, ctx, click(`.heard-face[value=yes]`), visible("#heard-title[role=status]"))
	if n := e.heardCount(t, "yes"); n != 1 {
		t.Fatalf("%d taps counted, want 1", n)
	}
}
