package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

// dumpRows returns every row of query, one line each.
func dumpRows(tb testing.TB, path, query string) string {
	tb.Helper()
	rows := rawQuery(tb, path, query)
	defer rows.Close()
	cols, _ := rows.Columns()
	vals, ptrs := make([]any, len(cols)), make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var sb strings.Builder
	for rows.Next() {
		rows.Scan(ptrs...)
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				v = fmt.Sprintf("%x", b)
			}
			fmt.Fprintf(&sb, "%v|", v)
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

// The filler's fast path stores many submissions to a statement; what it
// does not cover goes through the write path: a replayed uid in the same
// group (no second row, the first one's id), a submission with an unknown
// item (the write path's error, nothing of it stored). The database ends
// as Submit leaves it, row for row.
func TestFillerStoresWhatSubmitStores(t *testing.T) {
	t.Parallel()
	written, filled := newFixture(t), newFixtureWith(t, store.Options{Bulk: true})
	ctx := context.Background()
	subs := make([]*store.Submission, 150)
	for i := range subs {
		subs[i] = written.submission()
		subs[i].Answers[0].Code = i % 11
	}
	subs[100] = subs[3]         // a replay in the same group
	bad := written.submission() // an unknown item
	bad.Answers = append(bad.Answers, store.Answer{Item: "no_such_item", Code: 1})
	for _, sub := range subs {
		if _, err := written.s.Submit(ctx, sub); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := written.s.Submit(ctx, bad); err == nil {
		t.Fatal("the write path took an unknown item")
	}
	f := filled.s.NewFiller(ctx, 1000)
	now := filled.clock.Now()
	for i, sub := range subs {
		r, err := f.Submit(now, sub)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if i == 3 && r.ID != 4 {
			t.Errorf("receipt %+v, want id 4", r)
		}
	}
	if _, err := f.Submit(now, bad); err == nil {
		t.Error("the filler took an unknown item")
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`SELECT id, uid, session_id, survey_id, survey_version, lang, age, age_band, gender, day, complete, paper FROM submissions ORDER BY id`,
		`SELECT submission_id, item_id, code FROM answers ORDER BY submission_id, item_id`,
		`SELECT submission_id, item_id, text FROM texts ORDER BY submission_id, item_id`,
	} {
		a, b := dumpRows(t, written.path, q), dumpRows(t, filled.path, q)
		if a != b {
			t.Errorf("%s: write path and filler differ:\n%.400s\n---\n%.400s", q, a, b)
		}
		if strings.Count(a, "\n") < 149 {
			t.Errorf("%s: %d rows", q, strings.Count(a, "\n"))
		}
	}
	// A closed session: the write path's answer, nothing stored.
	if err := filled.s.CloseSession(ctx, filled.session.ID); err != nil {
		t.Fatal(err)
	}
	late := filled.submission()
	f = filled.s.NewFiller(ctx, 1000)
	if _, err := f.Submit(filled.clock.Now(), late); !fault.Is(err, fault.Gone) {
		t.Errorf("filler into a closed session: %v, want Gone", err)
	}
	f.Commit()
}
