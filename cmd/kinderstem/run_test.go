package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/kinderstem/kinderstem/internal/testkit"
)

// syncBuffer is the shared test kit's buffer.
type syncBuffer = testkit.Buffer

var runningAt = regexp.MustCompile(`running at (http://[0-9.:]+)/`)

// waitFor polls out until re matches, or fails after a deadline.
func waitFor(tb testing.TB, out interface{ String() string }, re *regexp.Regexp) []string {
	tb.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
	tb.Fatalf("timed out waiting for %s in output:\n%s", re, out.String())
	return nil
}

// env gives run the variables vars. Servers run in this test process share
// one Go heap, so each would count the others' memory against its own soft
// limit and spend its time collecting garbage: unless a test sets it, the
// limit is off here (a server of its own, as the binary tests start, keeps
// the default).
func env(vars map[string]string) func(string) string {
	return func(k string) string {
		if v, ok := vars[k]; ok || k != "KINDERSTEM_MEMORY_LIMIT" {
			return v
		}
		return "0"
	}
}

// run serves on a random port, answers /healthz, prints the demo accounts
// and session code, and returns cleanly when its context ends.
func TestRunServesAndStops(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "k.db")
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0"}, env(map[string]string{"KINDERSTEM_DB": db, "KINDERSTEM_EMBED_ORIGINS": "https://news.example"}), strings.NewReader(""), out)
	}()
	url := waitFor(t, out, runningAt)[1]
	resp, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %d", resp.StatusCode)
	}
	for _, want := range []string{"admin@demo.kinderstem.be", "analyst@demo.kinderstem.be", "worker@demo.kinderstem.be"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks the demo account %s:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`(?m)^demo session code: [A-Z0-9]{6}$`).MatchString(out.String()) {
		t.Errorf("output lacks the demo session code on a line of its own:\n%s", out)
	}
	waitForEditions(t, url, 2)
	checkEmbedAllowList(t, url, "https://news.example")
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not stop")
	}
	checkDB(t, db)
	checkNoSecretsInDB(t, db)
}

// waitForEditions waits until the public monitor shows n editions: the
// demo publishes them once the indicator index is loaded.
func waitForEditions(t *testing.T, url string, n int) {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for {
		status := 0
		if resp, err := http.Get(fmt.Sprintf("%s/open/nl/editions/%d/", url, n)); err == nil {
			resp.Body.Close()
			status = resp.StatusCode
		}
		if status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the demo did not publish edition %d: last answer %d", n, status)
		}
		time.Sleep(200 * time.Millisecond)
	}
	resp, err := http.Get(url + "/open/nl/editions/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for i := 1; i <= n; i++ {
		if !strings.Contains(string(body), fmt.Sprintf("/open/nl/editions/%d/", i)) {
			t.Errorf("the editions page lacks edition %d", i)
		}
	}
}

// checkEmbedAllowList finds an embeddable chart on the public home page
// and checks that only the configured site may frame it.
func checkEmbedAllowList(t *testing.T, url, origin string) {
	t.Helper()
	resp, err := http.Get(url + "/open/en/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`href="[^"]*/open/en/indicators/([^"]+/)"`).FindSubmatch(body)
	if m == nil {
		t.Fatal("the public home page links to no indicator")
	}
	resp, err = http.Get(url + "/embed/en/" + string(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); resp.StatusCode != http.StatusOK || !strings.HasSuffix(csp, "frame-ancestors 'self' "+origin) {
		t.Errorf("embed: %d, CSP %q; want frame-ancestors 'self' %s", resp.StatusCode, csp, origin)
	}
}

// checkNoSecretsInDB fails when the database file holds a secret: a backup
// must not be a key to the live server. The secrets are in the key file
// beside it, readable by its owner only.
func checkNoSecretsInDB(tb testing.TB, path string) {
	tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT key FROM settings`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		rows.Scan(&key)
		if strings.Contains(key, "secret") || strings.Contains(key, "key") {
			tb.Errorf("the database holds the secret %q", key)
		}
	}
	st, err := os.Stat(path + ".keys")
	if err != nil || st.Mode().Perm() != 0o600 {
		tb.Fatalf("key file beside the database: %v, %v; want mode 0600", st, err)
	}
	data, _ := os.ReadFile(path + ".keys")
	if !strings.Contains(string(data), "\ncookie ") {
		tb.Errorf("the key file lacks the cookie secret:\n%s", data)
	}
}

func checkDB(tb testing.TB, path string) {
	tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		tb.Fatalf("integrity check: %q, %v", res, err)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		if st, _ := os.Stat(path + "-wal"); st.Size() > 0 {
			tb.Errorf("the WAL was not checkpointed on close (%d bytes)", st.Size())
		}
	}
}

func TestRunRejectsBadConfiguration(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"k too small", []string{"--k", "3"}, nil, "at least 5"},
		{"bad env number", nil, map[string]string{"KINDERSTEM_K": "ten"}, `KINDERSTEM_K="ten": want a whole number`},
		{"bad env bool", nil, map[string]string{"KINDERSTEM_NO_DEMO": "maybe"}, "want true or false"},
		{"bad addr", []string{"--addr", "8080"}, nil, "want host:port"},
		{"half TLS", []string{"--tls-cert", "c.pem"}, nil, "go together"},
		{"short key", []string{"--session-keys", "abcd"}, nil, "32 or more bytes"},
		{"base URL without a scheme", []string{"--base-url", "kinderstem.example.org"}, nil, "--base-url"},
		{"base URL with a path", nil, map[string]string{"KINDERSTEM_BASE_URL": "https://x.example/kinderstem"}, "pages live at the root"},
		{"embed origin with a path", []string{"--embed-origins", "https://ok.example, https://x.example/page"}, nil, `--embed-origins: "https://x.example/page"`},
		{"embed origin wildcard", nil, map[string]string{"KINDERSTEM_EMBED_ORIGINS": "*"}, "--embed-origins"},
		{"licence not a URL", []string{"--open-licence", "CC BY"}, nil, "--open-licence"},
		{"bad proxy header", []string{"--proxy-header", "X Real IP"}, nil, "--proxy-header"},
		{"unknown command", []string{"frobnicate"}, nil, `unknown command "frobnicate"`},
		{"log format", []string{"--log-format", "xml"}, nil, "want text or json"},
		{"metrics addr", []string{"--metrics-addr", "9090"}, nil, "--metrics-addr"},
		{"watchdog", nil, map[string]string{"WATCHDOG_USEC": "soon"}, "WATCHDOG_USEC"},
		{"unknown flag", []string{"--nope"}, nil, "flag provided but not defined"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), c.args, env(c.env), strings.NewReader(""), &out)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want one containing %q", err, c.want)
			}
			if exitCode(err) != 2 {
				t.Errorf("exit code %d, want 2 for a usage error", exitCode(err))
			}
		})
	}
}

func TestSurveysCheck(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"surveys", "check"}, env(nil), nil, &out); err != nil {
		t.Fatalf("shipped surveys: %v", err)
	}
	if !strings.HasPrefix(out.String(), "ok: ") {
		t.Fatalf("output %q", out.String())
	}
	// It names the items and indicators the monitor's rights body reads
	// for: access to one's own file, the care items' indicators, the
	// Child Guarantee statements, the moral-stress module, and every
	// registration indicator with its source.
	for _, want := range []string{"care_own_file", "care_why, care_trusted_person, care_complaint", "fo_advertising", "fo_information",
		"ho_leaving_care", "healthy_food_information", "leaving_care_support", "moral_stress v1 (professionals)", "ms_time", "ms_comment",
		"registration eu_arope_children: Eurostat (EU-SILC)", "registration minors: Statbel"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("surveys check does not report %q:\n%s", want, out.String())
		}
	}
	// A broken copy fails with file, line and reason, and exit code 1.
	dir := t.TempDir()
	copyDir(t, "../../surveys", filepath.Join(dir, "surveys"))
	copyDir(t, "../../locales", filepath.Join(dir, "locales"))
	path := filepath.Join(dir, "surveys", "wellbeing.yaml")
	src, _ := os.ReadFile(path)
	os.WriteFile(path, bytes.Replace(src, []byte("scale: often"), []byte("scale: oftn"), 1), 0o644)
	err := run(context.Background(), []string{"surveys", "check", filepath.Join(dir, "surveys")}, env(nil), nil, &out)
	if err == nil || !regexp.MustCompile(`wellbeing\.yaml:\d+: item felt_happy: unknown scale "oftn"`).MatchString(err.Error()) {
		t.Fatalf("err = %v", err)
	}
	if exitCode(err) != 1 {
		t.Errorf("exit code %d, want 1", exitCode(err))
	}
}

// surveys/README.md is what "kinderstem surveys describe" prints.
func TestSurveysReadmeIsCurrent(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"surveys", "describe"}, env(nil), nil, &out); err != nil {
		t.Fatal(err)
	}
	have, _ := os.ReadFile("../../surveys/README.md")
	if !bytes.Equal(have, out.Bytes()) {
		if os.Getenv("UPDATE_README") != "" {
			os.WriteFile("../../surveys/README.md", out.Bytes(), 0o644)
			return
		}
		t.Fatal("surveys/README.md is out of date: run UPDATE_README=1 go test ./cmd/kinderstem -run Readme")
	}
}

func copyDir(tb testing.TB, from, to string) {
	tb.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// The real binary stops on SIGINT and SIGTERM: requests in flight finish,
// the database is closed cleanly, the exit code is 0. SIGTERM, what
// systemd sends, comes right after a first start with the demo, while its
// index and editions may still be in the making; SIGINT goes to a server
// without the demo, which starts in half the time.
func TestBinaryStopsOnSignal(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			out := &syncBuffer{}
			args := []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "k.db")}
			if sig == syscall.SIGINT {
				args = append(args, "--no-demo")
			}
			cmd := exec.Command(bin, args...)
			cmd.Dir = dir // the binary runs from any directory
			cmd.Stdout, cmd.Stderr = out, out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			url := waitFor(t, out, runningAt)[1]
			if resp, err := http.Get(url + "/"); err != nil || resp.StatusCode != 200 {
				t.Fatalf("home: %v %v", resp, err)
			}
			cmd.Process.Signal(sig)
			errc := make(chan error, 1)
			go func() { errc <- cmd.Wait() }()
			select {
			case err := <-errc:
				var ee *exec.ExitError
				if errors.As(err, &ee) || err != nil {
					t.Fatalf("exit: %v\n%s", err, out)
				}
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatal("did not stop")
			}
			if !strings.Contains(out.String(), "Stopped; the database is closed.") {
				t.Errorf("output lacks the goodbye:\n%s", out)
			}
			checkDB(t, filepath.Join(dir, "k.db"))
		})
	}
}
