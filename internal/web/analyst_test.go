package web_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/web"
)

// fill submits n answers of life_satisfaction (a value each) to a fresh
// session of the setting.
func (e *env) fill(t *testing.T, setting string, values ...int) {
	t.Helper()
	sess := e.openSession("wellbeing", "10-13", "nl", setting)
	for i, v := range values {
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","gender":"girl","answers":{"life_satisfaction":%d}}`, uidFor(setting, i), v)
		e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
	}
}

func uidFor(prefix string, i int) string {
	h := 0
	for _, r := range prefix {
		h = h*31 + int(r)
	}
	return fmt.Sprintf("%08x-0000-4000-8000-%012d", h&0xffffffff, i+1)
}

type apiResult struct {
	K          int `json:"k"`
	Indicators []struct {
		ID    string `json:"id"`
		Total struct {
			Value      *float64 `json:"value"`
			N          *int     `json:"n"`
			Suppressed bool     `json:"suppressed"`
		} `json:"total"`
		Cells []struct {
			Levels     map[string]string `json:"levels"`
			Value      *float64          `json:"value"`
			N          *int              `json:"n"`
			Suppressed bool              `json:"suppressed"`
		} `json:"cells"`
	} `json:"indicators"`
}

// smallBase lets a test of a page's workings use a dozen children: the
// minimum base of 50 has tests of its own.
func smallBase(c *web.Config) { c.MinBase = 5 }

// near reports whether a published count lies within the perturbation's
// reach (each category's count moves by at most 2, or 3 for a count of 3).
func near(got *int, want, categories int) bool {
	return got != nil && *got >= want-3*categories && *got <= want+3*categories
}

func TestIndicatorAPI(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.fill(t, "school", 9, 9, 9, 8, 8, 8, 7, 6, 5, 10, 10, 3) // 8 of 12 are 8-10
	e.fill(t, "youth_care", 9, 2, 9)                          // 3: hidden
	analyst := e.login("analyst", "Stad")
	r := analyst.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied&by=setting")
	r.want(t, http.StatusOK)
	var res apiResult
	if err := json.Unmarshal([]byte(r.body), &res); err != nil {
		t.Fatal(err)
	}
	ind := res.Indicators[0]
	if !near(ind.Total.N, 15, 2) || math.Abs(*ind.Total.Value-10.0/15) > 0.25 {
		t.Fatalf("total %+v", ind.Total)
	}
	cells := map[string]int{}
	for i, c := range ind.Cells {
		cells[c.Levels["setting"]] = i
	}
	school := ind.Cells[cells["school"]]
	care := ind.Cells[cells["youth_care"]]
	if school.Suppressed || !near(school.N, 12, 2) || math.Abs(*school.Value-8.0/12) > 0.25 {
		t.Fatalf("school %+v", school)
	}
	if !care.Suppressed || care.Value != nil || care.N != nil {
		t.Fatalf("a cell of 3 is published: %+v", care)
	}
	if !strings.Contains(r.body, `"suppressed":true}`) || !strings.Contains(r.body, `"value":null`) {
		t.Fatalf("hidden cells are not null and suppressed: %s", r.body)
	}
	// Every indicator of a survey when none is named; bad requests are 4xx.
	analyst.get("/api/v1/indicators?survey=wellbeing").want(t, http.StatusOK, `"life_satisfaction_mean"`, `"wellbeing_index"`)
	analyst.get("/api/v1/indicators?survey=nope").want(t, http.StatusNotFound, `"code":"indicator_unknown"`)
	analyst.get("/api/v1/indicators?survey=wellbeing&by=shoe_size").want(t, http.StatusUnprocessableEntity, `"field":"by"`)
	analyst.get("/api/v1/indicators?survey=wellbeing&from=soon").want(t, http.StatusUnprocessableEntity, `"field":"from"`)
	analyst.get("/api/v1/indicators?survey=wellbeing&region=atlantis").want(t, http.StatusUnprocessableEntity, `"field":"region"`)
	e.client().get("/api/v1/indicators").want(t, http.StatusUnauthorized, `"code":"login_required"`)
	e.login("worker", "Club").get("/api/v1/indicators").want(t, http.StatusForbidden)
}

func TestAPITokens(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.fill(t, "school", 9, 9, 9, 8, 8, 8, 7, 6, 5, 10)
	admin := e.login("admin", "Stad")
	page := admin.get("/admin/tokens")
	r := admin.postForm("/admin/tokens", url.Values{"csrf": {page.csrf(t)}, "name": {"R script"}, "role": {"analyst"},
		"organisation": {strconv.FormatInt(e.org("Stad"), 10)}})
	r.want(t, http.StatusOK)
	token := regexp.MustCompile(`<code>(ks_[A-Za-z0-9_-]+)</code>`).FindStringSubmatch(r.body)
	if token == nil {
		t.Fatalf("no token shown:\n%s", r.body)
	}
	var stored int
	e.rawDB().QueryRow(`SELECT count(*) FROM api_tokens WHERE hash = ?`, token[1]).Scan(&stored)
	if stored != 0 {
		t.Fatal("the token itself is stored")
	}
	script := e.client()
	script.get("/api/v1/indicators?survey=wellbeing", "Authorization", "Bearer "+token[1]).want(t, http.StatusOK, `"life_satisfied"`)
	script.get("/api/v1/indicators?survey=wellbeing", "Authorization", "Bearer ks_nope").want(t, http.StatusUnauthorized, `"code":"token_invalid"`)
	script.get("/api/v1/indicators?survey=wellbeing", "Authorization", "Basic abc").want(t, http.StatusUnauthorized)
	// Revoked, it stops working.
	id := regexpValue(t, admin.get("/admin/tokens").body, `action="/admin/tokens/(\d+)/revoke"`)
	admin.postForm("/admin/tokens/"+id+"/revoke", url.Values{"csrf": {page.csrf(t)}}).want(t, http.StatusSeeOther)
	script.get("/api/v1/indicators?survey=wellbeing", "Authorization", "Bearer "+token[1]).want(t, http.StatusUnauthorized)
	if log := auditActions(t, e); !strings.Contains(log, "token_add") || !strings.Contains(log, "token_revoke") {
		t.Fatalf("audit log: %s", log)
	}
}

func TestIndicatorPages(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.fill(t, "school", 9, 9, 9, 8, 8, 8, 7, 6, 5, 10, 10, 3)
	analyst := e.login("analyst", "Stad")
	overview := analyst.get("/indicators")
	overview.want(t, http.StatusOK, "Welbevinden", "Tevreden met het leven", `class="spark"`)
	page := analyst.get("/indicators/wellbeing/life_satisfied?by=setting&by=gender")
	page.want(t, http.StatusOK, "Tevreden met het leven", `<svg class="chart"`, "minder dan 10", "Meisjes")
	var api apiResult
	json.Unmarshal([]byte(analyst.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied").body), &api)
	if v := api.Indicators[0].Total.Value; v == nil || !strings.Contains(page.body, fmt.Sprintf("%.0f%%", *v*100)) {
		t.Fatalf("the school value (8 of 12, perturbed) is not on the page")
	}
	trend := analyst.get("/indicators/wellbeing/life_satisfaction_mean?by=period&period=month")
	trend.want(t, http.StatusOK, "2026-05")
	analyst.get("/indicators/wellbeing/nope").want(t, http.StatusNotFound)
	analyst.get("/indicators/wellbeing/life_satisfied?by=nope").want(t, http.StatusUnprocessableEntity)
	e.login("worker", "Club").get("/indicators").want(t, http.StatusForbidden)
}

// A selection under the minimum base keeps the page and its filters, so
// the analyst can widen it, with a notice in place of every number; the
// API and the exports refuse it outright.
func TestIndicatorPageUnderTheBase(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.fill(t, "school", 9, 9, 9, 8, 8, 8, 7, 6, 5, 10, 10, 3)
	analyst := e.login("analyst", "Stad")
	page := analyst.get("/indicators/wellbeing/life_satisfied?by=gender&lang=en")
	page.want(t, http.StatusOK, "Too few children in this selection", `name="setting"`)
	for _, leak := range []string{`<svg class="chart"`, "total-box", "/export/indicators/csv"} {
		if strings.Contains(page.body, leak) {
			t.Errorf("the page under the base shows %q", leak)
		}
	}
	analyst.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied").want(t, http.StatusUnprocessableEntity, "base_too_small")
}
