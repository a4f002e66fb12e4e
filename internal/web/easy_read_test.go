package web_test

import (
	"fmt"
	"html"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Every pictogram an item may name has its file, and every file in
// static/pictograms is one of them: a name without a file would show a
// child an empty square, a file without a name is weight nobody uses.
func TestEveryPictogramHasItsFile(t *testing.T) {
	t.Parallel()
	files, err := fs.Glob(os.DirFS("../../static/pictograms"), "*.svg")
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		files[i] = strings.TrimSuffix(f, ".svg")
	}
	names := survey.PictogramNames()
	slices.Sort(files)
	slices.Sort(names)
	if !slices.Equal(files, names) {
		t.Errorf("static/pictograms has %v,\nsurvey.Pictograms names %v", files, names)
	}
	readme, err := os.ReadFile("../../static/pictograms/README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"openmoji", "17.0.0", "CC BY-SA 4.0"} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("the pictograms' README does not record %q", want)
		}
	}
}

// A worker starts a session in easy read: the child's page shows the easy
// words and a pictogram per question, the stored submissions record the
// variant; a standard session's page and submissions stay as they were.
// Switching the session back on its page turns the easy words off for
// the next child.
func TestEasyReadSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Jeugdhuis")
	form := w.get("/sessions/new")
	form.want(t, http.StatusOK, `name="easy"`, "Makkelijk lezen")
	easyID := sessionIDFrom(t, w.createSession(t, url.Values{"easy": {"on"}}))
	stdID := sessionIDFrom(t, w.createSession(t, nil))
	page := w.get("/sessions/" + easyID)
	page.want(t, http.StatusOK, `action="/sessions/`+easyID+`/easy-read"`, "Makkelijk lezen staat aan")
	easyCode := regexpValue(t, page.body, `class="big-code"[^>]*>([A-Z0-9]{6})<`)
	stdCode := regexpValue(t, w.get("/sessions/"+stdID).body, `class="big-code"[^>]*>([A-Z0-9]{6})<`)

	s, _ := e.catalog.Survey("wellbeing")
	loc := e.locales.For("en")
	child := e.client().get("/s/" + easyCode + "?lang=en")
	child.want(t, http.StatusOK, `data-variant="easy_read"`, html.EscapeString(loc.T(s.EasyIntro())))
	asked := 0
	for _, it := range s.Items() {
		at := strings.Index(child.body, `data-item="`+it.ID+`"`)
		if at < 0 {
			continue // not asked in this setting
		}
		asked++
		screen := child.body[at:]
		screen = screen[:strings.Index(screen, "</fieldset>")]
		if !strings.Contains(screen, html.EscapeString(loc.T(s.EasyText(it.ID)))) {
			t.Errorf("%s: the easy words are not on its screen:\n%s", it.ID, screen)
		}
		if !strings.Contains(screen, `.svg?v=`) || !strings.Contains(screen, `#`+it.Pictogram+`"`) || strings.Count(screen, `class="pictogram"`) != 1 {
			t.Errorf("%s: pictogram %s not on its screen, or more than one", it.ID, it.Pictogram)
		}
	}
	if asked < 15 {
		t.Fatalf("only %d questions found on the easy-read page", asked)
	}
	std := e.client().get("/s/" + stdCode + "?lang=en")
	std.want(t, http.StatusOK, html.EscapeString(loc.T(s.Intro)))
	if strings.Contains(std.body, "data-variant") || strings.Contains(std.body, "pictogram") {
		t.Error("a standard session's page carries the easy-read variant or its pictograms")
	}
	felt, _ := s.Item("felt_happy")
	if strings.Contains(std.body, html.EscapeString(loc.T(s.EasyText("felt_happy")))) || !strings.Contains(std.body, html.EscapeString(loc.T(felt.Text))) {
		t.Error("a standard session's page does not show the standard words")
	}

	e.client().postJSON("/api/v1/sessions/"+easyCode+"/submissions", fmt.Sprintf(validJSON, uid(1), "en")).want(t, http.StatusCreated)
	e.client().postJSON("/api/v1/sessions/"+stdCode+"/submissions", fmt.Sprintf(validJSON, uid(2), "en")).want(t, http.StatusCreated)
	// The form without JavaScript records it too.
	e.client().postForm("/s/"+easyCode, url.Values{"id": {uid(3)}, "lang": {"en"}, "age": {"11"}, "a.felt_happy": {"4"}}).want(t, http.StatusSeeOther)
	db := e.rawDB()
	for _, c := range []struct {
		uid  string
		want int
	}{{uid(1), 1}, {uid(2), 0}, {uid(3), 1}} {
		var got int
		if err := db.QueryRow(`SELECT easy_read FROM submissions WHERE lower(hex(uid)) = ?`, strings.ReplaceAll(c.uid, "-", "")).Scan(&got); err != nil {
			t.Fatalf("%s: %v", c.uid, err)
		}
		if got != c.want {
			t.Errorf("submission %s: easy_read = %d, want %d", c.uid, got, c.want)
		}
	}

	// Back to the standard words from the session page.
	w.postForm("/sessions/"+easyID+"/easy-read", url.Values{"csrf": {page.csrf(t)}, "easy": {"off"}}).want(t, http.StatusSeeOther)
	w.get("/sessions/"+easyID).want(t, http.StatusOK, "Makkelijk lezen gebruiken")
	if again := e.client().get("/s/" + easyCode + "?lang=en"); strings.Contains(again.body, "data-variant") {
		t.Error("the child's page still shows easy read after the worker turned it off")
	}
}

// The youngest's questionnaire has pictures of its own and no easy-read
// variant: the form and the session page refuse it, in the worker's
// language, and nothing is stored.
func TestEasyReadRefusedWithoutVariant(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Jeugdhuis")
	r := w.createSession(t, url.Values{"easy": {"on"}, "survey": {"little_voices"}, "band": {"4-5"}})
	r.want(t, http.StatusUnprocessableEntity, "Deze vragenlijst heeft geen versie in makkelijk lezen")
	id := sessionIDFrom(t, w.createSession(t, url.Values{"survey": {"little_voices"}, "band": {"4-5"}}))
	page := w.get("/sessions/" + id)
	if strings.Contains(page.body, "/easy-read") {
		t.Error("the youngest's session page offers easy read")
	}
	w.postForm("/sessions/"+id+"/easy-read", url.Values{"csrf": {page.csrf(t)}, "easy": {"on"}}).want(t, http.StatusUnprocessableEntity)
	var n int
	e.rawDB().QueryRow(`SELECT count(*) FROM sessions WHERE easy_read = 1`).Scan(&n)
	if n != 0 {
		t.Errorf("%d sessions in easy read, want 0", n)
	}
}

// CC BY-SA asks for attribution where the pictograms are used: the
// accessibility statement every footer links to names the source and the
// licence.
func TestPictogramsAttributed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.client().get("/accessibility").want(t, http.StatusOK, "OpenMoji", "openmoji.org", "CC BY-SA 4.0")
}

// An easy-read page carries its pictograms inline: the child's first visit
// (page, assets, service worker, gzipped) stays within the same budget as
// TestQuestionnaireWeight's, and the test logs what easy read adds.
func TestQuestionnaireWeightEasyRead(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, s := range e.catalog.Surveys() {
		if !s.OffersEasyRead() {
			continue
		}
		var totals [2]int
		for i, easy := range []bool{false, true} {
			sess := e.openSession(s.ID, s.AgeBands[len(s.AgeBands)-1].String(), "nl", "residential_care", func(ss *store.Session) { ss.EasyRead = easy })
			page, total := gzipGet(t, e, "/s/"+sess.Code)
			seen := map[string]bool{}
			for _, m := range assetRef.FindAllStringSubmatch(page, -1) {
				ref := strings.ReplaceAll(m[1], "&amp;", "&")
				if strings.HasPrefix(ref, "#") || strings.HasPrefix(ref, "/s/") {
					continue
				}
				// A browser fetches a file once whatever its fragment
				// (pictograms.svg#school and #home are one request).
				if ref, _, _ = strings.Cut(ref, "#"); seen[ref] {
					continue
				}
				seen[ref] = true
				_, n := gzipGet(t, e, ref)
				total += n
			}
			_, sw := gzipGet(t, e, "/sw.js")
			totals[i] = total + sw
			if easy != strings.Contains(page, `class="pictogram"`) {
				t.Fatalf("%s easy=%v: pictograms in the page = %v", s.ID, easy, !easy)
			}
		}
		t.Logf("%s: first visit %d B standard, %d B easy read (+%d B: easy words and pictograms), gzipped", s.ID, totals[0], totals[1], totals[1]-totals[0])
		if totals[1] > 60<<10 {
			t.Errorf("%s: easy read's first visit is %d bytes, over the 60 KB budget", s.ID, totals[1])
		}
	}
}

// The codebook of a survey with an easy-read variant says how its answers
// are reported: in the same columns and indicators, the variant recorded.
func TestCodebookSaysHowEasyReadIsReported(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.login("analyst", "Kinderrechtencommissariaat")
	a.get("/export/codebook/wellbeing").want(t, http.StatusOK, `id="easy-read"`, "submissions.easy_read")
	if r := a.get("/export/codebook/little_voices"); strings.Contains(r.body, `id="easy-read"`) {
		t.Error("the youngest's codebook speaks of an easy-read variant it does not have")
	}
}

// The paper route prints the easy-read variant of an easy-read session:
// its easy words and each question's pictogram; a standard session's
// sheet has neither.
func TestPaperSheetEasyRead(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Testclub")
	s, _ := e.catalog.Survey("participation")
	fr := e.locales.For("fr")
	easy := e.openSession("participation", "10-13", "nl", "school", func(ss *store.Session) { ss.EasyRead = true })
	r := w.get(fmt.Sprintf("/sessions/%d/paper?sheet=fr", easy.ID))
	r.want(t, http.StatusOK, easy.Code, html.EscapeString(fr.T(s.EasyIntro())), "Facile à lire")
	printed := 0
	for _, it := range s.Items() {
		at := strings.Index(r.body, `data-item="`+it.ID+`"`)
		if at < 0 {
			continue // not asked at school
		}
		printed++
		sheet := r.body[at:]
		sheet = sheet[:strings.Index(sheet, "</li>")]
		if !strings.Contains(sheet, html.EscapeString(fr.T(s.EasyText(it.ID)))) || !strings.Contains(sheet, "pictograms.svg?v=") || !strings.Contains(sheet, "#"+it.Pictogram+`"`) {
			t.Errorf("%s: the easy-read sheet lacks its easy words or pictogram:\n%s", it.ID, sheet)
		}
	}
	if printed < 15 {
		t.Fatalf("only %d questions on the sheet", printed)
	}
	std := e.openSession("participation", "10-13", "nl", "school")
	if r := w.get(fmt.Sprintf("/sessions/%d/paper?sheet=fr", std.ID)); strings.Contains(r.body, "pictograms.svg") || strings.Contains(r.body, html.EscapeString(fr.T(s.EasyText("asked_home")))) {
		t.Error("a standard session's sheet prints the easy-read variant")
	}
}
