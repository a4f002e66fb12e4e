package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/web"
)

var resultWords = regexp.MustCompile(`<p class="result-words"><strong>([^<]*)</strong>`)

// A group of six (k 5): nobody chose 8, 9 or 10 on the ladder, everyone
// chose the happiest face for "felt happy". Children must read neither
// "about 1 in 10" for nobody nor anything that says all or none; what
// they read is true: fewer than 3 in 10, more than 7 in 10.
func TestSmallGroupResultsReadTrue(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) { c.K = 5 })
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	for i := 0; i < 6; i++ {
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","answers":{"life_satisfaction":3,"felt_happy":5}}`, uid(i))
		e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
	}
	e.store.CloseSession(t.Context(), sess.ID)
	e.publish(t, e.login("admin", "Testclub"), sess.ID, 6).want(t, http.StatusSeeOther)
	for lang, want := range map[string][]string{
		"nl": {"Minder dan 3 op de 10 kinderen kozen:", "Meer dan 7 op de 10 kinderen kozen:"},
		"en": {"Fewer than 3 in 10 children chose:", "More than 7 in 10 children chose:"},
	} {
		page := e.client().get("/s/" + sess.Code + "?lang=" + lang)
		for _, m := range resultWords.FindAllStringSubmatch(page.body, -1) {
			if w := m[1]; strings.Contains(w, " 1 op de 10") || strings.Contains(w, "About 1 in 10") || strings.Contains(w, " 10 op de 10") ||
				strings.Contains(w, "10 in 10") || strings.Contains(w, "9 op de 10") || strings.Contains(w, "9 in 10") {
				t.Errorf("%s: a group of six reads %q", lang, w)
			}
		}
		page.want(t, http.StatusOK, want...)
	}
}
