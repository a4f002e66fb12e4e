package web_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

func TestOpenPagesRender(t *testing.T) {
	t.Parallel()
	e := standardOpen(t)
	c := e.client()
	for _, p := range []string{"/open/nl/", "/open/en/themes/wellbeing/", "/open/nl/indicators/wellbeing/life_satisfied/",
		"/open/ar/indicators/wellbeing/life_satisfied/chart.svg", "/open/fr/editions/", "/open/de/editions/1/", "/open/uk/children/",
		"/open/nl/children/40000/", "/open/nl/accessibility/", "/open/data/edition-1.csv", "/open/data/edition-1.json",
		"/open/catalog.jsonld", "/open/context.jsonld", "/embed/nl/wellbeing/life_satisfied/", "/open/nl/indicators/registration/kansarmoede/"} {
		r := c.get(p)
		if r.StatusCode != http.StatusOK {
			t.Errorf("%s: %d\n%.2000s", p, r.StatusCode, r.body)
		}
	}
	t.Log(c.get("/open/nl/indicators/wellbeing/life_satisfied/").body)
}

// dumpOpen writes pages for a look by hand: KINDERSTEM_DUMP=dir.
func TestOpenDump(t *testing.T) {
	dir := os.Getenv("KINDERSTEM_DUMP")
	if dir == "" {
		t.Skip("set KINDERSTEM_DUMP")
	}
	e := standardOpen(t)
	c := e.client()
	for name, p := range map[string]string{"home": "/open/nl/", "ind": "/open/nl/indicators/wellbeing/life_satisfied/", "kids": "/open/nl/children/40000/",
		"reg": "/open/en/indicators/registration/kansarmoede/", "csv": "/open/data/edition-1.csv", "cat": "/open/catalog.jsonld"} {
		os.WriteFile(filepath.Join(dir, name+".html"), []byte(c.get(p).body), 0o644)
	}
}

// Beside a group's published results, the worker and the children see
// the latest edition's figure for children of the group's age band in
// its province, labelled as the area's: the worker in numbers with the
// interval, the children in their words.
func TestAreaFigureBesideTheGroup(t *testing.T) {
	t.Parallel()
	e := standardOpen(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	for i := range 12 {
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","answers":{"life_satisfaction":%d}}`, uidFor("area", i), 9)
		e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
	}
	if err := e.store.CloseSession(t.Context(), sess.ID); err != nil {
		t.Fatal(err)
	}
	w := e.login("worker", "Testclub")
	e.publish(t, w, sess.ID, 12).want(t, http.StatusSeeOther)
	page := w.get(fmt.Sprintf("/sessions/%d/results", sess.ID))
	page.want(t, http.StatusOK, "Kinderen van 10-13 jaar in Oost-Vlaanderen", "niet jullie groep", "Editie 1", "Tevreden met het leven")
	area := regexpValue(t, page.body, `(?s)(<section class="area-figures".*?</section>)`)
	if !regexp.MustCompile(`<td>\d+%</td><td>(\d+% – \d+%|–)</td><td>40</td>`).MatchString(area) {
		t.Errorf("the area's share, interval and n of 40 are not there:\n%s", area)
	}
	kids := e.client().get("/s/" + sess.Code)
	kids.want(t, http.StatusOK, "andere kinderen van jouw leeftijd", "Kinderen van 10-13 jaar in Oost-Vlaanderen", "Ongeveer")
	// A group in a province the edition hides shows the area as hidden,
	// never a number.
	none := e.openSession("wellbeing", "6-9", "nl", "school")
	for i := range 12 {
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","answers":{"life_satisfaction":%d}}`, uidFor("young", i), 9)
		e.client().postJSON("/api/v1/sessions/"+none.Code+"/submissions", body).want(t, http.StatusCreated)
	}
	e.store.CloseSession(t.Context(), none.ID)
	e.publish(t, w, none.ID, 12).want(t, http.StatusSeeOther)
	hidden := w.get(fmt.Sprintf("/sessions/%d/results", none.ID))
	hidden.want(t, http.StatusOK, "Kinderen van 6-9 jaar in Oost-Vlaanderen", "te weinig kinderen om te tonen")
}
