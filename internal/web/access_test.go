package web_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/store"
)

// rule says who may use a route. owner is the organisation a route's
// record belongs to: staff of another organisation get 404, as if it did
// not exist (admins see every organisation's).
type rule struct {
	public bool     // anyone: children, professionals, visitors
	roles  []string // staff roles let in
	token  bool     // an API token of those roles is let in too
	owner  string   // the record's organisation, for routes with an :id
	named  bool     // only the staff a record names (a child's view: the worker who asked, the colleagues they add); any other staff of those roles gets 404
}

var (
	anyone      = rule{public: true}
	allStaff    = rule{roles: []string{"admin", "analyst", "worker"}}
	workers     = rule{roles: []string{"worker", "admin"}}
	ownSession  = rule{roles: []string{"worker", "admin"}, owner: "Testclub"}
	analysts    = rule{roles: []string{"analyst", "admin"}}
	analystFeed = rule{roles: []string{"analyst", "admin"}, token: true}
	ownRound    = rule{roles: []string{"analyst", "admin"}, owner: "Coalitie"}
	ownRoundAPI = rule{roles: []string{"analyst", "admin"}, token: true, owner: "Coalitie"}
	admins      = rule{roles: []string{"admin"}}
	namedOnly   = rule{roles: []string{"worker", "admin"}, named: true}
)

// accessTable is every route the application serves, with who may use
// it. A route added without a line here fails TestEveryRouteChecksAccess,
// so nobody can add a page and forget to say who may see it.
var accessTable = map[string]rule{
	"GET /healthz":        anyone,
	"HEAD /healthz":       anyone,
	"GET /static/*path":   anyone,
	"GET /":               anyone,
	"GET /s":              anyone,
	"GET /accessibility":  anyone,
	"GET /s/:code":        anyone,
	"POST /s/:code":       anyone,
	"POST /s/:code/vote":  anyone,
	"GET /s/:code/thanks": anyone,
	"GET /s/:code/bye":    anyone,
	"POST /api/v1/sessions/:code/submissions":   anyone,
	"GET /api/v1/sessions/:code":                anyone,
	"GET /sw.js":                                anyone,
	"GET /i/:token":                             anyone,
	"POST /i/:token":                            anyone,
	"GET /r/:secret":                            anyone,
	"POST /r/:secret":                           anyone,
	"GET /login":                                anyone,
	"POST /login":                               anyone,
	"POST /logout":                              anyone,
	"GET /staff":                                allStaff,
	"GET /account":                              allStaff,
	"POST /account/password":                    allStaff,
	"GET /sessions":                             workers,
	"GET /sessions/new":                         workers,
	"POST /sessions":                            workers,
	"GET /sessions/:id":                         ownSession,
	"GET /sessions/:id/count":                   ownSession,
	"GET /sessions/:id/qr.svg":                  ownSession,
	"GET /sessions/:id/results":                 ownSession,
	"POST /sessions/:id/close":                  ownSession,
	"POST /sessions/:id/reopen":                 ownSession,
	"POST /sessions/:id/easy-read":              ownSession,
	"POST /sessions/:id/feedback":               ownSession,
	"POST /sessions/:id/publish":                ownSession,
	"GET /sessions/:id/ideas":                   ownSession,
	"POST /sessions/:id/ideas/merge":            ownSession,
	"POST /sessions/:id/ideas/hide":             ownSession,
	"POST /sessions/:id/votes/open":             ownSession,
	"POST /sessions/:id/votes/close":            ownSession,
	"POST /sessions/:id/topics/rename":          ownSession,
	"GET /indicators":                           analysts,
	"GET /indicators/:survey/:indicator":        analysts,
	"GET /indicators/registration/:id":          analysts,
	"GET /export/indicators/:format":            analystFeed,
	"GET /export/microdata/:file":               analystFeed,
	"GET /export/codebook/:survey":              analystFeed,
	"GET /export/registration/:format":          analystFeed,
	"GET /api/v1/indicators":                    analystFeed,
	"GET /api/v1/models":                        analystFeed,
	"GET /models":                               analysts,
	"GET /rounds":                               analysts,
	"POST /rounds":                              analysts,
	"GET /rounds/:id":                           ownRound,
	"POST /rounds/:id/close":                    ownRound,
	"GET /rounds/:id/results":                   ownRound,
	"GET /rounds/:id/export/:format":            ownRound,
	"GET /api/v1/rounds/:id/results":            ownRoundAPI,
	"GET /admin":                                admins,
	"POST /admin/users":                         admins,
	"POST /admin/users/:id":                     admins,
	"POST /admin/organisations":                 admins,
	"GET /admin/audit":                          admins,
	"GET /admin/tokens":                         admins,
	"POST /admin/tokens":                        admins,
	"POST /admin/tokens/:id/revoke":             admins,
	"POST /admin/backup":                        admins,
	"GET /admin/registration":                   admins,
	"POST /admin/registration":                  admins,
	"POST /s/:code/heard":                       anyone,
	"GET /answers":                              workers,
	"GET /answers/new":                          workers,
	"POST /answers":                             workers,
	"GET /answers/:id":                          ownSession,
	"POST /answers/:id":                         ownSession,
	"POST /answers/:id/public":                  ownSession,
	"POST /answers/:id/heard/close":             ownSession,
	"GET /process":                              analysts,
	"GET /export/process.csv":                   analystFeed,
	"GET /api/v1/process":                       analystFeed,
	"GET /preview/:token":                       anyone,
	"POST /preview/:token":                      anyone,
	"POST /preview/:token/check":                anyone,
	"GET /surveys":                              analysts,
	"GET /surveys/example.xlsx":                 analysts,
	"GET /surveys/export/:survey":               analysts,
	"GET /surveys/drafts/:id":                   analysts,
	"GET /surveys/drafts/:id/preview":           analysts,
	"GET /surveys/drafts/:id/draft.xlsx":        analysts,
	"GET /surveys/drafts/:id/translation/:lang": analysts,
	"POST /surveys/drafts/:id/review":           analysts,
	"POST /surveys/drafts/:id/publish":          admins,
	"POST /surveys/import":                      admins,
	"POST /surveys/drafts/:id/translation":      analysts,
	"GET /editions":                             analysts,
	"POST /editions":                            analysts,
	"GET /editions/:id":                         analysts,
	"POST /editions/:id":                        analysts,
	"POST /editions/:id/publish":                analysts,
	"POST /editions/:id/delete":                 analysts,
	"GET /open":                                 anyone,
	"GET /embed/:lang/:survey/:indicator/":      anyone,
	"GET /process/voice":                        analysts,
	"GET /export/voice.csv":                     analystFeed,
	"GET /api/v1/process/voice":                 analystFeed,
	"POST /admin/organisations/:id/voice":       admins,
	"GET /v/:link":                              anyone,
	"POST /v/:link":                             anyone,
	"POST /v/:link/screen":                      anyone,
	"POST /v/:link/send":                        anyone,
	"POST /v/:link/decline":                     anyone,
	"POST /v/:link/withdraw":                    anyone,
	"POST /v/:link/rejoin":                      anyone,
	"POST /v/:link/heard":                       anyone,
	"POST /v/:link/leave":                       anyone,
	"GET /voice":                                workers,
	"GET /voice/new":                            workers,
	"POST /voice":                               workers,
	"GET /voice/:id":                            namedOnly,
	"GET /voice/:id/print":                      namedOnly,
	"POST /voice/:id/readers":                   namedOnly,
	"POST /voice/:id/readers/remove":            namedOnly,
	"POST /voice/:id/code":                      namedOnly,
	"GET /voice/:id/decision":                   namedOnly,
	"POST /voice/:id/decision":                  namedOnly,
	"GET /voice/:id/explanation":                namedOnly,
	"POST /voice/:id/explanation":               namedOnly,
	"POST /voice/:id/erase":                     namedOnly,
	"GET /sessions/:id/prepare":                 ownSession,
	"POST /sessions/:id/prepare":                ownSession,
	"GET /indicators/articles":                  analysts,
	"GET /admin/registration/declare":           admins,
	"POST /admin/registration/declare":          admins,
	"GET /topics":                               analysts,
	"GET /api/v1/topics":                        analystFeed,
	"GET /sessions/:id/paper":                   ownSession,
	"GET /sessions/:id/paper/entry":             ownSession,
	"POST /sessions/:id/paper/entry":            ownSession,
	"POST /sessions/:id/topics/theme":           ownSession,
	"GET /export/topics.csv":                    analystFeed,
}

// The public monitor's pages and files, under /open and under a draft's
// preview link: anyone.
func init() {
	for _, prefix := range []string{"/open", "/open/preview/:token"} {
		for _, p := range []string{"/catalog.jsonld", "/context.jsonld", "/data/:file", "/:lang/", "/:lang/themes/:theme/",
			"/:lang/indicators/:survey/:indicator/", "/:lang/indicators/:survey/:indicator/chart.svg", "/:lang/editions/",
			"/:lang/editions/:n/", "/:lang/children/", "/:lang/children/:province/", "/:lang/accessibility/"} {
			accessTable["GET "+prefix+p] = anyone
		}
	}
}

// visitor is one kind of caller: a logged-in staff member of a role and
// organisation, an API token, or nobody (a child, a stranger).
type visitor struct {
	name, role, org string
	allOrgs         bool // sees every organisation's records: an admin, or an admin's token made for all
	named           bool // named on the records of namedOnly routes
	c               *client
	token           string // sent as a Bearer token instead of a cookie
	csrf            string
}

// expect is what a visitor should get from a route: let in, or one of
// the refusals.
func (v *visitor) expect(r rule) string {
	switch {
	case r.public:
		return "in"
	case v.role == "" || (v.token != "" && !r.token):
		return "login" // a staff route ignores tokens: the caller is nobody
	case !slices.Contains(r.roles, v.role):
		return "forbidden"
	case r.owner != "" && !v.allOrgs && v.org != r.owner:
		return "not found"
	case r.named && !v.named:
		return "not found" // an admin too: nobody reads a child's view unless named
	}
	return "in"
}

// TestEveryRouteChecksAccess calls every route of the real router as
// every kind of visitor — a child or stranger, a youth worker of the
// organisation and of another one, analysts of two organisations, an
// admin, analysts' API tokens of two organisations, an admin's token for
// every organisation and one for one organisation — and checks each is let in
// or refused exactly as the table says: nobody sees a page by guessing
// its address, another organisation's record answers 404, and the table
// lists every route the router has.
func TestEveryRouteChecksAccess(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	e.importSample(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school", withIdeas)
	round, links := e.newRound(2, false)
	e.addUser("worker", "victim@example.org", "Testclub")
	victim, err := e.store.UserByEmail(ctx, "victim@example.org")
	if err != nil {
		t.Fatal(err)
	}
	token := func(name, role, org string) (string, *store.Token) {
		tok := &store.Token{Name: name, Role: role, CreatedBy: victim.ID}
		if org != "" {
			tok.OrganisationID = e.org(org)
		}
		secret, err := e.store.CreateToken(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		return secret, tok
	}
	_, victimToken := token("victim", "analyst", "Testclub")
	analystToken, _ := token("feed", "analyst", "Coalitie")
	otherAnalystToken, _ := token("other feed", "analyst", "Stad")
	adminToken, _ := token("admin feed", "admin", "")
	stadAdminToken, _ := token("admin feed of Stad", "admin", "Stad")

	reply := &store.Reply{OrganisationID: e.org("Testclub"), Lang: "nl", Sessions: []int64{sess.ID},
		Parts: []store.ReplyPart{{Texts: map[string]store.PartText{"nl": {Title: "Speelplein", WeWill: "We maken het groter."}}}}}
	if err := e.store.SaveReply(ctx, reply); err != nil {
		t.Fatal(err)
	}

	draft := e.importForm(e.login("admin", "Stad"), exampleForm(t))

	params := map[string]string{
		":code": sess.Code, ":token": links[0], ":secret": "no-such-secret", "*path": "app.css",
		":survey": "wellbeing", ":indicator": "life_satisfied", ":format": "csv", ":file": "wellbeing.csv",
		":lang": "fr", ":theme": "wellbeing", ":n": "1", ":province": "40000",
	}
	ids := map[string]string{
		"/surveys/drafts/":         strconv.FormatInt(draft, 10),
		"/sessions/":               strconv.FormatInt(sess.ID, 10),
		"/answers/":                strconv.FormatInt(reply.ID, 10),
		"/rounds/":                 strconv.FormatInt(round.ID, 10),
		"/api/v1/rounds/":          strconv.FormatInt(round.ID, 10),
		"/admin/users/":            strconv.FormatInt(victim.ID, 10),
		"/admin/tokens/":           strconv.FormatInt(victimToken.ID, 10),
		"/indicators/registration": "kansarmoede",
		"/editions/":               strconv.FormatInt(e.frozenEdition(t), 10),
	}
	fill := func(path string) string {
		parts := strings.Split(path, "/")
		for i, p := range parts {
			switch {
			case p == ":id":
				for prefix, id := range ids {
					if strings.HasPrefix(path, prefix) {
						parts[i] = id
					}
				}
			case params[p] != "":
				parts[i] = params[p]
			}
		}
		return strings.Join(parts, "/")
	}

	visitors := []*visitor{
		{name: "nobody", c: e.client()},
		{name: "worker", role: "worker", org: "Testclub", named: true, c: e.login("worker", "Testclub")},
		{name: "other worker", role: "worker", org: "Andere club", c: e.login("worker", "Andere club")},
		{name: "analyst", role: "analyst", org: "Coalitie", c: e.login("analyst", "Coalitie")},
		{name: "other analyst", role: "analyst", org: "Stad", c: e.login("analyst", "Stad")},
		{name: "admin", role: "admin", org: "Stad", allOrgs: true, c: e.login("admin", "Stad")},
		{name: "analyst token", role: "analyst", org: "Coalitie", token: analystToken, c: e.client()},
		{name: "other analyst token", role: "analyst", org: "Stad", token: otherAnalystToken, c: e.client()},
		{name: "admin token", role: "admin", allOrgs: true, token: adminToken, c: e.client()},
		{name: "admin token of one organisation", role: "admin", org: "Stad", token: stadAdminToken, c: e.client()},
	}
	for _, v := range visitors {
		page := "/account"
		if v.role == "" || v.token != "" {
			page = "/login"
		}
		v.csrf = v.c.get(page).csrf(t)
	}
	// A child's view, asked by the worker: theirs alone.
	asked := visitors[1].c.askChild(t, nil)
	ids["/voice/"] = asked.id
	ids["/admin/organisations/"] = strconv.FormatInt(e.org("Testclub"), 10)
	params[":link"] = asked.link

	routes := e.app.RouteTable()
	seen := map[string]bool{}
	for _, r := range routes {
		seen[r.Method+" "+r.Path] = true
		if _, ok := accessTable[r.Method+" "+r.Path]; !ok {
			t.Errorf("%s %s is served but not in the access table: say who may use it", r.Method, r.Path)
		}
	}
	for key := range accessTable {
		if !seen[key] {
			t.Errorf("%s is in the access table but not served", key)
		}
	}
	// Leaving is last: it ends the visitor's login.
	slices.SortStableFunc(routes, func(a, b gin.RouteInfo) int { return strings.Compare(lastly(a.Path), lastly(b.Path)) })

	for _, r := range routes {
		rl := accessTable[r.Method+" "+r.Path]
		path := fill(r.Path)
		for _, v := range visitors {
			want := v.expect(rl)
			got := v.call(t, r.Method, path)
			if got.StatusCode >= 500 {
				t.Errorf("%s %s as %s: status %d", r.Method, path, v.name, got.StatusCode)
				continue
			}
			if rl.public {
				continue
			}
			if outcome := outcomeOf(got, r.Method); outcome != want {
				t.Errorf("%s %s as %s: %s (status %d), want %s", r.Method, path, v.name, outcome, got.StatusCode, want)
			}
		}
	}
}
