package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var demoCode = regexp.MustCompile(`(?m)^demo session code: ([A-Z0-9]{6})$`)

// server is a running kinderstem binary.
type server struct {
	cmd  *exec.Cmd
	out  *syncBuffer
	url  string
	code string
}

// startServer starts the binary on db, a copy of the shared first start
// whose demo session has the code given, without making the demo again.
func startServer(t *testing.T, bin, db, code string) *server {
	t.Helper()
	out := &syncBuffer{}
	args := []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--no-demo", "--rate-client", "100000000", "--rate-session", "100000000"}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	url := waitFor(t, out, runningAt)[1]
	return &server{cmd: cmd, out: out, url: url, code: code}
}

func body(id string) []byte {
	return []byte(fmt.Sprintf(`{"id":"%s","lang":"nl","age":11,"gender":"girl","answers":{"life_satisfaction":8,"felt_happy":4,"friends_enough":"dont_know"}}`, id))
}

func uuid(rng *mrand.Rand) string {
	var b [16]byte
	for i := range b {
		b[i] = byte(rng.UintN(256))
	}
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// A server killed with SIGKILL in the middle of a load loses no
// submission it acknowledged, stores none twice, and comes back with an
// intact database; three times in a row, on one database. Each kill comes
// while 16 clients keep the group commit busy, so it lands between a
// batch's acknowledgements and the next batch's commit: a server that
// answered before its commit was on disk would lose what it answered.
func TestKillDuringLoadLosesNothing(t *testing.T) {
	t.Parallel()
	const kills, perKill = 3, 100
	if testing.Short() {
		t.Skip("builds the binary and kills it three times")
	}
	bin := buildBinary(t)
	// A copy of the shared first start: the demo's session takes the
	// load, and every start runs without the demo (making it again is
	// what a start spends most on, and no part of what is tested).
	db := filepath.Join(t.TempDir(), "crash.db")
	code := copyDemoTo(t, db)
	var mu sync.Mutex
	acked := map[string]bool{}
	for run := 0; run < kills; run++ {
		srv := startServer(t, bin, db, code)
		var stop atomic.Bool
		var wg sync.WaitGroup
		var count atomic.Int64
		api := srv.url + "/api/v1/sessions/" + srv.code + "/submissions"
		client := &http.Client{Timeout: 10 * time.Second}
		for w := 0; w < 16; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := mrand.New(mrand.NewPCG(uint64(run), uint64(w)))
				for !stop.Load() {
					id := uuid(rng)
					resp, err := client.Post(api, "application/json", bytes.NewReader(body(id)))
					if err != nil {
						continue // the server died mid-request: not acknowledged
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode == http.StatusCreated || resp.StatusCode == http.StatusOK {
						mu.Lock()
						acked[strings.ReplaceAll(id, "-", "")] = true
						mu.Unlock()
						count.Add(1)
					}
				}
			}()
		}
		// Kill once this run has had a hundred acknowledged: some batches
		// committed, the next ones on their way.
		deadline := time.Now().Add(60 * time.Second)
		for count.Load() < perKill && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if count.Load() < perKill/2 {
			t.Fatalf("run %d: only %d acknowledged in a minute", run, count.Load())
		}
		srv.cmd.Process.Kill()
		srv.cmd.Wait()
		stop.Store(true)
		wg.Wait()
	}
	sdb, err := sql.Open("sqlite3", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var integrity string
	if err := sdb.QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity check after crashes: %q %v", integrity, err)
	}
	lost, twice := 0, 0
	for id := range acked {
		var n int
		sdb.QueryRow(`SELECT count(*) FROM submissions WHERE hex(uid) = upper(?)`, id).Scan(&n)
		if n == 0 {
			lost++
		}
		if n > 1 {
			twice++
		}
	}
	if lost > 0 || twice > 0 || len(acked) < kills*perKill/2 {
		t.Fatalf("%d acknowledged submissions: %d lost, %d stored twice", len(acked), lost, twice)
	}
	var orphans int
	sdb.QueryRow(`SELECT count(*) FROM answers WHERE submission_id NOT IN (SELECT id FROM submissions)`).Scan(&orphans)
	if orphans > 0 {
		t.Fatalf("%d answers without a submission", orphans)
	}
	t.Logf("%d acknowledged over %d kills: none lost, none twice", len(acked), kills)
	// Replays after the last crash are answered 200 and store nothing.
	srv := startServer(t, bin, db, code)
	defer func() { srv.cmd.Process.Kill(); srv.cmd.Wait() }()
	var before int
	sdb.QueryRow(`SELECT count(*) FROM submissions`).Scan(&before)
	replayed := 0
	for id := range acked {
		if replayed == 50 {
			break
		}
		uuid := id[:8] + "-" + id[8:12] + "-" + id[12:16] + "-" + id[16:20] + "-" + id[20:]
		resp, err := http.Post(srv.url+"/api/v1/sessions/"+srv.code+"/submissions", "application/json", bytes.NewReader(body(strings.ToLower(uuid))))
		if err != nil {
			t.Fatal(err)
		}
		var r struct {
			Status string `json:"status"`
		}
		json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || r.Status != "already_received" {
			t.Fatalf("replay of an acknowledged submission: %d %s", resp.StatusCode, r.Status)
		}
		replayed++
	}
	var after int
	sdb.QueryRow(`SELECT count(*) FROM submissions`).Scan(&after)
	if after != before {
		t.Fatalf("replays changed the count from %d to %d", before, after)
	}
}
