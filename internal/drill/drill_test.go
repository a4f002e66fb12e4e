package drill_test

import (
	"context"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/drill"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

// live is a database with one group that answered and whose results the
// worker published, its key file, and a backup of it.
type live struct {
	st     *store.Store
	path   string
	keys   *keys.Keys
	cat    *survey.Catalog
	policy release.Policy
	sess   *store.Session
	backup string
}

func newLive(tb testing.TB) *live {
	tb.Helper()
	ctx := context.Background()
	st, path, cat, _ := testkit.OpenCatalogStore(tb, store.Options{})
	l := &live{st: st, path: path, keys: testkit.Keys(tb), cat: cat}
	l.policy, _ = release.NewPolicy(10, 0)
	org, err := st.CreateOrganisation(ctx, "Jeugdhuis", "ngo")
	if err != nil {
		tb.Fatal(err)
	}
	s, _ := cat.Survey("wellbeing")
	l.sess = &store.Session{OrganisationID: org, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash, AgeBand: "10-13",
		Lang: "nl", Setting: "school", Region: "gent", ClosesAt: time.Now().Add(time.Hour), ResultsUntil: time.Now().Add(90 * 24 * time.Hour)}
	if err := st.CreateSession(ctx, l.sess); err != nil {
		tb.Fatal(err)
	}
	l.submit(tb, 40, 1)
	if err := st.CloseSession(ctx, l.sess.ID); err != nil {
		tb.Fatal(err)
	}
	secret, err := l.keys.Secret(keys.Record)
	if err != nil {
		tb.Fatal(err)
	}
	ix, err := indicator.Load(ctx, st, cat, indicator.WithRecordKey(secret))
	if err != nil {
		tb.Fatal(err)
	}
	band, _ := s.Band(l.sess.AgeBand)
	blob, err := ix.GroupResults(s, l.sess.ID, band, l.policy)
	if err != nil {
		tb.Fatal(err)
	}
	if err := st.PublishResults(ctx, &store.Published{SessionID: l.sess.ID, Expected: 40, Count: 40, Results: blob}); err != nil {
		tb.Fatal(err)
	}
	l.backup = filepath.Join(tb.TempDir(), "backup.db")
	if err := st.Backup(ctx, l.backup); err != nil {
		tb.Fatal(err)
	}
	return l
}

// submit stores n children's questionnaires: in the published group
// with seed 1, else in a new session.
func (l *live) submit(tb testing.TB, n int, seed uint64) {
	tb.Helper()
	ctx := context.Background()
	sess := l.sess
	if seed != 1 {
		s, _ := l.cat.Survey("wellbeing")
		sess = &store.Session{OrganisationID: l.sess.OrganisationID, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash, AgeBand: "10-13",
			Lang: "nl", Setting: "school", Region: "gent", ClosesAt: time.Now().Add(time.Hour), ResultsUntil: time.Now().Add(time.Hour)}
		if err := l.st.CreateSession(ctx, sess); err != nil {
			tb.Fatal(err)
		}
	}
	s, _ := l.cat.Survey("wellbeing")
	rng := mrand.New(mrand.NewPCG(seed, 7))
	for i := 0; i < n; i++ {
		sub := demo.NewChild(rng).Submission(s, sess)
		sub.SessionID = sess.ID
		for j := range sub.UID {
			sub.UID[j] = byte(rng.UintN(256))
		}
		if _, err := l.st.Submit(ctx, sub); err != nil {
			tb.Fatal(err)
		}
	}
}

func (l *live) config() drill.Config {
	return drill.Config{Live: l.path, Backup: l.backup, Keys: l.keys, Catalog: l.cat, Policy: l.policy, Dir: filepath.Dir(l.backup)}
}

func run(tb testing.TB, cfg drill.Config) *drill.Report {
	tb.Helper()
	rep, err := drill.Run(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return rep
}

// A sound backup of this database, opened with its key file, passes: the
// counts and the newest submission match the live file, and the
// published results recompute byte for byte, also after the live file
// moved on.
func TestDrillPassesASoundBackup(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	l.submit(t, 25, 2) // the live file moves on after the backup
	rep := run(t, l.config())
	if len(rep.Problems) > 0 || rep.Recomputed != 1 || rep.Behind != 25 || rep.Restored.Submissions != 40 {
		t.Fatalf("drill of a sound backup: %+v", rep)
	}
}

// A replica whose pages were damaged fails, and says so.
func TestDrillFailsACorruptedBackup(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	data, err := os.ReadFile(l.backup)
	if err != nil {
		t.Fatal(err)
	}
	pages := len(data) / 4096
	if pages < 6 {
		t.Fatalf("a backup of %d pages is too small to damage in the middle", pages)
	}
	for p := 2; p < pages; p += 3 {
		for i := 0; i < 4096; i += 7 {
			data[p*4096+i] ^= 0x5a
		}
	}
	if err := os.WriteFile(l.backup, data, 0o600); err != nil {
		t.Fatal(err)
	}
	rep := run(t, l.config())
	if len(rep.Problems) == 0 {
		t.Fatalf("a corrupted backup passed the drill: %+v", rep)
	}
	t.Logf("found: %s", strings.Join(rep.Problems, "; "))
}

// A key file that is not the live server's cannot recompute the frozen
// published results, and one without the record secret is no key file of
// this server: both fail.
func TestDrillFailsAWrongKeyFile(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	other := testkit.Keys(t)
	if _, err := other.Secret(keys.Record); err != nil {
		t.Fatal(err)
	}
	cfg := l.config()
	cfg.Keys = other
	rep := run(t, cfg)
	if len(rep.Problems) == 0 || !strings.Contains(strings.Join(rep.Problems, " "), "recompute") {
		t.Fatalf("a wrong key file passed the drill: %+v", rep)
	}
	cfg.Keys = testkit.Keys(t) // a fresh file with no secret in it
	rep = run(t, cfg)
	if len(rep.Problems) == 0 || !strings.Contains(strings.Join(rep.Problems, " "), "no \"record\" secret") {
		t.Fatalf("a key file without the record secret passed the drill: %+v", rep)
	}
}

// A backup of another database is not a copy of the live one.
func TestDrillFailsABackupOfAnotherDatabase(t *testing.T) {
	t.Parallel()
	l, other := newLive(t), newLive(t)
	cfg := l.config()
	cfg.Backup = other.backup
	if rep := run(t, cfg); len(rep.Problems) == 0 {
		t.Fatalf("a backup of another database passed the drill: %+v", rep)
	}
}

// The status file keeps the last success across a failed run.
func TestStatusKeepsTheLastSuccess(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "db.drill.json")
	t0 := time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)
	if err := drill.Record(path, t0, &drill.Report{Source: "a"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := drill.Record(path, t0.Add(7*24*time.Hour), &drill.Report{Source: "a", Problems: []string{"integrity check: bad"}}, nil); err != nil {
		t.Fatal(err)
	}
	s, err := drill.ReadStatus(path)
	if err != nil || s.OK || !s.LastSuccess.Equal(t0) || !s.LastRun.Equal(t0.Add(7*24*time.Hour)) || len(s.Problems) != 1 {
		t.Fatalf("status = %+v, %v", s, err)
	}
}

// The status file the server reads at every scrape keeps counts, not
// rows: it holds neither the newest submission's identifier nor a group's
// published results digest, and stays small however many groups
// published.
func TestStatusHoldsCountsNotRows(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	rep := run(t, l.config())
	if len(rep.Problems) > 0 || rep.Restored.Newest.UID == "" || len(rep.Restored.Published) == 0 {
		t.Fatalf("drill of a sound backup: %+v", rep)
	}
	path := filepath.Join(t.TempDir(), "db.drill.json")
	if err := drill.Record(path, time.Now(), rep, nil); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), rep.Restored.Newest.UID) {
		t.Errorf("the status file names the newest submission %s:\n%s", rep.Restored.Newest.UID, data)
	}
	for id, p := range rep.Restored.Published {
		if strings.Contains(string(data), p.Digest) {
			t.Errorf("the status file holds session %d's published results digest:\n%s", id, data)
		}
	}
	s, err := drill.ReadStatus(path)
	if err != nil || !s.OK || s.Outcome == nil || s.Outcome.Submissions != 40 || s.Outcome.PublishedGroups != 1 || s.Outcome.Recomputed != 1 {
		t.Fatalf("status = %+v , %v", s, err)
	}
	if len(data) > 1024 {
		t.Errorf("status file of %d bytes", len(data))
	}
}
