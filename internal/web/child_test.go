package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/web"
)

func TestChildPagesFriendlyForUnknownAndClosedCodes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	c.get("/s/AAAAAA").want(t, http.StatusNotFound, "We kennen deze code niet", `action="/s"`)
	c.get("/s/AAAAAA?lang=en").want(t, http.StatusNotFound, "We do not know this code")
	c.get("/s/<script>").want(t, http.StatusNotFound, "We kennen deze code niet")
	sess := e.openSession("wellbeing", "10-13", "fr", "school")
	r := c.get("/s/" + strings.ToLower(sess.Code) + "?lang=de")
	r.want(t, http.StatusMovedPermanently)
	if loc := r.Header.Get("Location"); loc != "/s/"+sess.Code+"?lang=de" {
		t.Fatalf("Location %q", loc)
	}
	// The session's language is the default; ?lang= is the child's choice.
	c.get("/s/"+sess.Code).want(t, http.StatusOK, `<html lang="fr" dir="ltr"`, "Choisis ta langue")
	c.get("/s/"+sess.Code+"?lang=nl").want(t, http.StatusOK, `<html lang="nl"`)
	if err := e.store.CloseSession(context.Background(), sess.ID); err != nil {
		t.Fatal(err)
	}
	// Closed: the code now shows what the group said, once the worker
	// published it (here: not yet).
	c.get("/s/"+sess.Code).want(t, http.StatusOK, "Les résultats ne sont pas encore prêts.")
	e.clock.Add(100 * 24 * time.Hour)
	c.get("/s/"+sess.Code).want(t, http.StatusGone, "Ce questionnaire est fermé.")
}

// A child's pages set no cookie and are never cached: a shared tablet keeps
// nothing about the child. The one exception is the blank questionnaire of
// an open session, which holds nothing of any child: the browser may keep
// it, asking the server again before each use, so the service worker need
// not download it a second time (static/sw.js).
func TestChildPagesSetNoCookieAndAreNotCached(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	c := e.client()
	for _, path := range []string{"/s/" + sess.Code, "/s/" + sess.Code + "?lang=en", "/s/" + sess.Code + "/thanks", "/s/" + sess.Code + "/bye", "/s/AAAAAA"} {
		r := c.get(path)
		if sc := r.Header.Values("Set-Cookie"); len(sc) > 0 {
			t.Errorf("%s sets cookies: %v", path, sc)
		}
		want := "no-store"
		if !strings.Contains(path, "/thanks") && !strings.Contains(path, "/bye") && !strings.Contains(path, "AAAAAA") {
			want = "private, no-cache"
		}
		if cc := r.Header.Get("Cache-Control"); cc != want {
			t.Errorf("%s: Cache-Control %q, want %s", path, cc, want)
		}
	}
	// Closed, the code's page is kept nowhere.
	if err := e.store.CloseSession(context.Background(), sess.ID); err != nil {
		t.Fatal(err)
	}
	if cc := c.get("/s/" + sess.Code).Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("closed session's page: Cache-Control %q, want no-store", cc)
	}
}

const validJSON = `{"id":"%s","lang":"%s","age":11,"gender":"girl","answers":{"life_satisfaction":8,"felt_happy":"dont_know","friends_enough":"skip","anything_else":"Meer speeltijd"}}`

func uid(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n+1) }

func TestSubmitAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	c := e.client()
	api := "/api/v1/sessions/" + sess.Code + "/submissions"
	r := c.postJSON(api, fmt.Sprintf(validJSON, uid(1), "nl"))
	r.want(t, http.StatusCreated, `"status":"created"`)
	c.postJSON(api, fmt.Sprintf(validJSON, uid(1), "nl")).want(t, http.StatusOK, `"status":"already_received"`)
	c.postJSON("/api/v1/sessions/"+strings.ToLower(sess.Code)+"/submissions", fmt.Sprintf(validJSON, uid(2), "en")).want(t, http.StatusCreated)
	if n := e.count(sess.ID); n != 2 {
		t.Fatalf("%d stored, want 2", n)
	}
	// JSON escapes in names and values mean what they spell.
	other := e.openSession("wellbeing", "10-13", "nl", "school")
	escaped := `{"\u0069d":"` + uid(3) + `","lang":"n\u006c","answers":{"life_\u0073atisfaction":7}}`
	c.postJSON("/api/v1/sessions/"+other.Code+"/submissions", escaped).want(t, http.StatusCreated)
	c.postJSON("/api/v1/sessions/"+other.Code+"/submissions", escaped).want(t, http.StatusOK)
	if n := e.count(other.ID); n != 1 {
		t.Fatalf("%d stored with escapes, want 1", n)
	}
	var skipped, dontKnow, text int
	db := e.rawDB()
	mine := fmt.Sprintf(`submission_id IN (SELECT id FROM submissions WHERE session_id = %d)`, sess.ID)
	db.QueryRow(`SELECT count(*) FROM answers WHERE code = -1 AND ` + mine).Scan(&skipped)
	db.QueryRow(`SELECT count(*) FROM answers WHERE code = -2 AND ` + mine).Scan(&dontKnow)
	db.QueryRow(`SELECT count(*) FROM texts WHERE ` + mine).Scan(&text)
	s, _ := e.catalog.Survey("wellbeing")
	// Every item shown gets a row: the three not sent count as skipped too.
	if want := 2 * (len(s.Items()) - 3); skipped != want || dontKnow != 2 || text != 2 {
		t.Fatalf("skipped %d (want %d), don't know %d (want 2), texts %d (want 2)", skipped, want, dontKnow, text)
	}
}

// Every rejection is a 4xx with a JSON error naming the field, in the
// child's language, and stores nothing.
func TestSubmitAPIRejections(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("best_interests", "10-13", "nl", "school")
	closed := e.openSession("wellbeing", "10-13", "nl", "school")
	e.store.CloseSession(context.Background(), closed.ID)
	api := "/api/v1/sessions/" + sess.Code + "/submissions"
	careOnly := ""
	s, _ := e.catalog.Survey("best_interests")
	for _, it := range s.Items() {
		if !it.ShownIn("school") {
			careOnly = it.ID
			break
		}
	}
	long := strings.Repeat("a", 501)
	for _, c := range []struct {
		name, path, body string
		status           int
		code, field      string
		message          string
	}{
		{"unknown session", "/api/v1/sessions/AAAAAA/submissions", `{}`, 404, "session_unknown", "", "We kennen deze code niet"},
		{"closed session", "/api/v1/sessions/" + closed.Code + "/submissions", fmt.Sprintf(validJSON, uid(9), "nl"), 410, "session_closed", "", "gesloten"},
		{"not JSON", api, `{"id": `, 422, "body_invalid", "", "Er ging iets mis"},
		{"two values", api, `{} {}`, 422, "body_invalid", "", ""},
		{"unknown field", api, `{"id":"` + uid(3) + `","lang":"nl","ip":"1.2.3.4"}`, 422, "body_invalid", "", ""},
		{"field in capitals", api, `{"ID":"` + uid(3) + `","lang":"nl","answers":{}}`, 422, "body_invalid", "", ""},
		{"not an object", api, `[1, 2]`, 422, "body_invalid", "", ""},
		{"null body", api, `null`, 422, "body_invalid", "", ""},
		{"answers not an object", api, `{"id":"` + uid(3) + `","lang":"nl","answers":[4]}`, 422, "body_invalid", "answers", ""},
		{"escaped key, unknown item", api, `{"id":"` + uid(3) + `","lang":"nl","answers":{"n\u006fpe":1}}`, 422, "item_unknown", "answers.nope", ""},
		{"bad id", api, `{"id":"abc","lang":"nl","answers":{}}`, 422, "id_invalid", "id", ""},
		{"zero id", api, `{"id":"00000000-0000-0000-0000-000000000000","lang":"nl","answers":{}}`, 422, "id_invalid", "id", ""},
		{"unknown language", api, `{"id":"` + uid(3) + `","lang":"xx","answers":{}}`, 422, "lang_unknown", "lang", ""},
		{"age too old", api, `{"id":"` + uid(3) + `","lang":"en","age":40,"answers":{}}`, 422, "age_range", "age", "That age does not fit"},
		{"age not a number", api, `{"id":"` + uid(3) + `","lang":"nl","age":"elf","answers":{}}`, 422, "age_range", "age", ""},
		{"gender", api, `{"id":"` + uid(3) + `","lang":"nl","gender":"x","answers":{}}`, 422, "gender_invalid", "gender", ""},
		{"unknown item", api, `{"id":"` + uid(3) + `","lang":"nl","answers":{"nope":1}}`, 422, "item_unknown", "answers.nope", ""},
		{"item of another setting", api, `{"id":"` + uid(3) + `","lang":"nl","answers":{"` + careOnly + `":1}}`, 422, "item_unknown", "answers." + careOnly, ""},
		{"out of range", api, `{"id":"` + uid(3) + `","lang":"nl","answers":{"told_what":9}}`, 422, "answer_invalid", "answers.told_what", ""},
		{"wrong type", api, `{"id":"` + uid(3) + `","lang":"nl","answers":{"told_what":true}}`, 422, "answer_invalid", "answers.told_what", ""},
		{"text for a scale", api, `{"id":"` + uid(3) + `","lang":"nl","answers":{"told_what":"veel"}}`, 422, "answer_invalid", "answers.told_what", ""},
		{"several for one", api, `{"id":"` + uid(3) + `","lang":"nl","answers":{"told_what":[1,2]}}`, 422, "answer_invalid", "answers.told_what", ""},
		{"text too long", api, `{"id":"` + uid(3) + `","lang":"nl","answers":{"anything_else":"` + long + `"}}`, 422, "text_too_long", "answers.anything_else", "te lang"},
		{"oversized body", api, `{"id":"` + uid(3) + `","lang":"nl","answers":{"anything_else":"` + strings.Repeat("x", 70<<10) + `"}}`, 413, "too_large", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := e.client().postJSON(c.path, c.body)
			r.want(t, c.status, `"code":"`+c.code+`"`, c.message)
			if c.field != "" && !strings.Contains(r.body, `"field":"`+c.field+`"`) {
				t.Errorf("error does not name the field %s: %s", c.field, r.body)
			}
		})
	}
	if n := e.count(sess.ID) + e.count(closed.ID); n != 0 {
		t.Fatalf("%d submissions stored by rejected requests", n)
	}
}

func TestSubmitFormWithoutJavaScript(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "6-9", "nl", "school")
	c := e.client()
	page := c.get("/s/" + sess.Code)
	id := regexpValue(t, page.body, `name="id" value="([^"]+)"`)
	form := url.Values{"id": {id}, "lang": {"nl"}, "age": {"7"}, "gender": {"boy"}, "a.felt_happy": {"5"}, "a.life_satisfaction": {"10"}, "a.anything_else": {"  hoi  "}}
	r := c.postForm("/s/"+sess.Code, form)
	r.want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/s/"+sess.Code+"/thanks?lang=nl" {
		t.Fatalf("Location %q", loc)
	}
	c.get(r.Header.Get("Location")).want(t, http.StatusOK, "Dank je wel!")
	// Posting the same form again (reload, double tap) stores nothing new.
	c.postForm("/s/"+sess.Code, form).want(t, http.StatusSeeOther)
	if n := e.count(sess.ID); n != 1 {
		t.Fatalf("%d stored, want 1", n)
	}
	// Young children see three faces: 4 of 5 is not one of them.
	form.Set("id", uid(5))
	form.Set("a.felt_happy", "4")
	c.postForm("/s/"+sess.Code, form).want(t, http.StatusUnprocessableEntity, "Een van de antwoorden klopt niet")
	var text string
	e.rawDB().QueryRow(`SELECT text FROM texts`).Scan(&text)
	if text != "hoi" {
		t.Fatalf("stored text %q, want it trimmed", text)
	}
}

// The database holds exactly what the design allows about a child and
// nothing else: no IP address, no user agent, no time of day, no cookie.
func TestNothingAboutTheChildIsStored(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.clock.Add(7*time.Hour + 13*time.Minute + 42*time.Second) // 16:43:42 UTC
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	const ua = "Mozilla/5.0 (Tablet; KinderstemTest/9.9) Secret-Device-42"
	e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", fmt.Sprintf(validJSON, uid(7), "nl"),
		"User-Agent", ua, "X-Forwarded-For", "203.0.113.77", "Cookie", "tracking=abc").want(t, http.StatusCreated)
	db := e.rawDB()
	cols := map[string][]string{}
	rows, _ := db.Query(`SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'`)
	for rows.Next() {
		var table, col string
		rows.Scan(&table, &col)
		cols[table] = append(cols[table], col)
	}
	rows.Close()
	// paper says how the answers were entered (a worker typed a paper
	// sheet in), nothing about the child. The bg_ columns are the
	// background block's four answers, only where a worker added it and
	// the child chose to answer; they leave only through the gate's
	// stronger rules (docs/disclosure-control.md). easy_read is which
	// wording the session showed (the worker's choice for the group,
	// copied from the session).
	if got, want := strings.Join(cols["submissions"], ","), "id,uid,session_id,survey_id,survey_version,lang,age,age_band,gender,day,complete,paper,bg_living,bg_language,bg_illness,bg_deprivation,easy_read"; got != want {
		t.Fatalf("submissions columns changed:\n got %s\nwant %s\nextend this test only for something the design allows", got, want)
	}
	if got, want := strings.Join(cols["answers"], ","), "submission_id,item_id,code"; got != want {
		t.Fatalf("answers columns: %s", got)
	}
	// No value anywhere looks like the client, the device or the time.
	for table, columns := range cols {
		for _, col := range columns {
			var n int
			q := fmt.Sprintf(`SELECT count(*) FROM %q WHERE CAST(%q AS TEXT) LIKE '%%127.0.0.1%%' OR CAST(%q AS TEXT) LIKE '%%203.0.113%%'
				OR CAST(%q AS TEXT) LIKE '%%KinderstemTest%%' OR CAST(%q AS TEXT) LIKE '%%tracking%%'`, table, col, col, col, col)
			if err := db.QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n > 0 {
				t.Errorf("%s.%s holds something about the client", table, col)
			}
		}
	}
	var day string
	db.QueryRow(`SELECT day FROM submissions`).Scan(&day)
	if day != "2026-05-12" {
		t.Fatalf("day %q, want the date only", day)
	}
	var times int
	db.QueryRow(`SELECT count(*) FROM submissions s JOIN answers a ON a.submission_id = s.id WHERE s.day LIKE '%:%' OR s.day LIKE '%16%43%'`).Scan(&times)
	if times != 0 {
		t.Fatal("a time of day is stored with the submission")
	}
	if log := e.logs.String(); strings.Contains(log, "127.0.0.1") || strings.Contains(log, ua) {
		t.Fatalf("the log holds the client's address or device:\n%s", log)
	}
}

// Submissions are rate-limited per client and per session; a limited
// client gets a 429 with Retry-After, and nothing is stored.
func TestSubmissionRateLimit(t *testing.T) {
	t.Parallel()
	// A bucket of 60 that refills once a minute, so a slow run is limited
	// too.
	e := newEnvWith(t, func(c *web.Config) { c.ClientRate, c.SessionRate = 1, 6000 })
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	c := e.client()
	api := "/api/v1/sessions/" + sess.Code + "/submissions"
	limited := 0
	for i := 0; i < 80; i++ {
		r := c.postJSON(api, fmt.Sprintf(validJSON, uid(i), "nl"))
		if r.StatusCode == http.StatusTooManyRequests {
			limited++
			if r.Header.Get("Retry-After") == "" || !strings.Contains(r.body, `"code":"too_many"`) {
				t.Fatalf("429 without Retry-After or code: %s", r.body)
			}
		}
	}
	if limited == 0 || e.count(sess.ID) != 80-limited {
		t.Fatalf("%d limited, %d stored of 80", limited, e.count(sess.ID))
	}
}

// No body, however odd, makes the submission endpoints answer 5xx: through
// the real router, middleware and store.
func FuzzSubmitHTTP(f *testing.F) {
	f.Add([]byte(fmt.Sprintf(validJSON, uid(1), "nl")), "application/json")
	f.Add([]byte("id=abc&lang=nl&a.life_satisfaction=7"), "application/x-www-form-urlencoded")
	f.Add([]byte("\xff\xfe{"), "text/plain")
	f.Add([]byte(`{"answers":{"life_satisfaction":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66]}}`), "application/json")
	e := newEnvWith(f, func(c *web.Config) { c.ClientRate, c.SessionRate = 1<<30, 1<<30 })
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	c := e.client()
	f.Fuzz(func(t *testing.T, body []byte, ctype string) {
		for _, path := range []string{"/api/v1/sessions/" + sess.Code + "/submissions", "/s/" + sess.Code} {
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(string(body)))
			req.Header.Set("Content-Type", ctype)
			resp, err := c.hc.Do(req)
			if err != nil {
				if strings.Contains(err.Error(), "invalid header field") {
					return // the client refused to send it; no server sees it
				}
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode >= 500 {
				t.Fatalf("%s answered %d to %q (%s)", path, resp.StatusCode, body, ctype)
			}
		}
	})
}

// Requests reuse their buffers and answer maps: nothing of one child's
// submission may reach the next one's, after a stored or a refused one.
func TestSubmissionsShareNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	c := e.client()
	api := "/api/v1/sessions/" + sess.Code + "/submissions"
	for round := range 3 {
		full := fmt.Sprintf(validJSON, uid(3*round), "nl")
		c.postJSON(api, full).want(t, http.StatusCreated)
		bad := strings.Replace(fmt.Sprintf(validJSON, uid(3*round+1), "nl"), `"life_satisfaction":8`, `"life_satisfaction":99`, 1)
		c.postJSON(api, bad).want(t, http.StatusUnprocessableEntity)
		c.postJSON(api, `{"id":"`+uid(3*round+2)+`","lang":"nl"}`).want(t, http.StatusCreated)

		var gender string
		var age any
		var answered, texts int
		db := e.rawDB()
		q := fmt.Sprintf(`FROM submissions WHERE uid = X'%s'`, strings.ReplaceAll(uid(3*round+2), "-", ""))
		if err := db.QueryRow(`SELECT gender, age `+q).Scan(&gender, &age); err != nil {
			t.Fatal(err)
		}
		db.QueryRow(`SELECT count(*) FROM answers WHERE code <> -1 AND submission_id = (SELECT id ` + q + `)`).Scan(&answered)
		db.QueryRow(`SELECT count(*) FROM texts WHERE submission_id = (SELECT id ` + q + `)`).Scan(&texts)
		if gender != "skip" || age != nil || answered != 0 || texts != 0 {
			t.Fatalf("round %d: the empty submission after a full one has gender %q, age %v, %d answers, %d texts", round, gender, age, answered, texts)
		}
	}
	if n := e.count(sess.ID); n != 6 {
		t.Fatalf("%d stored, want 6", n)
	}
}
