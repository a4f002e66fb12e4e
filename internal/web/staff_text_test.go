package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// Direction controls and invisible characters in what staff type for
// others to read are refused with a message that says why; nothing is
// stored.
func TestHiddenCharactersInStaffTextsAreRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const why = "invisible characters"
	admin := e.login("admin", "Stad")
	page := admin.get("/admin?lang=en")
	for _, name := range []string{"Stad \u202eTNEG", "Jeugd\u200bhuis", "Club\u2066X\u2069", "Z\ufeffon"} {
		admin.postForm("/admin/organisations?lang=en", url.Values{"csrf": {page.csrf(t)}, "name": {name}, "kind": {"ngo"}}).
			want(t, http.StatusUnprocessableEntity, why)
	}
	w := e.login("worker", "Club")
	w.createSession(t, url.Values{"label": {"klas \u202e5B"}}).want(t, http.StatusUnprocessableEntity)
	r := w.createSession(t, url.Values{})
	r.want(t, http.StatusSeeOther)
	id := sessionIDFrom(t, r)
	sp := w.get("/sessions/" + id)
	w.postForm("/sessions/"+id+"/feedback?lang=en", url.Values{"csrf": {sp.csrf(t)}, "feedback_nl": {"We kopen\u200d ballen."}}).
		want(t, http.StatusUnprocessableEntity, why)
	// Arabic and Ukrainian text without hidden characters is fine.
	w.postForm("/sessions/"+id+"/feedback", url.Values{"csrf": {sp.csrf(t)}, "feedback_ar": {"سنشتري كرات جديدة."}, "feedback_uk": {"Ми купимо нові м'ячі."}}).
		want(t, http.StatusSeeOther)
}
