//go:build browser

package web_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The paper route in a real browser: the printed questionnaire shows
// only the sheet, with the session code and every question, its faces
// outlined black on white, and makes a PDF; a sheet typed in twice with
// a deliberate slip has the slip caught and asked again, and is stored
// once the typings agree. Both pages pass axe.
func TestBrowserPaperRoute(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("best_interests", "10-13", "nl", "asylum_reception")
	s, _ := e.catalog.Survey("best_interests")
	shownItems := 0
	for _, it := range s.Items() {
		if it.ShownIn(sess.Setting) {
			shownItems++
		}
	}
	email := "paper@example.org"
	pw := e.addUser("worker", email, "Testclub")
	ctx := browser(t, browserOpts{width: 1280, height: 900})
	run(t, ctx, chromedp.Navigate(e.srv.URL+"/login"), chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), pw))
	run(t, ctx, click("form.stack button"), visible(".staff-nav"))

	shown := func(sel string) bool {
		return js[bool](t, ctx, `(() => { const el = document.querySelector('`+sel+`'); return !!el && getComputedStyle(el).display !== 'none'; })()`)
	}
	for _, lang := range []string{"nl", "ar"} {
		run(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/sessions/%d/paper?sheet=%s&lang=en", e.srv.URL, sess.ID, lang)))
		audit(t, ctx, "paper sheet "+lang)
		if !shown("[data-print]") {
			t.Error("the print button stays hidden with the script running")
		}
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		if !shown(".paper-sheet") || shown(".site-header") || shown(".paper-page > .no-print") {
			t.Fatal("printed, the sheet is hidden or the screen's controls show")
		}
		if got := js[string](t, ctx, `document.querySelector('.paper-sheet .session-code').textContent`); got != sess.Code {
			t.Errorf("the printed code is %q, want %s", got, sess.Code)
		}
		if got := js[int](t, ctx, `document.querySelectorAll('.paper-sheet [data-item]').length`); got != shownItems+2 {
			t.Errorf("%d questions printed, want %d and age and gender", got, shownItems)
		}
		blank := js[int](t, ctx, `[...document.querySelectorAll('.paper-sheet .q')].filter(q => q.textContent.trim().length < 5).length`)
		if blank != 0 {
			t.Errorf("%d printed questions without text", blank)
		}
		faces := js[[]string](t, ctx, `[...document.querySelectorAll('#pface-base circle')].slice(0, 1).map(c => c.getAttribute('fill') + ' ' + c.getAttribute('stroke'))`)
		if len(faces) != 1 || faces[0] != "#fff #000" {
			t.Errorf("printed faces are %v, want white outlined in black", faces)
		}
		if dir := js[string](t, ctx, `document.querySelector('.paper-sheet').dir`); (lang == "ar") != (dir == "rtl") {
			t.Errorf("%s sheet has direction %q", lang, dir)
		}
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF())
		if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Fatalf("no PDF (%d bytes): %v", len(pdf), err)
		}
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
			t.Fatal(err)
		}
	}

	// Typed in twice, the second time with a slip in one answer.
	entry := fmt.Sprintf("%s/sessions/%d/paper/entry?lang=en", e.srv.URL, sess.ID)
	sheet := map[string]string{"sheet": "12", "age": "12", "gender": "2", "a.placement_rights": "4", "a.placement_heard": "2", "a.told_what": "5"}
	typeSheet := func(fields map[string]string) {
		for name, val := range fields {
			sel := `input[name="` + name + `"]`
			if js[bool](t, ctx, `!!document.querySelector('`+sel+`')`) {
				run(t, ctx, chromedp.SendKeys(chromedp.CSS(sel), val))
			}
		}
		run(t, ctx, click(".entry-form button"))
	}
	run(t, ctx, chromedp.Navigate(entry))
	audit(t, ctx, "paper entry")
	typeSheet(sheet)
	pollJS(t, ctx, `document.querySelectorAll('input[name="carried.sheet"]').length`, 1)
	if !strings.Contains(js[string](t, ctx, `document.querySelector('.notice').textContent`), "same sheet again") {
		t.Fatal("no second typing asked for")
	}
	slip := map[string]string{}
	for k, v := range sheet {
		slip[k] = v
	}
	slip["a.placement_heard"] = "5"
	typeSheet(slip)
	run(t, ctx, visible(".entry-field.differ"))
	audit(t, ctx, "paper entry, typings differ")
	if n := js[int](t, ctx, `document.querySelectorAll('.entry-field.differ input[name="a.placement_heard"]').length`); n != 1 || e.count(sess.ID) != 0 {
		t.Fatalf("the slip was not caught (%d fields asked again, %d stored)", n, e.count(sess.ID))
	}
	typeSheet(map[string]string{"a.placement_heard": "2"})
	run(t, ctx, visible(".notice.ok"))
	if paper, codes := paperRows(t, e, sess.ID, "placement_heard"); len(paper) != 1 || !paper[0] || codes[0] != 2 {
		t.Fatalf("stored paper=%v codes=%v, want one paper sheet answering 2", paper, codes)
	}
}
