package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// A cookie copied before logout is worth nothing after it: the session
// lives on the server, and logging out deletes it.
func TestLogoutEndsACopiedCookie(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("worker", "Club")
	home := c.get("/staff")
	home.want(t, http.StatusOK)
	u, _ := url.Parse(e.srv.URL)
	stolen := e.client()
	stolen.hc.Jar.SetCookies(u, c.hc.Jar.Cookies(u))
	stolen.get("/staff").want(t, http.StatusOK)
	c.postForm("/logout", url.Values{"csrf": {home.csrf(t)}}).want(t, http.StatusSeeOther)
	stolen.get("/staff").want(t, http.StatusSeeOther)
}

// A new role, a disabled account and a new password each end every session
// of the account at once, and the database keeps no usable session id.
func TestAccountChangesEndSessions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	for _, change := range []string{"role", "disable", "password"} {
		t.Run(change, func(t *testing.T) {
			c := e.login("worker", "Club")
			c.get("/staff").want(t, http.StatusOK)
			users, _ := e.store.Users(ctx)
			var id int64
			for _, u := range users {
				if u.Role == "worker" && !u.Disabled {
					id = u.ID
				}
			}
			var err error
			switch change {
			case "role":
				err = e.store.SetRole(ctx, id, "analyst")
			case "disable":
				err = e.store.SetDisabled(ctx, id, true)
			case "password":
				err = e.store.SetPassword(ctx, id, "$argon2id$v=19$m=8,t=1,p=1$AAAA$AAAA")
			}
			if err != nil {
				t.Fatal(err)
			}
			c.get("/staff").want(t, http.StatusSeeOther)
			if n, _ := e.store.CountStaffSessions(ctx, id); n != 0 {
				t.Fatalf("%d sessions left after %s", n, change)
			}
		})
	}
}

// The absolute timeout holds even for a session used every hour.
func TestStaffSessionAbsoluteTimeout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("analyst", "Stad")
	for i := 0; i < 11; i++ {
		e.clock.Add(time.Hour)
		c.get("/staff").want(t, http.StatusOK)
	}
	e.clock.Add(time.Hour + time.Minute)
	c.get("/staff").want(t, http.StatusSeeOther)
}

// A staff session survives a database error: a lookup that fails for
// another reason than "no such session" (a closed or failing database, a
// request the client gave up on) answers this request as anonymous, but
// neither deletes the session nor expires the cookie, so the worker is
// still logged in once the database answers again.
func TestStaffSessionOutlivesADatabaseError(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("worker", "Club")
	c.get("/staff").want(t, http.StatusOK)
	e.store.Close() // every lookup now fails
	r := c.get("/staff")
	for _, ck := range r.Cookies() {
		if ck.Name == "ks_staff" && (ck.MaxAge < 0 || ck.Value == "") {
			t.Fatalf("a database error logged the worker out: Set-Cookie %s", ck.String())
		}
	}
}
