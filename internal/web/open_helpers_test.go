package web_test

import (
	"context"
	crand "crypto/rand"
	"math/rand/v2"
	"net/url"
	"testing"

	"github.com/kinderstem/kinderstem/internal/edition"
	"github.com/kinderstem/kinderstem/internal/store"
)

// openGroup is a session of children for the public monitor's tests.
type openGroup struct {
	region, band, setting string
	children              int
	girls                 int // the first girls are girls, the rest boys, one "other" when odd is set
	other                 int
	happy                 float64 // the share answering 8 to 10 on life satisfaction
}

// openData stores groups of children through the store's real write
// path (the index follows through its commit hook), on the clock's day.
func (e *env) openData(t testing.TB, rng *rand.Rand, groups ...openGroup) {
	t.Helper()
	ctx := context.Background()
	s, _ := e.catalog.Survey("wellbeing")
	for _, g := range groups {
		sess := e.openSession("wellbeing", g.band, "nl", g.setting, func(s *store.Session) { s.Region = g.region })
		for i := 0; i < g.children; i++ {
			sub := &store.Submission{SessionID: sess.ID, SurveyID: s.ID, SurveyVersion: s.Version, Lang: "nl", AgeBand: g.band, Complete: true}
			crand.Read(sub.UID[:])
			switch {
			case i < g.girls:
				sub.Gender = "girl"
			case i < g.girls+g.other:
				sub.Gender = "other"
			default:
				sub.Gender = "boy"
			}
			v := 3 + rng.IntN(5)
			if rng.Float64() < g.happy {
				v = 8 + rng.IntN(3)
			}
			sub.Answers = []store.Answer{{Item: "life_satisfaction", Code: v}, {Item: "bullied", Code: 1 + rng.IntN(5)}}
			if _, err := e.store.Submit(ctx, sub); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// publishOpen publishes an edition of the wellbeing survey's indicators
// over the half-year of the clock's day.
func (e *env) publishOpen(t testing.TB, title string, breakdowns ...string) int {
	t.Helper()
	if len(breakdowns) == 0 {
		breakdowns = edition.DefaultBreakdowns
	}
	from, to := edition.HalfYear(e.clock.Now())
	spec := edition.Spec{Title: title, From: from, To: to, Breakdowns: append([]string(nil), breakdowns...)}
	for _, ref := range edition.AllIndicators(e.catalog) {
		if ref.Survey == "wellbeing" || ref.Source == edition.SourceRegistration {
			spec.Indicators = append(spec.Indicators, ref)
		}
	}
	n, err := e.app.PublishEdition(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// standardOpen is an installation with one published edition: three
// provinces, two bands, a small group of non-binary children.
func standardOpen(t testing.TB) *env {
	t.Helper()
	e := newEnv(t)
	rng := rand.New(rand.NewPCG(1, 2))
	e.openData(t, rng,
		openGroup{region: "44021", band: "10-13", setting: "school", children: 40, girls: 20, other: 1, happy: 0.8},
		openGroup{region: "11002", band: "10-13", setting: "youth_work", children: 30, girls: 14, happy: 0.7},
		openGroup{region: "24062", band: "14-17", setting: "school", children: 35, girls: 17, other: 2, happy: 0.6},
	)
	e.publishOpen(t, "Monitor test")
	return e
}

// frozenEdition stores a published edition with no indicators, for the
// routes that need one to exist: it cannot be changed or removed.
func (e *env) frozenEdition(t testing.TB) int64 {
	t.Helper()
	ctx := context.Background()
	blob, err := (&edition.Snapshot{K: 10, From: "2026-01", To: "2026-06"}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	ed := &store.Edition{Title: "Leeg", From: "2026-01", To: "2026-06", Spec: []byte(`{}`), Snapshot: blob, ComputedAt: e.clock.Now()}
	if err := e.store.CreateEdition(ctx, ed); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.PublishEdition(ctx, ed.ID); err != nil {
		t.Fatal(err)
	}
	return ed.ID
}

// editionForm is the form of a draft of the wellbeing survey's
// indicators over the first half of 2026, the test clock's.
func editionForm(csrf, title string) url.Values {
	return url.Values{"csrf": {csrf}, "title": {title}, "from": {"2026-01"}, "to": {"2026-06"},
		"indicator": {"survey:wellbeing/life_satisfied", "survey:wellbeing/bullying"}, "breakdown": {"total", "gender", "province"}}
}
