package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// attackOpenQueryIgnored asks the public pages and files for what an
// analyst's table builder takes (filters, breakdowns, periods, weights):
// the public monitor has no free cross-tabulation, so every answer is the
// same bytes as without them.
func attackOpenQueryIgnored(t *testing.T) {
	t.Parallel()
	e := standardOpen(t)
	c := e.client()
	query := "?by=gender,province&gender=other&region=44021&setting=school&from=2026-04&to=2026-04&age=11&weights=population&survey=wellbeing"
	for _, p := range []string{"/open/nl/", "/open/nl/indicators/wellbeing/life_satisfied/", "/open/nl/indicators/wellbeing/life_satisfied/chart.svg",
		"/open/data/edition-1.csv", "/open/data/edition-1.json", "/embed/nl/wellbeing/life_satisfied/", "/open/nl/children/40000/"} {
		plain, asked := c.get(p), c.get(p+query)
		if plain.StatusCode != http.StatusOK || asked.StatusCode != http.StatusOK || plain.body != asked.body {
			t.Errorf("%s: %d and %d with a query; the same body: %v", p, plain.StatusCode, asked.StatusCode, plain.body == asked.body)
		}
	}
}

// attackOpenPreviewTokens tries to read a draft before it is published:
// a made-up link, one altered by a character, and the analyst's own once
// it has expired. Only the analyst's link shows it.
func attackOpenPreviewTokens(t *testing.T) {
	t.Parallel()
	e := standardOpen(t)
	a := e.login("analyst", "Coalitie")
	page := a.get("/editions")
	r := a.postForm("/editions", editionForm(page.csrf(t), "Ontwerp"))
	r.want(t, http.StatusSeeOther)
	draft := a.get(r.Header.Get("Location"))
	link := regexpValue(t, draft.body, `href="(/open/preview/[^"]+/nl/)"`)
	c := e.client()
	c.get(link).want(t, http.StatusOK, "Ontwerp")
	token := strings.Split(link, "/")[3]
	altered := []byte(token)
	altered[5] ^= 1
	for _, bad := range []string{"x", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", string(altered)} {
		got := c.get("/open/preview/" + bad + "/nl/")
		if got.StatusCode != http.StatusNotFound || strings.Contains(got.body, "Ontwerp") {
			t.Errorf("token %q: %d", bad, got.StatusCode)
		}
	}
	e.clock.Add(13 * time.Hour)
	if got := c.get(link); got.StatusCode != http.StatusNotFound {
		t.Errorf("an expired link: %d", got.StatusCode)
	}
}
