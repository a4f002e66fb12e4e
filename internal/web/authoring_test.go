package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/web"
)

// upload posts a form with one file, as a browser sends an upload.
func (c *client) upload(path string, fields url.Values, name string, data []byte) *response {
	c.e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	part, _ := w.CreateFormFile("file", name)
	part.Write(data)
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

// exampleForm is the example of surveys/examples with cells changed:
// "survey!C4", "new words", ...
func exampleForm(tb testing.TB, edits ...string) []byte {
	tb.Helper()
	data, err := fs.ReadFile(kinderstem.Assets(), "surveys/examples/play.xlsx")
	if err != nil {
		tb.Fatal(err)
	}
	if len(edits) == 0 {
		return data
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	for i := 0; i+1 < len(edits); i += 2 {
		sheet, cell, _ := strings.Cut(edits[i], "!")
		f.SetCellStr(sheet, cell, edits[i+1])
	}
	var buf bytes.Buffer
	f.Write(&buf)
	return buf.Bytes()
}

var draftLink = regexp.MustCompile(`href="/surveys/drafts/(\d+)"`)

// importForm uploads a workbook as the admin and returns its draft's id.
func (e *env) importForm(admin *client, data []byte) int64 {
	e.t.Helper()
	page := admin.get("/surveys")
	r := admin.upload("/surveys/import", url.Values{"csrf": {page.csrf(e.t)}}, "play.xlsx", data)
	r.want(e.t, http.StatusOK)
	m := draftLink.FindStringSubmatch(r.body)
	if m == nil {
		e.t.Fatalf("no draft link after the upload:\n%s", r.body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// review approves (or not) the draft's current revision.
func (e *env) review(reviewer *client, draft int64, approve bool, wording ...string) *response {
	e.t.Helper()
	page := reviewer.get(fmt.Sprintf("/surveys/drafts/%d", draft))
	rev := e.revision(draft)
	form := url.Values{"csrf": {page.csrf(e.t)}, "revision": {rev}, "verdict": {map[bool]string{true: "approve", false: "not_yet"}[approve]}, "wording_only": wording}
	return reviewer.postForm(fmt.Sprintf("/surveys/drafts/%d/review", draft), form)
}

// publish publishes the draft's current revision as the admin.
func (e *env) publishDraft(admin *client, draft int64) *response {
	e.t.Helper()
	page := admin.get(fmt.Sprintf("/surveys/drafts/%d", draft))
	rev := e.revision(draft)
	return admin.postForm(fmt.Sprintf("/surveys/drafts/%d/publish", draft), url.Values{"csrf": {page.csrf(e.t)}, "revision": {rev}})
}

// revision is the draft's current revision, as its forms send it.
func (e *env) revision(draft int64) string {
	e.t.Helper()
	d, err := e.store.DraftByID(context.Background(), draft)
	if err != nil {
		e.t.Fatal(err)
	}
	return strconv.Itoa(d.Revision)
}

// A form with problems is refused whole, each problem at its sheet, row
// and column in the admin's language; nothing is kept.
func TestImportProblemsInTheAdminsLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login("admin", "Stad")
	page := admin.get("/surveys?lang=fr")
	bad := exampleForm(t, "survey!B4", "Play Outside", "choices!B3", "")
	r := admin.upload("/surveys/import?lang=fr", url.Values{"csrf": {page.csrf(t)}}, "play.xlsx", bad)
	r.want(t, http.StatusUnprocessableEntity, "survey!B4", "ne peut pas être un nom", "choices!B3", "n’a pas de nom", "Rien n’a été gardé")
	if drafts, _ := e.store.Drafts(context.Background()); len(drafts) != 0 {
		t.Fatalf("a refused form left %d drafts", len(drafts))
	}
	// Not a spreadsheet at all: one problem, in Dutch this time.
	admin.get("/surveys?lang=nl")
	r = admin.upload("/surveys/import?lang=nl", url.Values{"csrf": {page.csrf(t)}}, "play.xlsx", []byte("not a workbook"))
	r.want(t, http.StatusUnprocessableEntity, "kan niet gelezen worden als Excel-werkmap")
}

// The whole way of a questionnaire: an admin uploads it, cannot approve
// it herself, a second admin approves, it is published as version 1 and
// joins the catalogue at once: a worker runs a session on it, a child
// answers, and the analyst's indicator and codebook know it.
func TestWrittenSurveyJoinsTheCatalogue(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) { c.K, c.MinBase = 5, 5 })
	author, second := e.login("admin", "Stad"), e.login("admin", "Stad")
	draft := e.importForm(author, exampleForm(t))
	e.review(author, draft, true).want(t, http.StatusForbidden)
	e.publishDraft(author, draft).want(t, http.StatusConflict)
	e.review(second, draft, true).want(t, http.StatusSeeOther)
	e.publishDraft(author, draft).want(t, http.StatusSeeOther)
	if s, ok := e.catalog.Survey("play"); !ok || s.Version != 1 {
		t.Fatalf("the catalogue has no play version 1")
	}
	worker := e.login("worker", "Testclub")
	worker.get("/sessions/new").want(t, http.StatusOK, `value="play"`, "Spelen en vrije tijd")
	sess := e.openSession("play", "10-13", "fr", "school")
	e.client().get("/s/"+sess.Code+"?lang=ar").want(t, http.StatusOK, "اللعب ووقت الفراغ", `dir="rtl"`)
	for i := range 6 {
		body := fmt.Sprintf(`{"id":"%s","lang":"fr","age":11,"answers":{"play_outside":%d,"has_place":1,"place_kind":2,"days_outside":3,"games":[1,3],"free_time_ladder":7,"enough_time":4,"wish":"Un parc"}}`, uid(100+i), 4+i%2)
		e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
	}
	analyst := e.login("analyst", "Coalitie")
	analyst.get("/indicators/play/plays_outside").want(t, http.StatusOK, "Speelt vaak buiten")
	analyst.get("/export/codebook/play").want(t, http.StatusOK, "days_outside")
}

// A session keeps the version it started with: after version 2 is
// published, a version 1 session still asks version 1's words and takes
// its answers; a new session asks version 2's.
func TestSessionsKeepTheirVersion(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	author, second := e.login("admin", "Stad"), e.login("admin", "Stad")
	d1 := e.importForm(author, exampleForm(t))
	e.review(second, d1, true)
	e.publishDraft(author, d1).want(t, http.StatusSeeOther)
	old := e.openSession("play", "10-13", "nl", "school")
	d2 := e.importForm(author, exampleForm(t, "survey!C4", "Ik speel graag buiten."))
	if d2 == d1 {
		t.Fatal("a new version did not start a new draft")
	}
	// Changed words need a new name or a "wording only" mark.
	e.review(second, d2, true)
	e.publishDraft(author, d2).want(t, http.StatusConflict)
	e.review(second, d2, true, "play_outside")
	e.publishDraft(author, d2).want(t, http.StatusSeeOther)
	e.client().get("/s/"+old.Code).want(t, http.StatusOK, "Ik speel buiten.")
	body := fmt.Sprintf(`{"id":"%s","lang":"nl","answers":{"play_outside":3}}`, uid(7))
	e.client().postJSON("/api/v1/sessions/"+old.Code+"/submissions", body).want(t, http.StatusCreated)
	fresh := e.openSession("play", "10-13", "nl", "school")
	if fresh.SurveyVersion != 2 {
		t.Fatalf("a new session runs version %d", fresh.SurveyVersion)
	}
	e.client().get("/s/"+fresh.Code).want(t, http.StatusOK, "Ik speel graag buiten.")
	var version int
	e.rawDB().QueryRow(`SELECT survey_version FROM submissions WHERE session_id = ?`, old.ID).Scan(&version)
	if version != 1 {
		t.Fatalf("the old session's answer is stored as version %d", version)
	}
	second.get("/surveys").want(t, http.StatusOK, "play_outside") // the wording-only mark, kept with version 2
}

var previewFrame = regexp.MustCompile(`<iframe src="([^"]+)"`)

// A preview is the child's own page under a signed link, framable by our
// own pages only; answers sent to it are checked and nothing is stored.
func TestPreviewStoresNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	author := e.login("admin", "Stad")
	draft := e.importForm(author, exampleForm(t))
	page := author.get(fmt.Sprintf("/surveys/drafts/%d/preview?in=ar&band=6-9&device=phone&js=off", draft))
	page.want(t, http.StatusOK, `sandbox="allow-forms allow-same-origin"`, "device-phone")
	frame := strings.ReplaceAll(previewFrame.FindStringSubmatch(page.body)[1], "&amp;", "&")
	child := e.client()
	r := child.get(frame)
	r.want(t, http.StatusOK, "هل تستطيع أن تلعب قرب بيتك؟", "preview-banner")
	if got := r.Header.Get("X-Frame-Options"); got != "SAMEORIGIN" || !strings.Contains(r.Header.Get("Content-Security-Policy"), "frame-ancestors 'self'") {
		t.Fatalf("the preview cannot be framed by the preview page: %q", got)
	}
	if len(r.Header.Values("Set-Cookie")) > 0 {
		t.Fatal("the preview set a cookie")
	}
	action := strings.ReplaceAll(regexpValue(t, r.body, `action="(/preview/[^"]+)"`), "&amp;", "&")
	done := child.postForm(action, url.Values{"id": {uid(3)}, "lang": {"ar"}, "a.play_outside": {"5"}, "a.has_place": {"1"}})
	done.want(t, http.StatusOK, "preview-done-title")
	// The youngest see three faces, stored as 1, 3 and 5: a 4 is not theirs.
	child.postForm(action, url.Values{"id": {uid(4)}, "lang": {"ar"}, "a.play_outside": {"4"}}).want(t, http.StatusUnprocessableEntity)
	child.postForm(action, url.Values{"id": {uid(5)}, "lang": {"ar"}, "a.nothing": {"4"}}).want(t, http.StatusUnprocessableEntity)
	api := strings.SplitN(action, "?", 2)[0] + "/check"
	child.postJSON(api, fmt.Sprintf(`{"id":"%s","lang":"ar","answers":{"play_outside":5}}`, uid(6))).want(t, http.StatusCreated)
	var n int
	e.rawDB().QueryRow(`SELECT (SELECT count(*) FROM submissions) + (SELECT count(*) FROM sessions) + (SELECT count(*) FROM pilot_receipts)`).Scan(&n)
	if n != 0 {
		t.Fatalf("a preview stored %d rows", n)
	}
	child.get("/preview/not-a-token").want(t, http.StatusNotFound)
}

// Without JavaScript every question is on the page, and one asked only
// after another answer says so; its answer counts only when that answer
// was given.
func TestConditionWithoutJavaScript(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	author, second := e.login("admin", "Stad"), e.login("admin", "Stad")
	draft := e.importForm(author, exampleForm(t))
	e.review(second, draft, true)
	e.publishDraft(author, draft).want(t, http.StatusSeeOther)
	sess := e.openSession("play", "10-13", "en", "school")
	page := e.client().get("/s/" + sess.Code + "?lang=en")
	page.want(t, http.StatusOK, `class="applies"`, "Only if you answered “Yes” to question 2.", `data-when-item="has_place"`)
	send := func(id int, hasPlace string) {
		form := url.Values{"id": {uid(id)}, "lang": {"en"}, "a.has_place": {hasPlace}, "a.place_kind": {"2"}}
		e.client().postForm("/s/"+sess.Code, form).want(t, http.StatusSeeOther)
	}
	send(1, "1")
	send(2, "0")
	var kinds int
	e.rawDB().QueryRow(`SELECT count(*) FROM answers a JOIN items i ON i.id = a.item_id WHERE i.item = 'place_kind'`).Scan(&kinds)
	if kinds != 1 {
		t.Fatalf("place_kind kept %d times, want once (the child without a place was not asked)", kinds)
	}
}

// A shipped survey downloads as an XLSForm that reads back as itself.
func TestExportShippedSurvey(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login("admin", "Stad")
	r := admin.get("/surveys/export/wellbeing")
	r.want(t, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
		t.Fatalf("content type %q", ct)
	}
	// Upload the export: it is a draft of wellbeing's next version with
	// no change to publish but its own.
	draft := e.importForm(admin, []byte(r.body))
	admin.get(fmt.Sprintf("/surveys/drafts/%d", draft)).want(t, http.StatusOK, "wellbeing", "4")
	admin.get("/surveys/export/nothing").want(t, http.StatusNotFound)
	admin.get("/surveys/example.xlsx").want(t, http.StatusOK)
}

// A translator's sheet: downloaded for a language, filled in, uploaded;
// the draft then speaks that language, and needs a new review.
func TestTranslationSheetOverHTTP(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	author, translator := e.login("admin", "Stad"), e.login("analyst", "Coalitie")
	draft := e.importForm(author, exampleForm(t, "survey!H4", "", "survey!H5", ""))
	page := translator.get(fmt.Sprintf("/surveys/drafts/%d", draft))
	page.want(t, http.StatusOK, "2 teksten ontbreken")
	sheet := translator.get(fmt.Sprintf("/surveys/drafts/%d/translation/uk", draft))
	sheet.want(t, http.StatusOK)
	f, err := excelize.OpenReader(strings.NewReader(sheet.body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("translation")
	for i, r := range rows[1:] {
		if len(r) < 3 || r[2] == "" {
			cell, _ := excelize.CoordinatesToCellName(3, i+2)
			f.SetCellStr("translation", cell, "Переклад: "+r[1])
		}
	}
	var buf bytes.Buffer
	f.Write(&buf)
	r := translator.upload(fmt.Sprintf("/surveys/drafts/%d/translation", draft), url.Values{"csrf": {page.csrf(t)}, "lang": {"uk"}}, "uk.xlsx", buf.Bytes())
	r.want(t, http.StatusOK, "nieuwste versie van het ontwerp")
	if strings.Contains(r.body, "teksten ontbreken") {
		t.Fatal("Ukrainian still lacks texts")
	}
	// The translator wrote part of it now: someone else reviews it.
	e.review(translator, draft, true).want(t, http.StatusForbidden)
}

// Children keep answering while a new version is published: every
// questionnaire sent is taken and stored under the version its session
// runs, and the indicator answers by version afterwards (run with -race;
// the index itself is checked in internal/indicator).
func TestPublishWhileChildrenAnswer(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	author, second := e.login("admin", "Stad"), e.login("admin", "Stad")
	d1 := e.importForm(author, exampleForm(t))
	e.review(second, d1, true)
	e.publishDraft(author, d1).want(t, http.StatusSeeOther)
	sess := e.openSession("play", "10-13", "nl", "school")
	d2 := e.importForm(author, exampleForm(t, "survey!C4", "Ik speel graag buiten."))
	e.review(second, d2, true, "play_outside")
	const children = 40
	done := make(chan int, children)
	for i := range children {
		go func() {
			body := fmt.Sprintf(`{"id":"%s","lang":"nl","answers":{"play_outside":%d}}`, uid(1000+i), 1+i%5)
			resp, err := http.Post(e.srv.URL+"/api/v1/sessions/"+sess.Code+"/submissions", "application/json", strings.NewReader(body))
			if err != nil {
				done <- 0
				return
			}
			resp.Body.Close()
			done <- resp.StatusCode
		}()
	}
	e.publishDraft(author, d2).want(t, http.StatusSeeOther)
	for range children {
		if status := <-done; status != http.StatusCreated {
			t.Errorf("a child's questionnaire got %d", status)
		}
	}
	var v1 int
	e.rawDB().QueryRow(`SELECT count(*) FROM submissions WHERE session_id = ? AND survey_version = 1`, sess.ID).Scan(&v1)
	if v1 != children {
		t.Fatalf("%d of %d questionnaires stored as version 1", v1, children)
	}
	analyst := e.login("analyst", "Coalitie")
	analyst.get("/indicators/play/plays_outside?by=version").want(t, http.StatusOK)
	if s, _ := e.catalog.Survey("play"); s.Version != 2 {
		t.Fatalf("the current version is %d", s.Version)
	}
}
