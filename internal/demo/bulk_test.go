package demo_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

// The bulk path stores exactly what the write path stores: the same
// sessions, submissions (ids included), answers and texts, row for row.
// Only the session codes differ: they are drawn at random for each
// session, as a worker's are. With one worker the write path stores the
// children in the order they are drawn, so even the ids must agree.
func TestBulkStoresWhatTheWritePathStores(t *testing.T) {
	t.Parallel()
	opts := demo.Options{Submissions: 1200, Months: 3, Seed: 5, End: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), Langs: []string{"nl", "fr"}}
	build := func(bulk bool) string {
		clock := &demo.Clock{}
		clock.Set(time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC))
		st, path, cat, _ := testkit.OpenCatalogStore(t, store.Options{Now: clock.Now, Bulk: bulk})
		o := opts
		o.Bulk, o.Workers = bulk, 1
		stats, err := demo.Generate(context.Background(), st, cat, clock, o)
		if err != nil {
			t.Fatal(err)
		}
		if stats.Submissions != opts.Submissions || stats.Sessions < 40 {
			t.Fatalf("bulk %v: %+v", bulk, stats)
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		return path
	}
	written, bulk := build(false), build(true)
	for _, q := range []string{
		`SELECT id, organisation_id, survey_id, survey_version, survey_hash, age_band, lang, setting, region, opened_at, closes_at, closed_at, results_until, background FROM sessions ORDER BY id`,
		`SELECT id, hex(uid), session_id, survey_id, survey_version, lang, age, age_band, gender, day, complete, bg_living, bg_language, bg_illness, bg_deprivation FROM submissions ORDER BY id`,
		`SELECT submission_id, item_id, code FROM answers ORDER BY submission_id, item_id`,
		`SELECT submission_id, item_id, text FROM texts ORDER BY submission_id, item_id`,
		`SELECT id, name, kind FROM organisations ORDER BY id`,
	} {
		a, b := dump(t, written, q), dump(t, bulk, q)
		if strings.Contains(q, "bg_living") && !strings.Contains(a, "two_or_more") {
			t.Errorf("no child answered the background block, so the comparison says nothing of it")
		}
		if a != b {
			t.Errorf("%s\nwrite path and bulk differ:\n%.600s\n---\n%.600s", q, firstDiff(a, b), firstDiff(b, a))
		}
		if strings.Count(a, "\n") < 40 && !strings.Contains(q, "texts") && !strings.Contains(q, "organisations") {
			t.Errorf("%s: only %d rows", q, strings.Count(a, "\n"))
		}
	}
}

func dump(t *testing.T, path, q string) string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var sb strings.Builder
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			fmt.Fprintf(&sb, "%v|", v)
		}
		sb.WriteByte('\n')
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return sb.String()
}

// firstDiff returns a from the first line where it differs from b.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range al {
		if i >= len(bl) || al[i] != bl[i] {
			return strings.Join(al[i:min(len(al), i+5)], "\n")
		}
	}
	return ""
}
