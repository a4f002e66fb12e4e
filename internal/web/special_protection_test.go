package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// themeSection is the overview's part under one theme heading: from the
// heading to the next one.
func themeSection(t *testing.T, body, heading string) string {
	t.Helper()
	at := strings.Index(body, "<h2>"+heading+" <span")
	if at < 0 {
		t.Fatalf("no theme heading %q on the overview", heading)
	}
	rest := body[at+4:]
	if end := strings.Index(rest, "<h2>"); end >= 0 {
		rest = rest[:end]
	}
	return rest
}

// Children in asylum reception and closed youth settings answer for the
// monitor's theme "special protection measures" in their own words: the
// overview lists their indicators under that theme with a value once
// enough of them answered.
func TestOverviewSpecialProtectionChildIndicators(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	sess := e.openSession("best_interests", "10-13", "nl", "asylum_reception")
	for i := 0; i < 12; i++ {
		rights, heard := 5, 4
		if i%3 == 0 {
			rights, heard = 2, 1
		}
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","gender":"girl","answers":{"placement_rights":%d,"placement_heard":%d,"care_trusted_person":4}}`,
			uidFor("asylum", i), rights, heard)
		e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
	}
	r := e.login("analyst", "Stad").get("/indicators?lang=en")
	r.want(t, http.StatusOK)
	sec := themeSection(t, r.body, "Special protection measures")
	for _, want := range []string{"Knows their rights in the setting", "Heard about their placement"} {
		i := strings.Index(sec, want)
		if i < 0 {
			t.Errorf("special protection lacks the child indicator %q", want)
			continue
		}
		row := sec[i:]
		row = row[:strings.Index(row, "</tr>")]
		if !strings.Contains(row, "big-num") {
			t.Errorf("%q has no value on the overview: %s", want, row)
		}
	}
}

// The placement questions are asked only where children are placed: a
// school session refuses an answer to them, so no school child counts
// towards a special-protection indicator.
func TestPlacementItemsOnlyInTheirSettings(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	school := e.openSession("best_interests", "10-13", "nl", "school")
	body := fmt.Sprintf(`{"id":"%s","lang":"nl","gender":"girl","answers":{"placement_rights":5}}`, uidFor("school-placement", 0))
	r := e.client().postJSON("/api/v1/sessions/"+school.Code+"/submissions", body)
	if r.StatusCode == http.StatusCreated || e.count(school.ID) != 0 {
		t.Fatalf("a school session took an answer to placement_rights: %d", r.StatusCode)
	}
}
