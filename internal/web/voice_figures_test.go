package web_test

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/store"
)

// voiceFigures is the API's answer.
type voiceFigures struct {
	K      int `json:"k"`
	Groups []struct {
		Levels     map[string]string `json:"levels"`
		Suppressed bool              `json:"suppressed"`
		Decisions  *int              `json:"decisions"`
		View       *float64          `json:"view_share"`
		ChoseNot   *float64          `json:"chose_not_share"`
		NotAsked   *float64          `json:"not_asked_share"`
	} `json:"groups"`
}

func (c *client) voiceFigures(t *testing.T, query string, headers ...string) voiceFigures {
	t.Helper()
	r := c.get("/api/v1/process/voice?"+query, headers...)
	r.want(t, http.StatusOK)
	var out voiceFigures
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// notAsked records n decisions where the child was not asked.
func (c *client) notAsked(t *testing.T, n int) {
	t.Helper()
	for range n {
		a := c.askChild(t, url.Values{"ask": {"0"}, "not_asked": {"urgent"}})
		csrf := c.get("/voice/" + a.id).csrf(t)
		c.postForm("/voice/"+a.id+"/decision", url.Values{"csrf": {csrf}, "decision": {"x"}, "reasons": {"y"}, "final": {"1"}}).
			want(t, http.StatusSeeOther)
	}
}

// Fewer than k decisions show nothing in the page, the API and the CSV
// alike; from k the figures are there, with no word of any child.
func TestVoiceFiguresHideSmallGroups(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Jeugdhulp Noord")
	a := sentView(t, e, w)
	decideAndExplain(t, e, w, a)
	w.notAsked(t, 2)
	analyst := e.login("analyst", "Monitor")
	f := analyst.voiceFigures(t, "")
	if len(f.Groups) != 1 || !f.Groups[0].Suppressed || f.Groups[0].Decisions != nil {
		t.Fatalf("3 decisions: %+v", f.Groups)
	}
	analyst.get("/process/voice").want(t, http.StatusOK, "minder dan 10 beslissingen toont niets", "verborgen")
	csv := analyst.get("/export/voice.csv")
	csv.want(t, http.StatusOK)
	if lines := strings.Split(strings.TrimSpace(csv.body), "\n"); len(lines) != 2 || !strings.Contains(lines[1], "true,,") {
		t.Fatalf("the CSV of 3 decisions:\n%s", csv.body)
	}
	w.notAsked(t, 12)
	f = analyst.voiceFigures(t, "by=setting")
	shown := 0
	for _, g := range f.Groups {
		if !g.Suppressed {
			shown++
			if g.Levels["setting"] != "youth_care" || *g.Decisions < 12 {
				t.Fatalf("%+v", g)
			}
		}
	}
	if shown != 1 || len(f.Groups) != len(e.catalog.Settings) {
		t.Fatalf("by setting: %+v", f.Groups)
	}
	page := analyst.get("/process/voice?by=organisation")
	page.want(t, http.StatusOK, "Jeugdhulp Noord")
	for _, b := range []string{page.body, csv.body} {
		if strings.Contains(b, voiceWish) || strings.Contains(b, "R.T. dossier") {
			t.Fatal("a child's or worker's words in the figures")
		}
	}
	analyst.get("/process/voice?by=region").want(t, http.StatusUnprocessableEntity)
	analyst.get("/api/v1/process/voice?month=2026-01").want(t, http.StatusUnprocessableEntity)
}

// The worker pads their organisation, where one real child chose not to
// take part, with 11 decisions of their own where the child was not asked,
// to lift it over k; an analyst of the organisation then reads its row.
// The real child's choice never shows as one "chose not to": a count of 1
// is published as 0 or 3.
func attackVoicePaddingByWorker(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Kleine Voorziening")
	a := w.askChild(t, nil)
	ch := e.enter(t, a, "nl")
	ch.post("/screen", url.Values{"go": {"decline"}}).want(t, http.StatusOK)
	ch.post("/decline", nil).want(t, http.StatusSeeOther)
	csrf := w.get("/voice/" + a.id).csrf(t)
	w.postForm("/voice/"+a.id+"/decision", url.Values{"csrf": {csrf}, "decision": {"x"}, "reasons": {"y"}, "final": {"1"}}).want(t, http.StatusSeeOther)
	w.notAsked(t, 11)
	f := e.login("analyst", "Kleine Voorziening").voiceFigures(t, "by=organisation")
	for _, g := range f.Groups {
		if g.Suppressed {
			continue
		}
		if chose := math.Round(*g.ChoseNot * float64(*g.Decisions)); chose == 1 {
			t.Errorf("the padded row shows the one child who chose not to take part: %v of %d", chose, *g.Decisions)
		}
	}
}

// A child's words, a worker's request and the decision reach no analyst
// and no API token, on any route they may use: every GET route of the
// router, as an analyst, an analyst's token and an admin's token for every
// organisation, is searched for them.
func attackVoiceWordsNeverReleased(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Testclub")
	a := sentView(t, e, w)
	decideAndExplain(t, e, w, a)
	ctx := context.Background()
	e.addUser("analyst", "voice-owner@example.org", "Testclub")
	owner, err := e.store.UserByEmail(ctx, "voice-owner@example.org")
	if err != nil {
		t.Fatal(err)
	}
	analystToken, _ := e.store.CreateToken(ctx, &store.Token{Name: "feed", Role: "analyst", OrganisationID: owner.OrganisationID, CreatedBy: owner.ID})
	adminToken, _ := e.store.CreateToken(ctx, &store.Token{Name: "all", Role: "admin", CreatedBy: owner.ID})
	type reader struct {
		name    string
		c       *client
		headers []string
	}
	readers := []reader{{"analyst", e.login("analyst", "Testclub"), nil}, {"analyst token", e.client(), []string{"Authorization", "Bearer " + analystToken}},
		{"admin token", e.client(), []string{"Authorization", "Bearer " + adminToken}}, {"admin", e.login("admin", "Testclub"), nil}}
	params := map[string]string{":survey": "wellbeing", ":indicator": "life_satisfied", ":format": "csv", ":file": "wellbeing.csv",
		":id": a.id, "*path": "app.css", ":code": "NOCODE", ":token": "x", ":secret": "x", ":link": "x"}
	words := []string{voiceWish, voiceWorry, voiceChildAbout, "Verblijf verlengd", "Je blijft bij oma", "R.T. dossier"}
	for _, r := range e.app.RouteTable() {
		if r.Method != http.MethodGet || strings.HasPrefix(r.Path, "/v/") {
			continue
		}
		path := fillParams(r, params)
		for _, rd := range readers {
			res := rd.c.get(path, rd.headers...)
			for _, word := range words {
				if strings.Contains(res.body, word) {
					t.Errorf("%s reads %q at %s (status %d)", rd.name, word, path, res.StatusCode)
				}
			}
		}
	}
}

func fillParams(r gin.RouteInfo, params map[string]string) string {
	parts := strings.Split(r.Path, "/")
	for i, p := range parts {
		if v, ok := params[p]; ok {
			parts[i] = v
		}
	}
	return strings.Join(parts, "/")
}
