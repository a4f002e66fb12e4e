package indicator_test

import (
	"context"
	"errors"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
)

var snapSecret = indicator.WithRecordKey([]byte("the record secret of the snapshot's database"))

// snapFixture is a database with generated answers over a few months.
func snapFixture(t *testing.T, n int, seed uint64) *fixture {
	t.Helper()
	f := newFixture(t)
	_, err := demo.Generate(context.Background(), f.st, f.cat, f.clock, demo.Options{Submissions: n, Months: 4, Seed: seed,
		End: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// moreAnswers stores 30 children's answers in a new session.
func moreAnswers(t *testing.T, f *fixture, seed uint64, surveyID, region string) {
	t.Helper()
	s, _ := f.cat.Survey(surveyID)
	sess := f.session(t, surveyID, "10-13", "school", region)
	rng := mrand.New(mrand.NewPCG(seed, 9))
	for i := 0; i < 30; i++ {
		if _, err := f.st.Submit(context.Background(), demo.NewChild(rng).Submission(s, sess)); err != nil {
			t.Fatal(err)
		}
	}
}

// sameAnswers fails unless two indices publish the same numbers for a
// spread of queries, cube and rows alike.
func sameAnswers(t *testing.T, f *fixture, got, want *indicator.Index) {
	t.Helper()
	shapes := []indicator.Query{{}, {By: []indicator.Dim{indicator.DimAgeBand, indicator.DimGender}},
		{By: []indicator.Dim{indicator.DimProvince}, Weights: indicator.WeightsPopulation},
		{By: []indicator.Dim{indicator.DimAge}, Filter: indicator.Filter{Regions: []string{"44021"}}}, // from the rows
		{By: []indicator.Dim{indicator.DimPeriod}, Period: "month"}}
	compared := 0
	for _, s := range f.cat.Surveys() {
		if g, w := got.Rows(s.ID), want.Rows(s.ID); g != w {
			t.Fatalf("%s: %d rows, want %d", s.ID, g, w)
		}
		for _, ind := range s.Indicators {
			for _, q := range shapes {
				q.Survey, q.Indicator, q.Policy = s.ID, ind.ID, release.MustPolicy(5, 0)
				g, w := flatAll(got.Compute(q)), flatAll(want.Compute(q))
				if g != w {
					t.Fatalf("%s.%s by %v: the snapshot's index says\n%.1500s\nthe database's\n%.1500s", s.ID, ind.ID, q.By, g, w)
				}
				compared++
			}
		}
	}
	if compared < 50 {
		t.Fatalf("only %d queries compared", compared)
	}
}

// The snapshot is written private beside the database, read back with the
// answers stored since, and answers as the index read from the database.
func TestSnapshotRestoresTheIndex(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := snapFixture(t, 1200, 21)
	path := indicator.SnapshotPath(f.path)
	first, why, err := indicator.Open(ctx, f.st, f.cat, path, snapSecret)
	if err != nil || why != "" {
		t.Fatalf("first open: %v %q", err, why)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("the snapshot is %v, want 0600", fi.Mode().Perm())
	}
	// Answers stored after the snapshot are read from the database.
	moreAnswers(t, f, 1, "wellbeing", "gent")
	moreAnswers(t, f, 2, "participation", "brugge")

	restored, err := indicator.OpenSnapshot(ctx, f.st, f.cat, path, snapSecret)
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := indicator.Load(ctx, f.st, f.cat, snapSecret)
	if err != nil {
		t.Fatal(err)
	}
	sameAnswers(t, f, restored, loaded)
	sameAnswers(t, f, first, loaded) // the first index followed the commits
	// Both keep counting new answers as the loaded one does.
	moreAnswers(t, f, 3, "wellbeing", "hasselt")

	sameAnswers(t, f, restored, loaded)
}

// A snapshot read back and written again under the same nonce is the same
// file, byte for byte: the columns held otherwise than the file keeps them
// are written as they were read.
func TestSnapshotWrittenAgainIsTheSame(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := snapFixture(t, 1200, 51)
	ix, err := indicator.Load(ctx, f.st, f.cat, snapSecret)
	if err != nil {
		t.Fatal(err)
	}
	dir, nonce := t.TempDir(), []byte("a nonce of 16 B.")
	first, again := filepath.Join(dir, "first.index"), filepath.Join(dir, "again.index")
	if err := ix.SaveSnapshotNonce(ctx, f.st, first, nonce); err != nil {
		t.Fatal(err)
	}
	back, err := indicator.OpenSnapshot(ctx, f.st, f.cat, first, snapSecret)
	if err != nil {
		t.Fatal(err)
	}
	if err := back.SaveSnapshotNonce(ctx, f.st, again, nonce); err != nil {
		t.Fatal(err)
	}
	a, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(again)
	if err != nil {
		t.Fatal(err)
	}
	if i := firstDifference(a, b); i >= 0 {
		t.Fatalf("written again, the snapshot differs from byte %d (of %d and %d bytes)", i, len(a), len(b))
	}
	sameAnswers(t, f, back, ix)
}

// firstDifference is the offset of the first byte where a and b differ,
// -1 where they are the same.
func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

// A snapshot that is not this database's index, under this schema and
// this record key, whole, is refused, and Open reads the database and
// writes a snapshot that is then accepted.
func TestSnapshotRefusedAndRebuilt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := snapFixture(t, 800, 31)
	other := snapFixture(t, 800, 32) // another database, the same secret
	dir := t.TempDir()
	good := filepath.Join(dir, "good.index")
	ix, err := indicator.Load(ctx, f.st, f.cat, snapSecret)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.SaveSnapshot(ctx, f.st, good); err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	flipped := append([]byte(nil), body...)
	flipped[len(flipped)*2/3] ^= 0x10
	// A file of the format before this one (its cube laid out otherwise).
	older := append([]byte(nil), body...)
	older[len("KSINDEX\x00")]--
	olderSchema := filepath.Join(dir, "schema.index")
	if err := ix.SaveSnapshotUnder(ctx, f.st, olderSchema, -1); err != nil {
		t.Fatal(err)
	}
	otherDB := filepath.Join(dir, "other.index")
	oix, err := indicator.Load(ctx, other.st, other.cat, snapSecret)
	if err != nil {
		t.Fatal(err)
	}
	if err := oix.SaveSnapshot(ctx, other.st, otherDB); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, path string
		opt        indicator.Option
		why        string
	}{
		{"another record key", write("key.index", body), indicator.WithRecordKey([]byte("a new key file")), "record key"},
		{"another schema", olderSchema, snapSecret, "schema"},
		{"an older format", write("format.index", older), snapSecret, "format"},
		{"another database's answers", otherDB, snapSecret, "not the one the snapshot counted"},
		{"a damaged byte", write("flipped.index", flipped), snapSecret, ""},
		{"cut short", write("short.index", body[:len(body)/2]), snapSecret, ""},
		{"not a snapshot", write("empty.index", nil), snapSecret, "not an index snapshot"},
		{"missing", filepath.Join(dir, "none.index"), snapSecret, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := indicator.OpenSnapshot(ctx, f.st, f.cat, c.path, c.opt)
			if !errors.Is(err, indicator.ErrSnapshotRefused) || !strings.Contains(err.Error(), c.why) {
				t.Fatalf("OpenSnapshot: %v, want it refused (%q)", err, c.why)
			}
			rebuilt, why, err := indicator.Open(ctx, f.st, f.cat, c.path, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			if c.name != "missing" && why == "" {
				t.Fatal("Open does not say why it read the database")
			}
			again, err := indicator.OpenSnapshot(ctx, f.st, f.cat, c.path, c.opt)
			if err != nil {
				t.Fatalf("the rebuilt snapshot: %v", err)
			}
			sameAnswers(t, f, again, rebuilt)
		})
	}
	// The good one is accepted: the refusals are the file's, not the test's.
	restored, err := indicator.OpenSnapshot(ctx, f.st, f.cat, good, snapSecret)
	if err != nil {
		t.Fatal(err)
	}
	sameAnswers(t, f, restored, ix)
}

// A snapshot file of any content is refused or read, never a panic: a
// refused one leaves the server reading the database.
func FuzzOpenSnapshot(f *testing.F) {
	ctx := context.Background()
	fx := newFixture(f)
	_, err := demo.Generate(ctx, fx.st, fx.cat, fx.clock, demo.Options{Submissions: 60, Months: 2, Seed: 41,
		End: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), Workers: 1})
	if err != nil {
		f.Fatal(err)
	}
	dir := f.TempDir()
	good := filepath.Join(dir, "good.index")
	ix, err := indicator.Load(ctx, fx.st, fx.cat, snapSecret)
	if err != nil {
		f.Fatal(err)
	}
	if err := ix.SaveSnapshot(ctx, fx.st, good); err != nil {
		f.Fatal(err)
	}
	body, err := os.ReadFile(good)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(body)
	f.Add(body[:len(body)/3])
	f.Add([]byte("KSINDEX\x00"))
	path := filepath.Join(dir, "fuzz.index")
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		ix, err := indicator.OpenSnapshot(ctx, fx.st, fx.cat, path, snapSecret)
		if err != nil {
			if !errors.Is(err, indicator.ErrSnapshotRefused) {
				t.Fatalf("not refused but %v", err)
			}
			return
		}
		// Only a file whose checksum holds is read; its numbers answer.
		q := indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied", By: []indicator.Dim{indicator.DimAgeBand, indicator.DimGender}, Policy: release.MustPolicy(5, 0)}
		ix.Compute(q)
	})
}
