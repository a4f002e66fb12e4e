package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/auth"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
	"github.com/kinderstem/kinderstem/internal/web"
)

func TestAdminCreatesUsersWithOneTimePasswords(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login("admin", "Stad Gent")
	page := admin.get("/admin")
	page.want(t, http.StatusOK, "Medewerkers", "Stad Gent", "Vragenlijsten")
	org := regexpValue(t, page.body, `<option value="(\d+)">Stad Gent</option>`)
	r := admin.postForm("/admin/users", url.Values{"csrf": {page.csrf(t)}, "email": {"new@example.org"}, "role": {"worker"}, "organisation": {org}})
	r.want(t, http.StatusOK, "Account gemaakt voor new@example.org")
	pw := regexp.MustCompile(`<p class="secret"><code>([^<]+)</code>`).FindStringSubmatch(r.body)[1]
	// The new worker logs in with it.
	c := e.client()
	login := c.get("/login")
	c.postForm("/login", url.Values{"csrf": {login.csrf(t)}, "email": {"new@example.org"}, "password": {pw}}).want(t, http.StatusSeeOther)
	c.get("/sessions").want(t, http.StatusOK)
	// A new organisation can be named on the spot; bad input is refused.
	admin.postForm("/admin/users", url.Values{"csrf": {page.csrf(t)}, "email": {"b@example.org"}, "role": {"analyst"}, "new_organisation": {"Kinderrechtencommissariaat"}}).want(t, http.StatusOK)
	admin.postForm("/admin/users", url.Values{"csrf": {page.csrf(t)}, "email": {"nope"}, "role": {"worker"}, "organisation": {org}}).want(t, http.StatusUnprocessableEntity, "geldig e-mailadres")
	admin.postForm("/admin/users", url.Values{"csrf": {page.csrf(t)}, "email": {"c@example.org"}, "role": {"king"}, "organisation": {org}}).want(t, http.StatusUnprocessableEntity, "Kies een rol")
	admin.postForm("/admin/users", url.Values{"csrf": {page.csrf(t)}, "email": {"new@example.org"}, "role": {"worker"}, "organisation": {org}}).want(t, http.StatusUnprocessableEntity, "bestaat al een account")
	// Disabling logs the user out at once.
	users, _ := e.store.Users(t.Context())
	var newID string
	for _, u := range users {
		if u.Email == "new@example.org" {
			newID = strconv.FormatInt(u.ID, 10)
		}
	}
	admin.postForm("/admin/users/"+newID, url.Values{"csrf": {page.csrf(t)}, "action": {"disable"}}).want(t, http.StatusSeeOther)
	c.get("/sessions").want(t, http.StatusSeeOther)
	log := auditActions(t, e)
	for _, want := range []string{"user_add", "organisation_add", "user_disable"} {
		if !strings.Contains(log, want) {
			t.Errorf("audit log lacks %s: %s", want, log)
		}
	}
	admin.get("/admin/audit").want(t, http.StatusOK, "user_disable", "new@example.org")
}

func TestOnlyAdminsAdminister(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, role := range []string{"analyst", "worker"} {
		c := e.login(role, "Stad")
		for _, path := range []string{"/admin", "/admin/audit", "/admin/tokens"} {
			c.get(path).want(t, http.StatusForbidden)
		}
		page := c.get("/account")
		c.postForm("/admin/users", url.Values{"csrf": {page.csrf(t)}, "email": {"x@example.org"}, "role": {"admin"}}).want(t, http.StatusForbidden)
	}
	users, _ := e.store.Users(t.Context())
	if len(users) != 2 {
		t.Fatalf("%d users; an analyst or worker made one", len(users))
	}
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pw := e.addUser("worker", "wim@example.org", "Club")
	here, elsewhere := e.client(), e.client()
	for _, c := range []*client{here, elsewhere} {
		page := c.get("/login")
		c.postForm("/login", url.Values{"csrf": {page.csrf(t)}, "email": {"wim@example.org"}, "password": {pw}}).want(t, http.StatusSeeOther)
	}
	page := here.get("/account")
	here.postForm("/account/password", url.Values{"csrf": {page.csrf(t)}, "current": {"wrong-one-entirely"}, "new": {"a-new-long-pass"}, "repeat": {"a-new-long-pass"}}).
		want(t, http.StatusUnprocessableEntity, "huidige wachtwoord klopt niet")
	here.postForm("/account/password", url.Values{"csrf": {page.csrf(t)}, "current": {pw}, "new": {"a-new-long-pass"}, "repeat": {"another-pass-x"}}).
		want(t, http.StatusUnprocessableEntity, "niet gelijk")
	here.postForm("/account/password", url.Values{"csrf": {page.csrf(t)}, "current": {pw}, "new": {"short"}, "repeat": {"short"}}).
		want(t, http.StatusUnprocessableEntity, "minstens 10 tekens")
	here.postForm("/account/password", url.Values{"csrf": {page.csrf(t)}, "current": {pw}, "new": {"a-new-long-pass"}, "repeat": {"a-new-long-pass"}}).want(t, http.StatusSeeOther)
	here.get("/account").want(t, http.StatusOK)            // this browser stays in
	elsewhere.get("/account").want(t, http.StatusSeeOther) // every other one is out
}

func TestAdminDownloadsABackup(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.fill(t, "school", 1, 2, 3)
	admin := e.login("admin", "Stad")
	page := admin.get("/admin")
	r := admin.postForm("/admin/backup", url.Values{"csrf": {page.csrf(t)}})
	r.want(t, http.StatusOK)
	if !strings.HasPrefix(r.body, "SQLite format 3\x00") {
		t.Fatalf("the download is not a SQLite file (%d bytes)", len(r.body))
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	os.WriteFile(path, []byte(r.body), 0o600)
	st, err := store.Open(t.Context(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sessions, _ := st.AllSessions(t.Context())
	n, _ := st.CountSubmissions(t.Context(), sessions[0].ID)
	if n != 3 {
		t.Fatalf("the backup holds %d submissions, want 3", n)
	}
	e.login("analyst", "Stad").postForm("/admin/backup", url.Values{"csrf": {page.csrf(t)}}).want(t, http.StatusForbidden)
}

// A configuration that says nothing about password costs hashes with
// production's argon2id parameters; the tests' cheap set is the harness's
// choice, not the web layer's default.
func TestNewPasswordsUseProductionCostsByDefault(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		params auth.Params
		want   string
	}{
		{"zero", auth.Params{}, "$m=19456,t=2,p=1$"},
		{"the tests' set", testkit.Passwords, fmt.Sprintf("$m=%d,t=%d,p=%d$", testkit.Passwords.Memory, testkit.Passwords.Time, testkit.Passwords.Threads)},
	} {
		e := newEnvWith(t, func(cfg *web.Config) { cfg.Passwords = c.params })
		pw := e.addUser("worker", "wim@example.org", "Club")
		cl := e.client()
		page := cl.get("/login")
		cl.postForm("/login", url.Values{"csrf": {page.csrf(t)}, "email": {"wim@example.org"}, "password": {pw}}).want(t, http.StatusSeeOther)
		acc := cl.get("/account")
		cl.postForm("/account/password", url.Values{"csrf": {acc.csrf(t)}, "current": {pw}, "new": {"a-new-long-pass"}, "repeat": {"a-new-long-pass"}}).want(t, http.StatusSeeOther)
		u, err := e.store.UserByEmail(context.Background(), "wim@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(u.PasswordHash, "$argon2id$v=19$") || !strings.Contains(u.PasswordHash, c.want) {
			t.Errorf("%s: the new hash is %s, want argon2id with %s", c.name, u.PasswordHash, c.want)
		}
	}
}
