package web_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/keys"
)

// The files an attacker who took the server's disk would read: the
// database, its write-ahead log, and a backup made now.
func (e *env) diskFiles(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range []string{e.path, e.path + "-wal"} {
		if b, err := os.ReadFile(name); err == nil {
			out[filepath.Base(name)] = b
		}
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := e.store.Backup(t.Context(), backup); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	out["backup"] = b
	return out
}

// assertNoPlainWords searches the database, its WAL and a backup for the
// words as they were typed: they are never there, sealed or not.
func assertNoPlainWords(t *testing.T, e *env, words ...string) {
	t.Helper()
	for name, b := range e.diskFiles(t) {
		for _, w := range words {
			if bytes.Contains(b, []byte(w)) {
				t.Errorf("%s holds %q in plain text", name, w)
			}
		}
	}
}

// recoverWords is what an attacker holding the files and the key file
// could read: every sealed blob the files still hold (framed as
// docs/voice.md says: "KSV1", kind, request id, length, nonce, sealed),
// opened with the data keys that unwrap under the key file's voice
// secret. A blob is found where it sits in one database page, as the
// test's short words do.
func recoverWords(files map[string][]byte, secret []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("kinderstem voice kek v1"))
	kek := m.Sum(nil)
	type blob struct {
		kind byte
		id   uint64
		head []byte
		body []byte
	}
	var blobs []blob
	for _, b := range files {
		for i := 0; ; {
			j := bytes.Index(b[i:], []byte("KSV1"))
			if j < 0 {
				break
			}
			at := i + j
			i = at + 4
			if len(b) < at+17+12 {
				continue
			}
			n := int(binary.BigEndian.Uint32(b[at+13 : at+17]))
			if n > 1<<20 || len(b) < at+17+12+n {
				continue
			}
			blobs = append(blobs, blob{kind: b[at+4], id: binary.BigEndian.Uint64(b[at+5 : at+13]), head: b[at : at+17], body: b[at+17 : at+17+12+n]})
		}
	}
	open := func(key []byte, bl blob) ([]byte, bool) {
		c, err := aes.NewCipher(key)
		if err != nil {
			return nil, false
		}
		g, _ := cipher.NewGCM(c)
		p, err := g.Open(nil, bl.body[:12], bl.body[12:], bl.head)
		return p, err == nil
	}
	dataKeys := map[uint64][][]byte{}
	for _, bl := range blobs {
		if bl.kind == 'K' {
			if k, ok := open(kek, bl); ok {
				dataKeys[bl.id] = append(dataKeys[bl.id], k)
			}
		}
	}
	var out strings.Builder
	for _, bl := range blobs {
		for _, k := range dataKeys[bl.id] {
			if p, ok := open(k, bl); ok && bl.kind != 'K' {
				out.Write(p)
				out.WriteByte('\n')
			}
		}
	}
	return out.String()
}

func (e *env) voiceSecret(t *testing.T) []byte {
	t.Helper()
	s, err := e.keys.Secret(keys.Voice)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sentView is a request whose child sent a view: a wish for the meeting,
// a worry only for the worker.
func sentView(t *testing.T, e *env, w *client) askedChild {
	t.Helper()
	a := w.askChild(t, nil)
	ch := e.enter(t, a, "nl")
	ch.say(map[string]string{"wishes": voiceWish, "worries": voiceWorry})
	ch.post("/send", url.Values{"share_wishes": {"meeting"}}).want(t, http.StatusSeeOther)
	return a
}

// decideAndExplain records the decision and shares the explanation, which
// the child then reads.
func decideAndExplain(t *testing.T, e *env, w *client, a askedChild) {
	t.Helper()
	csrf := w.get("/voice/" + a.id).csrf(t)
	w.postForm("/voice/"+a.id+"/decision", url.Values{"csrf": {csrf}, "decision": {"Verblijf verlengd"}, "reasons": {"Stabiel"},
		"view_weight": {"Zwaar"}, "final": {"1"}}).want(t, http.StatusSeeOther)
	w.postForm("/voice/"+a.id+"/explanation", url.Values{"csrf": {csrf}, "lang": {"nl"}, "decided": {"Je blijft bij oma."},
		"why": {"Daar ben je veilig."}, "share": {"1"}}).want(t, http.StatusSeeOther)
	e.enter(t, a, "nl").last.want(t, http.StatusOK, "Je blijft bij oma.")
}

// After the retention period (a test clock), the database, its WAL and a
// backup hold nothing of the child's words, even for an attacker with the
// key file; before it, the same search finds them, so the search works.
// Only the shell stays, which the process figures count.
func TestVoiceRetentionLeavesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	worker := e.account("worker", "Jeugdhulp Noord")
	w := worker.login()
	a := sentView(t, e, w)
	decideAndExplain(t, e, w, a)
	secret := e.voiceSecret(t)
	assertNoPlainWords(t, e, voiceWish, voiceWorry, voiceChildAbout)
	if got := found(recoverWords(e.diskFiles(t), secret), voiceWish, voiceWorry); len(got) != 2 {
		t.Fatalf("with the key file, the live files give up %q, not both words: the search does not work", got)
	}
	if got := recoverWords(e.diskFiles(t), []byte("not the key file's secret, thirty-two+")); got != "" {
		t.Fatalf("without the key file the files give up %q", got)
	}

	admin := e.account("admin", "Stad")
	e.clock.Add(89 * 24 * time.Hour)
	backup := func() *response {
		c := admin.login()
		return c.postForm("/admin/backup", url.Values{"csrf": {c.get("/admin").csrf(t)}})
	}
	backup().want(t, http.StatusOK)
	w = worker.login()
	w.get("/voice/"+a.id).want(t, http.StatusOK, voiceWish) // day 89: still there
	e.clock.Add(24 * time.Hour)
	copied := backup() // day 90: erased before the copy is made
	copied.want(t, http.StatusOK)

	files := e.diskFiles(t)
	files["downloaded backup"] = []byte(copied.body)
	if got := recoverWords(files, secret); got != "" {
		t.Fatalf("after the retention period, with the key file, the files give up %d bytes, with %q", len(got),
			found(got, voiceWish, voiceWorry, voiceChildAbout, "Verblijf verlengd"))
	}
	for name, b := range files {
		for _, word := range []string{voiceWish, voiceWorry, voiceChildAbout, "Verblijf verlengd", "Je blijft bij oma"} {
			if bytes.Contains(b, []byte(word)) {
				t.Errorf("%s holds %q", name, word)
			}
		}
	}
	worker.login().get("/voice/"+a.id).want(t, http.StatusNotFound)
	e.enter404(t, a)
	var erased int
	var outcome, heard string
	e.rawDB().QueryRow(`SELECT erased, outcome, coalesce(heard, '') FROM voice_requests WHERE id = ?`, a.id).Scan(&erased, &outcome, &heard)
	if erased != 1 || outcome != "view" {
		t.Fatalf("the shell: erased %d, outcome %q", erased, outcome)
	}
	for _, table := range []string{"voice_texts", "voice_keys", "voice_links", "voice_readers"} {
		var n int
		e.rawDB().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n)
		if n != 0 {
			t.Errorf("%s keeps %d rows after the erasure", table, n)
		}
	}
}

// found says which of the words a recovered text holds, briefly.
func found(recovered string, words ...string) []string {
	var out []string
	for _, w := range words {
		if strings.Contains(recovered, w) {
			out = append(out, w)
		}
	}
	return out
}

// enter404 checks the link opens nothing any more.
func (e *env) enter404(t *testing.T, a askedChild) {
	t.Helper()
	e.client().get("/v/"+a.link).want(t, http.StatusNotFound, "Deze link werkt niet")
}

// A child takes back what they sent before the decision: the words are
// gone from the database, its WAL and a backup, also for an attacker with
// the key file, and the worker sees only that they were taken back.
func TestVoiceWithdrawErases(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.login("worker", "Jeugdhulp Noord")
	a := sentView(t, e, w)
	secret := e.voiceSecret(t)
	if got := recoverWords(e.diskFiles(t), secret); !strings.Contains(got, voiceWorry) {
		t.Fatalf("the search finds nothing before the withdrawal: %q", got)
	}
	ch := e.enter(t, a, "nl")
	ch.last.want(t, http.StatusOK, "Je woorden zijn verstuurd", "Neem mijn woorden terug")
	if strings.Contains(ch.last.body, voiceWish) {
		t.Fatal("the link shows the sent words again")
	}
	ch.post("/screen", url.Values{"go": {"withdraw"}}).want(t, http.StatusOK, "Wil je je woorden terugnemen?")
	ch.post("/withdraw", nil).want(t, http.StatusSeeOther)
	if got := found(recoverWords(e.diskFiles(t), secret), voiceWish, voiceWorry); len(got) > 0 {
		t.Fatalf("after the withdrawal the files give up %q", got)
	}
	page := w.get("/voice/" + a.id)
	page.want(t, http.StatusOK, "nam zijn mening terug")
	if strings.Contains(page.body, voiceWish) {
		t.Fatal("the worker still reads taken-back words")
	}
}

// The link without the code opens nothing of the request; the code
// without the link opens nothing at all; a screen without a visit is
// sent back to the code.
func TestVoiceLinkAndCodeBothNeeded(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.login("worker", "Jeugdhulp Noord").askChild(t, nil)
	stranger := e.client()
	first := stranger.get("/v/" + a.link)
	first.want(t, http.StatusOK, "Typ de code")
	for _, secret := range []string{voiceChildAbout, "jeugdrechter", "Ik kom dinsdag"} {
		if strings.Contains(first.body, secret) {
			t.Fatalf("the link alone shows %q", secret)
		}
	}
	for _, route := range []string{"/screen", "/send", "/decline", "/withdraw", "/rejoin", "/heard", "/leave"} {
		r := stranger.postForm("/v/"+a.link+route, url.Values{"go": {"welcome"}, "visit": {strings.Repeat("A", 48)}})
		r.want(t, http.StatusUnauthorized, "Typ je code opnieuw")
		if strings.Contains(r.body, voiceChildAbout) {
			t.Fatalf("%s without a visit shows the request", route)
		}
	}
	// The code on another link, and a link that is not one.
	other := e.login("worker", "Jeugdhulp Noord").askChild(t, nil)
	stranger.postForm("/v/"+other.link, url.Values{"code": {a.code}}).want(t, http.StatusUnprocessableEntity, "Die code klopt niet")
	stranger.postForm("/v/AAAAAAAAAAAAAAAAAAAAAA", url.Values{"code": {a.code}}).want(t, http.StatusNotFound, "Deze link werkt niet")
	stranger.postForm("/v/not-a-link", url.Values{"code": {a.code}}).want(t, http.StatusNotFound)
}

// Guessing: one address that tries unknown links is stopped after 20 and
// then waits, even for a right link; wrong codes on a link pause it after
// 5 and shut it after 10, the right code included, until a new code.
func TestVoiceGuessingIsStopped(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, behindProxy)
	w := e.login("worker", "Jeugdhulp Noord")
	a := w.askChild(t, nil)
	guesser := e.client()
	var last *response
	for i := range 25 {
		last = guesser.postFrom("10.9.9.9", fmt.Sprintf("/v/AAAAAAAAAAAAAAAAAAAA%02d", i), url.Values{"code": {"123456"}})
	}
	last.want(t, http.StatusTooManyRequests)
	guesser.postFrom("10.9.9.9", "/v/"+a.link, url.Values{"code": {a.code}}).want(t, http.StatusTooManyRequests)
	guesser.postFrom("10.9.9.8", "/v/"+a.link, url.Values{"code": {a.code}}).want(t, http.StatusOK, "Dit gaat over jou")

	wrong := "000000"
	if a.code == wrong {
		wrong = "111111"
	}
	for i := range 4 {
		guesser.postFrom(fmt.Sprintf("10.8.0.%d", i+1), "/v/"+a.link, url.Values{"code": {wrong}}).want(t, http.StatusUnprocessableEntity)
	}
	guesser.postFrom("10.8.1.1", "/v/"+a.link, url.Values{"code": {wrong}}).want(t, http.StatusTooManyRequests, "te vaak een verkeerde code")
	guesser.postFrom("10.8.1.2", "/v/"+a.link, url.Values{"code": {a.code}}).want(t, http.StatusTooManyRequests)
	e.clock.Add(16 * time.Minute)
	for i := range 5 {
		guesser.postFrom(fmt.Sprintf("10.8.2.%d", i+1), "/v/"+a.link, url.Values{"code": {wrong}})
	}
	e.clock.Add(time.Hour) // shut, not paused: an hour later the right code still opens nothing
	guesser.postFrom("10.8.3.1", "/v/"+a.link, url.Values{"code": {a.code}}).want(t, http.StatusTooManyRequests)
	page := w.get("/voice/" + a.id)
	page.want(t, http.StatusOK, "de link is dicht")
	fresh := handoverCode.FindStringSubmatch(w.postForm("/voice/"+a.id+"/code", url.Values{"csrf": {page.csrf(t)}}).body)
	if fresh == nil {
		t.Fatal("no new code")
	}
}
