package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// An organisation sets its own retention: a value outside 7 to 730 days,
// or not a number, is refused in the admin's language and changes
// nothing; 30 days then erases a child's view 30 days after the child
// read the explanation, not a day earlier, while another organisation
// keeps the default 90.
func TestVoiceRetentionPerOrganisation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	worker := e.account("worker", "Jeugdhulp Noord")
	other := e.account("worker", "Jeugdhulp Zuid")
	admin := e.account("admin", "Stad")
	org := e.org("Jeugdhulp Noord")
	set := func(c *client, org int64, days string) *response {
		return c.postForm(fmt.Sprintf("/admin/organisations/%d/voice", org), url.Values{"csrf": {c.get("/admin").csrf(t)}, "days": {days}})
	}
	ac := admin.login()
	for _, days := range []string{"3", "731", "abc", "", "30.5", "-30"} {
		set(ac, org, days).want(t, http.StatusUnprocessableEntity, "Kies tussen 7 en 730 dagen.")
	}
	set(ac, 999999, "30").want(t, http.StatusNotFound)
	if days, set, _ := e.store.VoiceRetention(context.Background(), org, 90); set || days != 90 {
		t.Fatalf("refused values changed the retention: %d, set %v", days, set)
	}
	set(worker.login(), org, "30").want(t, http.StatusForbidden)
	set(ac, org, "30").want(t, http.StatusSeeOther)
	ac.get("/admin").want(t, http.StatusOK, fmt.Sprintf(`id="ret-%d" name="days" type="number" min="7" max="730" value="30"`, org))

	w := worker.login()
	a := sentView(t, e, w)
	decideAndExplain(t, e, w, a)
	o := other.login()
	b := sentView(t, e, o)
	decideAndExplain(t, e, o, b)
	backup := func() {
		c := admin.login()
		c.postForm("/admin/backup", url.Values{"csrf": {c.get("/admin").csrf(t)}}).want(t, http.StatusOK)
	}
	e.clock.Add(29 * 24 * time.Hour)
	backup()
	worker.login().get("/voice/"+a.id).want(t, http.StatusOK, voiceWish)
	e.clock.Add(24 * time.Hour)
	backup()
	worker.login().get("/voice/"+a.id).want(t, http.StatusNotFound)
	other.login().get("/voice/"+b.id).want(t, http.StatusOK, voiceWish)
	log, _ := e.store.AuditLog(context.Background(), 0, 500)
	found := false
	for _, l := range log {
		found = found || l.Action == "voice_retention"
	}
	if !found {
		t.Error("the change of retention is not in the audit log")
	}
}
