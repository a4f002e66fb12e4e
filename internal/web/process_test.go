package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/web"
)

// publicAnswer writes and publishes an answer to the sessions and returns
// its path.
func (c *client) publicAnswer(t *testing.T, sessions ...string) string {
	t.Helper()
	page := c.get("/answers/new")
	loc := c.postForm("/answers", answerForm(page.csrf(t), sessions...)).Header.Get("Location")
	answer := strings.TrimSuffix(loc, "?lang=nl")
	c.postForm(answer+"/public", url.Values{"csrf": {page.csrf(t)}, "public": {"1"}}).want(t, http.StatusSeeOther)
	return answer
}

// closeHeard closes "do you feel heard?" under an answer.
func (c *client) closeHeard(t *testing.T, answer string) {
	t.Helper()
	page := c.get(answer)
	c.postForm(answer+"/heard/close", url.Values{"csrf": {page.csrf(t)}}).want(t, http.StatusSeeOther)
}

// rate has n children tap a face under a session's code.
func (e *env) rate(t *testing.T, code, rating string, n int) {
	t.Helper()
	for range n {
		child := e.client().get("/s/" + code)
		f := url.Values{"token": {regexpValue(t, child.body, `name="token" value="([^"]+)"`)},
			"reply": {regexpValue(t, child.body, `name="reply" value="([0-9]+)"`)}, "rating": {rating}}
		e.client().postForm("/s/"+code+"/heard", f).want(t, http.StatusSeeOther)
	}
}

type processAnswer struct {
	K      int `json:"k"`
	Groups []struct {
		Levels          map[string]string `json:"levels"`
		Sessions        int               `json:"sessions"`
		Closed          int               `json:"closed"`
		Answered        int               `json:"answered"`
		AnsweredShare   *float64          `json:"answered_share"`
		MedianDays      *float64          `json:"median_days_to_answer"`
		WeWillShare     *float64          `json:"we_will_share"`
		Raters          *int              `json:"heard_raters"`
		HeardShare      *float64          `json:"heard_share"`
		HeardSuppressed bool              `json:"heard_suppressed"`
	} `json:"groups"`
	LeftOut []string `json:"left_out"`
}

// The process indicators by organisation: an organisation where k
// children rated shows its felt-heard share; one with fewer hides it (and
// its number of raters) in the API and the CSV, and says so in left_out.
// The smallest organisation shown is hidden beside it, or the overall
// minus the others would give its share back.
func TestProcessIndicatorsHideFeltHeardUnderK(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) { c.K = 5 })
	gent := e.login("worker", "Gemeente Gent")
	id1, code1 := gent.closedSession(t, 12)
	gent.closedSession(t)
	answer1 := gent.publicAnswer(t, id1)
	e.rate(t, code1, "yes", 10)
	e.rate(t, code1, "no", 2)
	gent.closeHeard(t, answer1)
	beside := e.login("worker", "Jeugdhuis Kortrijk")
	id2, code2 := beside.closedSession(t, 7)
	answer2 := beside.publicAnswer(t, id2)
	e.rate(t, code2, "yes", 7)
	beside.closeHeard(t, answer2)
	small := e.login("worker", "=HYPERLINK(\"x\")")
	id3, code3 := small.closedSession(t, 3)
	answer3 := small.publicAnswer(t, id3)
	e.rate(t, code3, "yes", 2)
	small.closeHeard(t, answer3)

	analyst := e.login("analyst", "Vlaanderen")
	r := analyst.get("/api/v1/process?by=organisation")
	r.want(t, http.StatusOK)
	var got processAnswer
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatal(err)
	}
	gentID, smallID := strconv.FormatInt(e.org("Gemeente Gent"), 10), strconv.FormatInt(e.org("=HYPERLINK(\"x\")"), 10)
	besideID := strconv.FormatInt(e.org("Jeugdhuis Kortrijk"), 10)
	if got.K != 5 || len(got.Groups) != 3 {
		t.Fatalf("answer %s", r.body)
	}
	var gentRaters *int
	for _, g := range got.Groups {
		switch g.Levels["organisation"] {
		case gentID:
			gentRaters = g.Raters
			if g.Sessions != 2 || g.Closed != 2 || g.Answered != 1 || *g.AnsweredShare != 0.5 || *g.MedianDays != 0 || *g.WeWillShare != 0.5 ||
				g.Raters == nil || *g.Raters < 12-release.PerturbMaxNoise || *g.Raters > 12+release.PerturbMaxNoise ||
				*g.HeardShare < 6.0/12 || *g.HeardShare > 1 || g.HeardSuppressed {
				t.Fatalf("Gent: %+v", g)
			}
		case smallID:
			if !g.HeardSuppressed || g.HeardShare != nil || g.Raters != nil || g.Answered != 1 {
				t.Fatalf("the small organisation's felt heard is shown: %+v", g)
			}
		case besideID:
			if !g.HeardSuppressed || g.HeardShare != nil || g.Raters != nil || g.Answered != 1 {
				t.Fatalf("the organisation beside the small one shows its felt heard: %+v", g)
			}
		default:
			t.Fatalf("unexpected group %v", g.Levels)
		}
	}
	want := []string{"organisation=" + besideID, "organisation=" + smallID}
	slices.Sort(want)
	if !slices.Equal(got.LeftOut, want) {
		t.Fatalf("left_out %v", got.LeftOut)
	}
	csv := analyst.get("/export/process.csv?by=organisation")
	csv.want(t, http.StatusOK, "group,period,sessions", "'=HYPERLINK")
	if !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("content type %s", csv.Header.Get("Content-Type"))
	}
	smallRow := regexp.MustCompile(`(?m)^"'=HYPERLINK.*$`).FindString(csv.body)
	if !strings.HasSuffix(smallRow, ",,,true") {
		t.Fatalf("the small organisation's CSV row shows felt heard: %q", smallRow)
	}
	analyst.get("/process?by=organisation&period=quarter").want(t, http.StatusOK, "2026-Q2", "(n="+strconv.Itoa(*gentRaters)+")")
}

// The process indicators' query refuses what it cannot honour, in the
// user's language, and only analysts and admins may ask.
func TestProcessQueryAndAccess(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	analyst := e.login("analyst", "Vlaanderen")
	for _, c := range []struct{ query, code string }{
		{"bogus=1", "param_unknown"},
		{"gender=girl", "param_unknown"},
		{"by=gender", "breakdown_invalid"},
		{"period=week", "breakdown_invalid"},
		{"region=nowhere", "filter_invalid"},
		{"from=2026-13", "filter_invalid"},
		{"organisation=1&organisation=2", "filter_one_value"},
	} {
		analyst.get("/api/v1/process?"+c.query).want(t, http.StatusUnprocessableEntity, `"code":"`+c.code+`"`)
	}
	analyst.get("/api/v1/process?by=region&period=month&region=40000").want(t, http.StatusOK, `"groups":[]`)
	w := e.login("worker", "Gemeente Gent")
	w.get("/process").want(t, http.StatusForbidden)
	w.get("/api/v1/process").want(t, http.StatusForbidden)
	w.get("/export/process.csv").want(t, http.StatusForbidden)
	e.client().get("/api/v1/process").want(t, http.StatusUnauthorized)
}
