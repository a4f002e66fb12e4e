package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
)

// One child and one worker, request to "do you feel heard?", through the
// real router: the child's screens in Dutch, the worker's pages, and on
// every screen of the child nothing that stays on the device.
func TestVoiceRequestToFeltHeard(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Jeugdhulp Noord")
	a := w.askChild(t, nil)

	ch := e.enter(t, a, "nl")
	ch.last.want(t, http.StatusOK, "Dit gaat over jou", voiceChildAbout, "De jeugdrechter", "Je hoeft niets te zeggen",
		"90 dagen nadat je die uitleg gelezen hebt", "Wil je met iemand praten?", "102")
	r := ch.say(map[string]string{"wishes": voiceWish, "worries": voiceWorry})
	r.want(t, http.StatusOK, "Kijk wat je zei", voiceWish, voiceWorry, "Alleen voor mijn begeleider")
	// Before sending, the worker reads none of it.
	page := w.get("/voice/" + a.id)
	page.want(t, http.StatusOK, "nog niets verstuurd")
	if strings.Contains(page.body, voiceWish) {
		t.Fatal("the worker reads the child's draft before it is sent")
	}
	send := ch.post("/send", url.Values{"share_wishes": {"meeting"}, "share_worries": {"worker"}})
	send.want(t, http.StatusSeeOther)
	done := ch.c.get(send.Header.Get("Location"))
	done.want(t, http.StatusOK, "Dank je wel!", "Niets hiervan blijft op dit toestel")
	if strings.Contains(done.body, voiceWish) || strings.Contains(done.body, `name="visit"`) {
		t.Fatal("the page after sending shows the child's words or a visit")
	}
	// The old screen's visit opens nothing after sending.
	ch.post("/screen", url.Values{"go": {"review"}}).want(t, http.StatusUnauthorized, "Typ je code opnieuw")

	// The worker reads all of it, the meeting print only what the child released.
	page = w.get("/voice/" + a.id)
	page.want(t, http.StatusOK, voiceWish, voiceWorry, "mag op de vergadering", "alleen voor de begeleider")
	meeting := w.get("/voice/" + a.id + "/print?for=meeting")
	meeting.want(t, http.StatusOK, voiceWish)
	if strings.Contains(meeting.body, voiceWorry) {
		t.Fatal("the print for the meeting carries what the child kept for their worker")
	}
	form := w.get("/voice/" + a.id + "/decision")
	form.want(t, http.StatusOK, "Algemeen Commentaar nr. 14", "par. 55–57")
	csrf := form.csrf(t)
	w.postForm("/voice/"+a.id+"/decision", url.Values{"csrf": {csrf}, "decision": {"Verblijf bij grootmoeder verlengd"}, "final": {"1"}}).
		want(t, http.StatusUnprocessableEntity, "Schrijf waarom")
	w.postForm("/voice/"+a.id+"/decision", url.Values{"csrf": {csrf}, "decision": {"Verblijf bij grootmoeder verlengd"},
		"reasons": {"Stabiel"}, "view_weight": {"Haar wens woog zwaar."}, "element_family": {"Oma is haar vaste figuur."}, "final": {"1"}}).
		want(t, http.StatusSeeOther)
	w.postForm("/voice/"+a.id+"/explanation", url.Values{"csrf": {csrf}, "lang": {"nl"}, "decided": {"Je blijft bij oma wonen."},
		"why": {"Daar voel je je veilig."}, "words": {"Je zei dat je bij oma wilt blijven. Dat woog zwaar."}, "share": {"1"}}).
		want(t, http.StatusSeeOther)

	ch = e.enter(t, a, "nl")
	ch.last.want(t, http.StatusOK, "Wat is er beslist?", "Je blijft bij oma wonen.", "Voel je je gehoord?", "0800 900 33", "JO-lijn",
		"Kinderrechtencommissariaat")
	ch.post("/heard", url.Values{"heard": {"yes"}}).want(t, http.StatusOK, "Dank je wel! Je begeleider ziet je antwoord.")
	page = w.get("/voice/" + a.id)
	page.want(t, http.StatusOK, "Voelt het kind zich gehoord?</strong> Ja", "gelezen op", "gewist op")
}

// The child's pages leave nothing on the device: no cookie, never cached,
// no box the browser may remember, no visit in a URL.
func TestVoicePagesLeaveNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.login("worker", "Jeugdhulp Noord").askChild(t, nil)
	ch := e.enter(t, a, "fr")
	pages := []*response{ch.c.get(ch.base), ch.last}
	pages = append(pages, ch.post("/screen", url.Values{"go": {"start"}}))
	pages = append(pages, ch.post("/screen", url.Values{"topic": {"good"}, "act": {"next"}, "text": {"Le foot"}}))
	for _, r := range pages {
		if c := r.Header.Values("Set-Cookie"); len(c) > 0 {
			t.Errorf("%s set %q", r.Request.URL.Path, c)
		}
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q", r.Request.URL.Path, cc)
		}
		if strings.Contains(r.body, "<textarea") && !strings.Contains(r.body, `autocomplete="off"`) {
			t.Errorf("%s: a text box the browser may remember", r.Request.URL.Path)
		}
		if strings.Contains(r.body, "visit=") {
			t.Errorf("%s: a visit token in a URL", r.Request.URL.Path)
		}
	}
	if !strings.Contains(ch.last.body, `lang="fr"`) || !strings.Contains(ch.last.body, "t&#39;inquiète ?") {
		t.Errorf("the second question is not in French:\n%s", ch.last.body)
	}
}

// "I don't want to take part now" is respected: what the child wrote is
// erased, the worker sees only the choice, and it counts as "chose not to".
func TestVoiceChildDeclines(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Jeugdhulp Noord")
	a := w.askChild(t, nil)
	ch := e.enter(t, a, "nl")
	ch.post("/screen", url.Values{"go": {"start"}}).want(t, http.StatusOK)
	ch.post("/screen", url.Values{"topic": {"good"}, "act": {"next"}, "text": {voiceWish}}).want(t, http.StatusOK)
	ch.post("/screen", url.Values{"go": {"decline"}}).want(t, http.StatusOK, "Wil je nu niet meedoen?", "Ja, ik wil nu niet")
	r := ch.post("/decline", nil)
	r.want(t, http.StatusSeeOther)
	ch.c.get(r.Header.Get("Location")).want(t, http.StatusOK, "Je hoeft niet mee te doen")
	var n int
	e.rawDB().QueryRow(`SELECT count(*) FROM voice_texts WHERE request_id = ? AND part = 'say'`, a.id).Scan(&n)
	if n != 0 {
		t.Fatal("a declined child's draft is still stored")
	}
	w.get("/voice/"+a.id).want(t, http.StatusOK, "wil nu niet meedoen")
	// Opening the link again offers to take part after all.
	e.enter(t, a, "nl").last.want(t, http.StatusOK, "Je wilde niet meedoen", "Ik wil toch meedoen")
	assertNoPlainWords(t, e, voiceWish)
	if got := found(recoverWords(e.diskFiles(t), e.voiceSecret(t)), voiceWish); len(got) > 0 {
		t.Fatalf("after declining, the files give up %q to whoever holds the key file", got)
	}
}

// An erase-now by the worker, and every other step that changes the
// request, is refused to anyone but its readers; the audit log has a line
// for every reading by an allowed worker.
func TestVoiceEveryReadIsAudited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Jeugdhulp Noord")
	colleague := e.login("worker", "Jeugdhulp Noord")
	a := w.askChild(t, nil)
	page := w.get("/voice/" + a.id)
	who := regexpValue(t, page.body, `<option value="(\d+)">worker-`)
	w.postForm("/voice/"+a.id+"/readers", url.Values{"csrf": {page.csrf(t)}, "user": {who}}).want(t, http.StatusSeeOther)
	reads := map[string]int{}
	for _, c := range []*client{w, colleague} {
		for _, path := range []string{"", "/print?for=meeting", "/print?for=file", "/decision", "/explanation"} {
			c.get("/voice/"+a.id+path).want(t, http.StatusOK)
		}
	}
	log, err := e.store.AuditLog(context.Background(), 0, 500)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range log {
		if l.Action == "voice_read" && l.Target == "voice request "+a.id {
			reads[l.Email+" "+l.Detail]++
		}
	}
	// The owner's first look (to add the colleague) and five each.
	total := 0
	for _, n := range reads {
		total += n
	}
	if total != 11 || len(reads) != 10 {
		t.Fatalf("audit lines for the readings: %v", reads)
	}
	// The owner's page lists them, for a child or parent who asks; a
	// colleague's page does not.
	mine := w.get("/voice/" + a.id)
	mine.want(t, http.StatusOK, "Wie opende deze vraag?", "afdruk voor de vergadering", "het formulier van de uitleg")
	for k := range reads {
		if email, _, _ := strings.Cut(k, " "); !strings.Contains(mine.body, email) {
			t.Errorf("the owner's list lacks %s", email)
		}
	}
	if n := strings.Count(mine.body, "<tr><td>"); n != 12 {
		t.Errorf("the owner's list has %d readings, want 12 (with this one)", n)
	}
	if theirs := colleague.get("/voice/" + a.id); strings.Contains(theirs.body, "Wie opende deze vraag?") {
		t.Error("a colleague reads the list of readings")
	}
}

// Nobody but the readers a request names gets anything from it: another
// organisation's worker, a colleague not added, an admin not added, an
// analyst and an API token each try every route of a request with a sent
// view, reading and changing; none reads a word, none changes anything,
// and no reading of theirs is in the audit log (there was none).
func TestVoiceOnlyNamedStaff(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Jeugdhulp Noord")
	a := sentView(t, e, w)
	ctx := context.Background()
	e.addUser("analyst", "token-owner@example.org", "Jeugdhulp Noord")
	owner, _ := e.store.UserByEmail(ctx, "token-owner@example.org")
	token, _ := e.store.CreateToken(ctx, &store.Token{Name: "feed", Role: "analyst", OrganisationID: owner.OrganisationID, CreatedBy: owner.ID})
	adminToken, _ := e.store.CreateToken(ctx, &store.Token{Name: "all", Role: "admin", CreatedBy: owner.ID})
	others := map[string]*client{
		"another organisation's worker": e.login("worker", "Jeugdhulp Zuid"),
		"a colleague not added":         e.login("worker", "Jeugdhulp Noord"),
		"an admin not added":            e.login("admin", "Jeugdhulp Noord"),
		"an analyst":                    e.login("analyst", "Jeugdhulp Noord"),
	}
	base := "/voice/" + a.id
	gets := []string{base, base + "/print?for=meeting", base + "/print?for=file", base + "/decision", base + "/explanation"}
	posts := map[string]url.Values{base + "/readers": {"user": {"1"}}, base + "/code": nil, base + "/erase": {"confirm": {"1"}},
		base + "/decision": {"decision": {"x"}, "reasons": {"y"}, "final": {"1"}}, base + "/readers/remove": {"user": {"1"}}}
	check := func(who string, r *response, want ...int) {
		t.Helper()
		if !slices.Contains(want, r.StatusCode) {
			t.Errorf("%s %s %s: status %d", who, r.Request.Method, r.Request.URL.Path, r.StatusCode)
		}
		for _, word := range []string{voiceWish, voiceWorry, voiceChildAbout, "R.T. dossier"} {
			if strings.Contains(r.body, word) {
				t.Errorf("%s reads %q at %s", who, word, r.Request.URL.Path)
			}
		}
	}
	for who, c := range others {
		csrf := c.get("/account").csrf(t)
		want := http.StatusNotFound
		if strings.Contains(who, "analyst") {
			want = http.StatusForbidden
		}
		for _, path := range gets {
			check(who, c.get(path), want)
		}
		for path, form := range posts {
			f := url.Values{"csrf": {csrf}}
			for k, v := range form {
				f[k] = v
			}
			check(who, c.postForm(path, f), want)
		}
	}
	for name, tok := range map[string]string{"an analyst's token": token, "an admin's token": adminToken} {
		for _, path := range gets {
			check(name, e.client().get(path, "Authorization", "Bearer "+tok), http.StatusSeeOther)
		}
	}
	// Still the owner's, unchanged, with the child's link working.
	w.get(base).want(t, http.StatusOK, voiceWish, "Noteer de beslissing")
	e.client().get("/v/"+a.link).want(t, http.StatusOK)
	log, _ := e.store.AuditLog(ctx, 0, 500)
	for _, l := range log {
		if strings.HasPrefix(l.Action, "voice_") && l.Action != "voice_create" && l.Email != "" && !strings.HasPrefix(l.Email, "worker-") {
			t.Errorf("audit: %s by %s", l.Action, l.Email)
		}
	}
}
