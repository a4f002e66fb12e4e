package indicator_test

import (
	"context"
	"database/sql"
	"math"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
)

// The breakdown by living situation, a filter on a background value, and
// the snapshot: the index read from the database, the one that followed
// every commit and the one restored from a snapshot give what SQL over
// the stored values gives.
func TestBackgroundBreakdownEqualsSQL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	live := indicator.New(f.cat, f.st.SessionByID, snapSecret)
	f.st.OnCommit(live.Append)
	if _, err := demo.Generate(ctx, f.st, f.cat, f.clock, demo.Options{Submissions: 3000, Months: 4, Seed: 13,
		End: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), Workers: 4}); err != nil {
		t.Fatal(err)
	}
	loaded, err := indicator.Load(ctx, f.st, f.cat, snapSecret)
	if err != nil {
		t.Fatal(err)
	}
	path := indicator.SnapshotPath(f.path)
	if _, why, err := indicator.Open(ctx, f.st, f.cat, path, snapSecret); err != nil || why != "" {
		t.Fatalf("write the snapshot: %v %q", err, why)
	}
	restored, err := indicator.OpenSnapshot(ctx, f.st, f.cat, path, snapSecret)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+f.path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, _ := f.cat.Survey("wellbeing")
	ind, _ := s.Indicator("life_satisfied")
	want := sqlCounts(t, db, "bg_living", "wellbeing", "life_satisfaction", ind.Top)
	checked := 0
	for name, ix := range map[string]*indicator.Index{"loaded": loaded, "live": live, "restored": restored} {
		res, err := ix.ComputeExact(indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied", By: []indicator.Dim{indicator.DimLiving}, Policy: release.MustPolicy(5, 0)})
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range res.Rows {
			c := res.Grid.Cells[i][0]
			if c.Suppressed {
				continue
			}
			w := want[l.Key]
			checked++
			if c.N != w[0] || math.Abs(c.Value-float64(w[1])/float64(w[0])) > 1e-12 {
				t.Errorf("%s: %s n=%d value=%v, SQL %v", name, l.Key, c.N, c.Value, w)
			}
		}
		one, err := ix.ComputeExact(indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied", Filter: indicator.Filter{Living: []string{"one_parent"}}, Policy: release.MustPolicy(5, 0)})
		if err != nil {
			t.Fatal(err)
		}
		if w := want["one_parent"]; one.Grid.Total.N != w[0] {
			t.Errorf("%s: living=one_parent n=%d, SQL %v", name, one.Grid.Total.N, w)
		}
	}
	if checked < 9 {
		t.Fatalf("only %d cells compared", checked)
	}
	// Published (perturbed) numbers agree too.
	q := indicator.Query{Survey: "wellbeing", Indicator: "life_satisfied", By: []indicator.Dim{indicator.DimLiving}, Policy: release.MustPolicy(5, 5)}
	if g, w := flatAll(restored.Compute(q)), flatAll(loaded.Compute(q)); g != w {
		t.Fatalf("the snapshot's index says\n%.800s\nthe database's\n%.800s", g, w)
	}
}
