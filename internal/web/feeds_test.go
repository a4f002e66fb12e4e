package web_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/release"
)

// newToken makes an analyst API token of the organisation Stad through
// the admin page.
func (e *env) newToken(t *testing.T, name string) string {
	t.Helper()
	admin := e.login("admin", "Stad")
	page := admin.get("/admin/tokens")
	r := admin.postForm("/admin/tokens", url.Values{"csrf": {page.csrf(t)}, "name": {name}, "role": {"analyst"},
		"organisation": {strconv.FormatInt(e.org("Stad"), 10)}})
	m := regexp.MustCompile(`<code>(ks_[A-Za-z0-9_-]+)</code>`).FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("no token shown:\n%s", r.body)
	}
	return m[1]
}

// A token pulls a CSV export by URL, with the same filters as the page,
// as Excel's and Power BI's "From Web" do; every pull is in the audit log
// with the token's name.
func TestTokenPullsCSV(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.fill(t, "school", 9, 9, 9, 8, 8, 8, 7, 6, 5, 10, 10, 3)
	e.fill(t, "youth_care", 9, 2, 9)
	token := e.newToken(t, "Power BI")
	path := "/export/indicators/csv?survey=wellbeing&indicator=life_satisfied&by=gender&setting=school"
	want := e.login("analyst", "Stad").get(path).body
	feed := e.client()
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("excel:"+token))
	for _, auth := range []string{"Bearer " + token, basic} {
		r := feed.get(path, "Authorization", auth)
		r.want(t, http.StatusOK)
		if r.body != want {
			t.Fatalf("%s: the token's CSV differs from the analyst's:\n%s\nwant:\n%s", auth[:6], r.body, want)
		}
		rows := readCSV(t, r.body, ',')
		// The school's 12 children, perturbed by at most PerturbMaxNoise.
		if n, _ := strconv.Atoi(rows[1][column(rows[0], "n")]); rows[1][column(rows[0], "by1")] != "" || n < 12-release.PerturbMaxNoise || n > 12+release.PerturbMaxNoise {
			t.Fatalf("the filter is not applied: the total counts %d, want the school's 12 (± %d)", n, release.PerturbMaxNoise)
		}
	}
	feed.get("/export/microdata/wellbeing.csv", "Authorization", "Bearer "+token).want(t, http.StatusOK, "life_satisfaction")
	// Free text stays an admin's choice.
	feed.get("/export/microdata/wellbeing.csv?texts=1", "Authorization", "Bearer "+token).want(t, http.StatusForbidden)
	// Without credentials a program is asked for them, a browser goes to
	// the login page; a wrong token is refused.
	r := feed.get(path, "Accept", "*/*")
	r.want(t, http.StatusUnauthorized)
	if !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Basic ") {
		t.Fatalf("no Basic challenge: %q", r.Header.Get("WWW-Authenticate"))
	}
	feed.get(path, "Accept", "text/html").want(t, http.StatusSeeOther)
	feed.get(path, "Authorization", "Bearer ks_wrong").want(t, http.StatusUnauthorized)
	var pulls int
	e.rawDB().QueryRow(`SELECT count(*) FROM audit WHERE action = 'export' AND detail LIKE '%token:Power BI%'`).Scan(&pulls)
	if pulls != 3 {
		t.Fatalf("%d pulls by the token in the audit log, want 3", pulls)
	}
}

type pagedAnswer struct {
	TotalCells int    `json:"total_cells"`
	NextCursor string `json:"next_cursor"`
	Indicators []struct {
		ID    string            `json:"id"`
		Cells []json.RawMessage `json:"cells"`
	} `json:"indicators"`
}

// Paging the API gives every cell of the whole answer once, in order,
// with the total count; hidden cells can be left out.
func TestAPIPaging(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.fill(t, "school", 9, 9, 9, 8, 8, 8, 7, 6, 5, 10, 10, 3)
	e.fill(t, "youth_care", 9, 2, 9)
	analyst := e.login("analyst", "Stad")
	base := "/api/v1/indicators?survey=wellbeing&by=setting"
	var all pagedAnswer
	json.Unmarshal([]byte(analyst.get(base).body), &all)
	var whole, shown []string
	for _, ind := range all.Indicators {
		for _, c := range ind.Cells {
			whole = append(whole, ind.ID+string(c))
			if !strings.Contains(string(c), `"suppressed":true`) {
				shown = append(shown, ind.ID+string(c))
			}
		}
	}
	if all.TotalCells != len(whole) || all.NextCursor != "" || len(shown) == len(whole) {
		t.Fatalf("unpaged: total %d for %d cells (%d shown), next %q", all.TotalCells, len(whole), len(shown), all.NextCursor)
	}
	for _, c := range []struct {
		query string
		want  []string
	}{{"&limit=7", whole}, {"&limit=7&suppressed=omit", shown}} {
		var got []string
		cursor, pages := "", 0
		for ; pages < 100; pages++ {
			var p pagedAnswer
			r := analyst.get(base + c.query + "&cursor=" + cursor)
			r.want(t, http.StatusOK)
			json.Unmarshal([]byte(r.body), &p)
			if p.TotalCells != len(c.want) {
				t.Fatalf("%s: total_cells %d, want %d", c.query, p.TotalCells, len(c.want))
			}
			n := 0
			for _, ind := range p.Indicators {
				for _, cell := range ind.Cells {
					got, n = append(got, ind.ID+string(cell)), n+1
				}
			}
			if n > 7 {
				t.Fatalf("%s: a page of %d cells", c.query, n)
			}
			if cursor = p.NextCursor; cursor == "" {
				break
			}
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") || pages != (len(c.want)-1)/7 {
			t.Fatalf("%s: %d pages gave %d cells, want %d", c.query, pages+1, len(got), len(c.want))
		}
	}
	analyst.get(base+"&limit=0").want(t, http.StatusUnprocessableEntity, `"field":"limit"`)
	analyst.get(base+"&cursor=nope").want(t, http.StatusUnprocessableEntity, `"field":"cursor"`)
	analyst.get(base+"&suppressed=hide").want(t, http.StatusUnprocessableEntity, `"field":"suppressed"`)
}
