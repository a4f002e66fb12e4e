package indicator_test

import (
	"context"
	"crypto/rand"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// written is a survey its users wrote; version 2 adds an item.
const writtenPlay = `id: play
version: 1
title: title
intro: intro
theme: wellbeing
age_bands: [10-13]
source: nl
sections:
  - id: main
    title: title
    items:
      - {id: outside, kind: scale, scale: often, text: item.outside}
indicators:
  - {id: plays_outside, kind: share, items: [outside], top: [4, 5], theme: wellbeing, title: ind.title, definition: ind.def}
texts:
  nl: {title: "Spelen", intro: "Over spelen", item.outside: "Ik speel buiten", item.games: "Ik speel spelletjes", ind.title: "Buiten", ind.def: "Aandeel"}
`

func writtenVersion(tb testing.TB, cat *survey.Catalog, version int) *survey.Survey {
	tb.Helper()
	src := strings.Replace(writtenPlay, "version: 1", "version: "+strconv.Itoa(version), 1)
	if version > 1 {
		src = strings.Replace(src, "      - {id: outside", "      - {id: games, kind: scale, scale: often, text: item.games}\n      - {id: outside", 1)
	}
	s, err := survey.ParseWritten(cat, []string{"nl"}, "play", []byte(src))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// A survey published while the server runs reaches the index before any
// session can be made for it; a new version widens its table, and rows of
// the old version count on as before. Submissions arriving while versions
// are published lose nothing (run with -race).
func TestIndexFollowsPublishedSurveys(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.cat = f.cat.Clone()
	ctx := context.Background()
	ix, err := indicator.Load(ctx, f.st, f.cat, indicator.WithRecordKey([]byte("follow")))
	if err != nil {
		t.Fatal(err)
	}
	v1 := writtenVersion(t, f.cat, 1)
	if err := f.st.RegisterSurveys(ctx, v1); err != nil {
		t.Fatal(err)
	}
	if err := f.cat.Publish(v1); err != nil {
		t.Fatal(err)
	}
	sess1 := f.session(t, "play", "10-13", "school", "gent")
	for range 12 {
		f.submit(t, sess1, "girl", map[string]int{"outside": 5})
	}
	if n := ix.Rows("play"); n != 12 {
		t.Fatalf("the index holds %d rows of the new survey, want 12", n)
	}
	// Version 2 is published while children keep sending version 1.
	v2 := writtenVersion(t, f.cat, 2)
	if err := f.st.RegisterSurveys(ctx, v2); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 10 {
				sub := &store.Submission{SessionID: sess1.ID, SurveyID: "play", SurveyVersion: 1, Lang: "nl", AgeBand: "10-13", Gender: "boy",
					Answers: []store.Answer{{Item: "outside", Code: 4}}}
				rand.Read(sub.UID[:])
				if _, err := f.st.Submit(ctx, sub); err != nil {
					t.Error(err)
				}
			}
		})
	}
	if err := f.cat.Publish(v2); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	sess2 := f.session(t, "play", "10-13", "school", "gent")
	for range 10 {
		f.submit(t, sess2, "boy", map[string]int{"outside": 1, "games": 5})
	}
	if n := ix.Rows("play"); n != 62 {
		t.Fatalf("the index holds %d rows, want 62", n)
	}
	res, err := ix.Compute(indicator.Query{Survey: "play", Indicator: "plays_outside", By: []indicator.Dim{indicator.DimVersion}, Policy: release.MustPolicy(5, 5)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 2 || res.Grid.Total == nil || res.Grid.Total.N < 50 {
		t.Fatalf("by version: %d rows, total %+v", len(res.Rows), res.Grid.Total)
	}
	items, err := ix.Items("play", indicator.Filter{}, release.MustPolicy(5, 5))
	if err != nil || len(items) != 2 {
		t.Fatalf("items: %d, %v", len(items), err)
	}
}
