//go:build browser

package web_test

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
)

// The codebook page an analyst reads before a download, with the Parquet
// file's link and each column's protection: no axe-core findings, in
// Dutch and in Arabic (right to left).
func TestBrowserCodebookPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := staffBrowser(t, e, "analyst", "codebook@example.org", "Stad")
	for lang, pseudonym := range map[string]string{"nl": "pseudoniem: alleen voor deze export gemaakt", "ar": "اسم مستعار: أُنشئ لهذا التصدير فقط"} {
		run(t, ctx, chromedp.Navigate(e.srv.URL+"/export/codebook/wellbeing?lang="+lang), visible(`a[href="/export/microdata/wellbeing.parquet"]`))
		if !js[bool](t, ctx, `[...document.querySelectorAll('tbody tr')].some(r => r.cells[0].innerText === 'session' && r.cells[4].innerText.includes(`+strconv.Quote(pseudonym)+`))`) {
			t.Errorf("%s: the session's row does not name its protection %q", lang, pseudonym)
		}
		audit(t, ctx, "codebook "+lang)
	}
}
