package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/store"
)

// closedRoundOf runs a Child Guarantee round of the organisation with n
// responses, each answering the awareness question with known (1: never
// heard of it), and closes it.
func (e *env) closedRoundOf(org string, n int, known string) *store.Round {
	e.t.Helper()
	s, _ := e.catalog.Survey("child_guarantee")
	r := &store.Round{OrganisationID: e.org(org), SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash,
		ClosesAt: e.clock.Now().Add(7 * 24 * time.Hour)}
	links, err := e.store.CreateRound(context.Background(), r, n)
	if err != nil {
		e.t.Fatal(err)
	}
	c := e.client()
	for _, l := range links {
		c.postForm("/i/"+l, url.Values{"lang": {"nl"}, "a.known": {known}}).want(e.t, http.StatusSeeOther)
	}
	if err := e.store.CloseRound(context.Background(), r.ID); err != nil {
		e.t.Fatal(err)
	}
	return r
}

// An API token sees what a user of its role in its organisation sees: an
// analyst's token its organisation's rounds and the pool over them, never
// the pool over every organisation's rounds; an admin's token made for
// every organisation sees them all, as an admin does.
func TestTokenSeesWhatItsOwnerSees(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ours := e.closedRoundOf("Coalitie", 12, "1")     // all 12 never heard of it
	theirs := e.closedRoundOf("Andere org", 12, "2") // all 12 did
	token := func(role, org string) string {
		tok := &store.Token{Name: role + " " + org, Role: role}
		if org != "" {
			tok.OrganisationID = e.org(org)
		}
		secret, err := e.store.CreateToken(context.Background(), tok)
		if err != nil {
			t.Fatal(err)
		}
		return secret
	}
	// neverHeard is the pooled share who never heard of the Child
	// Guarantee, and its n, as the token's script reads them.
	neverHeard := func(secret string) (float64, int) {
		r := e.client().get("/api/v1/indicators?survey=child_guarantee", "Authorization", "Bearer "+secret)
		r.want(t, http.StatusOK)
		var got struct {
			Indicators []struct {
				ID    string
				Total struct {
					Value *float64
					N     *int
				}
			}
		}
		if err := json.Unmarshal([]byte(r.body), &got); err != nil {
			t.Fatal(err)
		}
		for _, i := range got.Indicators {
			if i.ID == "never_heard" && i.Total.N != nil {
				return *i.Total.Value, *i.Total.N
			}
		}
		t.Fatalf("no never_heard pool:\n%s", r.body)
		return 0, 0
	}
	results := func(secret string, r *store.Round) int {
		return e.client().get("/api/v1/rounds/"+strconv.FormatInt(r.ID, 10)+"/results", "Authorization", "Bearer "+secret).StatusCode
	}

	analyst := token("analyst", "Coalitie")
	if v, n := neverHeard(analyst); n != 12 || v != 1 {
		t.Errorf("the analyst token's pool: %v of %d, want its organisation's 12, all never heard", v, n)
	}
	if code := results(analyst, ours); code != http.StatusOK {
		t.Errorf("the analyst token on its organisation's round: %d, want 200", code)
	}
	if code := results(analyst, theirs); code != http.StatusNotFound {
		t.Errorf("the analyst token on another organisation's round: %d, want 404", code)
	}
	all := token("admin", "")
	if _, n := neverHeard(all); n != 24 {
		t.Errorf("the admin token for every organisation: pool of %d, want 24", n)
	}
	if results(all, theirs) != http.StatusOK {
		t.Error("the admin token for every organisation cannot read a round")
	}
	one := token("admin", "Andere org")
	if v, n := neverHeard(one); n != 12 || v != 0 {
		t.Errorf("an admin token of one organisation: %v of %d, want that organisation's 12, none never heard", v, n)
	}
	if results(one, ours) != http.StatusNotFound {
		t.Error("an admin token of one organisation reads another's round")
	}
	// The same rules as the analyst's own login.
	user := e.login("analyst", "Coalitie")
	if code := user.get("/api/v1/rounds/" + strconv.FormatInt(theirs.ID, 10) + "/results").StatusCode; code != http.StatusNotFound {
		t.Errorf("the analyst's login on another organisation's round: %d, want 404", code)
	}
}

// An analyst's token is made for one organisation; only an admin's may be
// made for every organisation. The admin page asks, and lists whose
// records each token sees.
func TestAdminPageTokensCarryAnOrganisation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login("admin", "Stad")
	page := admin.get("/admin/tokens?lang=en")
	page.want(t, http.StatusOK, `name="organisation"`, `<option value="all">Every organisation (admins only)</option>`)
	stad := strconv.FormatInt(e.org("Stad"), 10)
	for _, c := range []struct {
		role, org string
		want      int
	}{
		{"analyst", "", http.StatusUnprocessableEntity},
		{"analyst", "all", http.StatusUnprocessableEntity},
		{"analyst", "999", http.StatusUnprocessableEntity},
		{"analyst", stad, http.StatusOK},
		{"admin", "all", http.StatusOK},
		{"admin", stad, http.StatusOK},
	} {
		r := admin.postForm("/admin/tokens?lang=en", url.Values{"csrf": {page.csrf(t)}, "name": {c.role + " " + c.org}, "role": {c.role}, "organisation": {c.org}})
		if r.StatusCode != c.want {
			t.Errorf("%s token for %q: %d, want %d", c.role, c.org, r.StatusCode, c.want)
		}
		if c.want != http.StatusOK && !regexp.MustCompile(`An analyst&#39;s token belongs to one organisation`).MatchString(r.body) {
			t.Errorf("%s token for %q: the refusal does not say why", c.role, c.org)
		}
	}
	list := admin.get("/admin/tokens?lang=en")
	list.want(t, http.StatusOK, "<td>analyst "+stad+"</td><td>Analyst</td><td>Stad</td>", "<td>admin all</td><td>Administrator</td><td>Every organisation (admins only)</td>")
}
