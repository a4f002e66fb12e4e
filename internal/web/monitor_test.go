package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// Every theme of the monitor is on the overview, with its CRC articles; a
// theme without any indicator says so instead of disappearing.
func TestOverviewListsEveryTheme(t *testing.T) {
	e := newEnv(t)
	analyst := e.login("analyst", "Stad")
	r := analyst.get("/indicators?lang=en")
	r.want(t, http.StatusOK)
	for _, th := range e.catalog.Themes {
		title := e.locales.For("en").T(th.Title)
		if !strings.Contains(r.body, title+" <span") {
			t.Errorf("theme %s (%q) is not a heading on the overview", th.ID, title)
		}
	}
	if got := strings.Count(r.body, "No indicator yet"); got != 1 {
		t.Errorf("%d themes say \"no indicator yet\", want 1 (special protection, which children cannot answer for)", got)
	}
	for _, want := range []string{"Family context", "Alternative care", "Feels healthy", "Enough contact with family"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
}
