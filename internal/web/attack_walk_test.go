package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web"
)

// testExists reports whether package pkg (under internal/, "web" for this
// one) has a test function name.
func testExists(t *testing.T, pkg, name string) bool {
	t.Helper()
	dir := filepath.Join("..", pkg)
	if pkg == "web" {
		dir = "."
	}
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "\nfunc "+name+"(t *testing.T)") {
			return true
		}
	}
	return false
}

// releaseWalk calls every route as every visitor the access table lets in
// and returns the routes the gate saw release numbers, with what.
func releaseWalk(t *testing.T) map[string][]string {
	t.Helper()
	var mu sync.Mutex
	released := map[string][]string{}
	e := newEnvWith(t, func(c *web.Config) {
		c.K = 5 // small test groups open every release
		c.OnRelease = func(route, what string) {
			mu.Lock()
			defer mu.Unlock()
			if !slices.Contains(released[route], what) {
				released[route] = append(released[route], what)
			}
		}
	})
	ctx := context.Background()
	e.importSample(t)

	// A group with ideas, closed and published; two topics; a closed vote.
	w := e.login("worker", "Testclub")
	id, code, csrf := groupWithIdeas(t, e, w, 8)
	base := "/sessions/" + id
	topicsFrom(t, e, w, base, csrf)
	w.postForm(base+"/votes/open", url.Values{"csrf": {csrf}}).want(t, http.StatusSeeOther)
	for range 6 {
		token, topics := votePage(t, e, code)
		e.client().postForm("/s/"+code+"/vote", url.Values{"token": {token}, "lang": {"nl"}, "topic": {topics["Voetbal"]}}).want(t, http.StatusOK)
	}
	w.postForm(base+"/votes/close", url.Values{"csrf": {csrf}}).want(t, http.StatusSeeOther)
	// A public answer to it, rated and closed.
	answer := w.publicAnswer(t, id)
	e.rate(t, code, "yes", 6)
	w.closeHeard(t, answer)
	// A closed group not yet published, for the publish route.
	toPublish, _ := w.closedSession(t, 6)
	// Closed invitation rounds.
	round, links := e.newRound(12, false)
	scores := []int{5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0}
	e.answerRound(t, links[:11], scores, []string{"3", "dont_know"})
	if err := e.store.CloseRound(ctx, round.ID); err != nil {
		t.Fatal(err)
	}
	_, openLinks := e.newRound(1, false)
	// A draft questionnaire, whose page reports its pilots.
	draft := e.importForm(e.login("admin", "Stad"), exampleForm(t))

	e.addUser("analyst", "owner@example.org", "Coalitie")
	owner, err := e.store.UserByEmail(ctx, "owner@example.org")
	if err != nil {
		t.Fatal(err)
	}
	analystToken, err := e.store.CreateToken(ctx, &store.Token{Name: "feed", Role: "analyst", OrganisationID: owner.OrganisationID, CreatedBy: owner.ID})
	if err != nil {
		t.Fatal(err)
	}
	adminToken, err := e.store.CreateToken(ctx, &store.Token{Name: "admin feed", Role: "admin", CreatedBy: owner.ID})
	if err != nil {
		t.Fatal(err)
	}
	visitors := []*visitor{
		{name: "nobody", c: e.client()},
		{name: "worker", role: "worker", org: "Testclub", c: w},
		{name: "analyst", role: "analyst", org: "Coalitie", c: e.login("analyst", "Coalitie")},
		{name: "admin", role: "admin", org: "Stad", c: e.login("admin", "Stad")},
		{name: "analyst token", role: "analyst", token: analystToken, c: e.client()},
		{name: "admin token", role: "admin", token: adminToken, c: e.client()},
	}
	for _, v := range visitors {
		page := "/account"
		if v.role == "" || v.token != "" {
			page = "/login"
		}
		v.csrf = v.c.get(page).csrf(t)
	}
	// A published edition of it all, for the public monitor's routes.
	e.publishOpen(t, "Walk")
	answerID := strings.TrimPrefix(answer, "/answers/")
	params := map[string]string{":code": code, ":token": openLinks[0], ":secret": "no-such-secret", "*path": "app.css",
		":survey": "wellbeing", ":indicator": "life_satisfied", ":format": "csv", ":file": "wellbeing.csv",
		":lang": "fr", ":theme": "wellbeing", ":n": "1", ":province": "40000"}
	ids := map[string]string{"/sessions/": id, "/answers/": answerID, "/rounds/": strconv.FormatInt(round.ID, 10),
		"/api/v1/rounds/": strconv.FormatInt(round.ID, 10), "/indicators/registration": "kansarmoede", "/admin/users/": "1", "/admin/tokens/": "1",
		"/surveys/drafts/": strconv.FormatInt(draft, 10), "/editions/": "1"}
	// Forms that get a POST past its checks to what it does.
	editionForm := url.Values{"title": {"Walk"}, "from": {"2026-01"}, "to": {"2026-06"}, "indicator": {"survey:wellbeing/life_satisfied"}, "breakdown": {"total"}}
	forms := map[string]url.Values{"POST /sessions/:id/publish": {"expected": {"6"}}, "POST /editions": editionForm, "POST /editions/:id": editionForm}
	fill := func(method, path string) string {
		parts := strings.Split(path, "/")
		for i, p := range parts {
			switch {
			case p == ":id" && method+" "+path == "POST /sessions/:id/publish":
				parts[i] = toPublish
			case p == ":id":
				for prefix, v := range ids {
					if strings.HasPrefix(path, prefix) {
						parts[i] = v
					}
				}
			case params[p] != "":
				parts[i] = params[p]
			}
		}
		return strings.Join(parts, "/")
	}
	routes := e.app.RouteTable()
	// What only reads first, then what changes things; leaving last.
	slices.SortStableFunc(routes, func(a, b gin.RouteInfo) int {
		return strings.Compare(walkOrder(a), walkOrder(b))
	})
	for _, r := range routes {
		key := r.Method + " " + r.Path
		rl, ok := accessTable[key]
		if !ok {
			continue // TestEveryRouteChecksAccess says so
		}
		for _, v := range visitors {
			if v.expect(rl) != "in" {
				continue
			}
			res := v.post(t, r.Method, fill(r.Method, r.Path), forms[key])
			if res.StatusCode >= 500 {
				t.Errorf("%s as %s: status %d", key, v.name, res.StatusCode)
			}
		}
	}
	return released
}

func walkOrder(r gin.RouteInfo) string {
	switch {
	case r.Path == "/logout" || r.Path == "/login":
		return "2"
	case r.Method != http.MethodGet:
		return "1"
	}
	return "0"
}

// post sends one request as the visitor, with a form on a POST.
func (v *visitor) post(t *testing.T, method, path string, form url.Values) *response {
	t.Helper()
	if method != http.MethodPost {
		return v.call(t, method, path)
	}
	body := url.Values{"csrf": {v.csrf}}
	for k, vals := range form {
		body[k] = vals
	}
	req, _ := http.NewRequest(method, v.c.e.srv.URL+path, strings.NewReader(body.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if v.token != "" {
		req.Header.Set("Authorization", "Bearer "+v.token)
	}
	return v.c.do(req)
}
