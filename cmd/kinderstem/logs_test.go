package main

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/loadtest"
)

// The logs of a full run (JSON, one line per request) hold no child's
// data: after youth workers opened sessions, classes answered (free texts
// included), the groups' results were published, analysts read and
// exported, and bad requests were refused, no session code, submission
// id, free text, item id or staff password appears in any log line, and
// no client address either.
func TestLogsOfAFullRunHoldNoChildData(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("a full run of the server")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	ctx := context.Background()
	cfg := soakConfig{workers: 2, analysts: 1}
	workers, analysts, err := soakUsers(ctx, db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	srvCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- run(srvCtx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--no-demo", "--log-format", "json", "--log-requests", "--rate-client", "100000000"},
			env(nil), strings.NewReader(""), out)
	}()
	url := waitFor(t, out, runningAt)[1]
	c, err := loadContent("")
	if err != nil {
		t.Fatal(err)
	}
	// Seed 3 starts the classes 0.7 %, 8 % and 36 % into the day: the
	// first two have more than 5 s to open their sessions on any machine.
	rep, err := loadtest.Day(ctx, loadtest.DayConfig{URL: url, Classes: 3, ClassSize: 12, Duration: 6 * time.Second,
		Workers: workers, Analysts: analysts, Catalog: c.catalog, Seed: 3})
	if err != nil || rep.ClassesStarted < 2 || rep.ClassesDone != rep.ClassesStarted {
		t.Fatalf("day: %v, %d classes started, %d done", err, rep.ClassesStarted, rep.ClassesDone)
	}
	codes, secrets := secretsOfTheRun(t, db)
	// Refused requests log too: a wrong answer, a broken body, an unknown
	// path that carries a code.
	for _, req := range []struct{ method, path, body string }{
		{"POST", "/api/v1/sessions/" + codes[0] + "/submissions", `{"id":"not-a-uuid","answers":{"life_satisfaction":"Mijn geheim: paarse olifant"}}`},
		{"POST", "/api/v1/sessions/" + codes[0] + "/submissions", `{"broken`},
		{"GET", "/s/" + codes[1] + "/nowhere", ""},
		{"POST", "/s/" + codes[1], "lang=nl&a.anything_else=Mijn+geheim%3A+paarse+olifant"},
	} {
		r, _ := http.NewRequest(req.method, url+req.path, strings.NewReader(req.body))
		if req.method == "POST" && strings.HasPrefix(req.path, "/api") {
			r.Header.Set("Content-Type", "application/json")
		} else if req.method == "POST" {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if resp, err := http.DefaultClient.Do(r); err == nil {
			resp.Body.Close()
		}
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// The server's own address is printed for a person, never in a JSON
	// line: there, 127.0.0.1 could only be a client's.
	secrets = append(secrets, "paarse olifant", "paarse+olifant", "127.0.0.1")
	for _, a := range append(workers, analysts...) {
		secrets = append(secrets, a.Password)
	}
	lines := 0
	for _, line := range strings.Split(out.String(), "\n") {
		var entry map[string]any
		if json.Unmarshal([]byte(line), &entry) != nil {
			continue // the lines for a person: "running at", "Stopped"
		}
		lines++
		for _, s := range secrets {
			if strings.Contains(line, s) {
				t.Errorf("a log line holds %q:\n%s", s, line)
			}
		}
		for k := range entry {
			if k == "ip" || k == "client" || k == "remote_addr" || k == "path" || k == "user_agent" {
				t.Errorf("a log line has a %q field:\n%s", k, line)
			}
		}
	}
	if lines < 100 || !strings.Contains(out.String(), `"route":"/api/v1/sessions/:code/submissions"`) {
		t.Fatalf("%d JSON log lines, none for submissions: the test searched too little\n%s", lines, out)
	}
	t.Logf("%d JSON log lines searched for %d codes, ids, texts and passwords", lines, len(secrets))
}

// secretsOfTheRun reads, past the server, what no log may hold: every
// session code, submission id and free text in the database, and the
// survey's item ids (an answer would be logged by them). It returns the
// codes apart too.
func secretsOfTheRun(tb testing.TB, db string) (codes, secrets []string) {
	tb.Helper()
	sdb, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer sdb.Close()
	read := func(query string) []string {
		rows, err := sdb.Query(query)
		if err != nil {
			tb.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var v any
			rows.Scan(&v)
			switch x := v.(type) {
			case []byte:
				out = append(out, hex.EncodeToString(x))
			case string:
				out = append(out, x)
			}
		}
		return out
	}
	codes = read("SELECT code FROM sessions")
	uids := read("SELECT uid FROM submissions")
	texts := read("SELECT text FROM texts")
	items := read("SELECT item FROM items WHERE survey_id = 'wellbeing'")
	if len(codes) < 2 || len(uids) < 24 || len(items) < 5 {
		tb.Fatalf("the run left %d codes, %d submissions, %d items", len(codes), len(uids), len(items))
	}
	for _, u := range uids {
		secrets = append(secrets, u, u[:8]+"-"+u[8:12]) // as stored, and as the tablet wrote it
	}
	return codes, append(append(append(secrets, codes...), texts...), items...)
}
