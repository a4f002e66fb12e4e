package indicator_test

import (
	"context"
	"fmt"
	"io/fs"
	mrand "math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	kinderstem "github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/registration"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// cubeFixture is generated data with what makes the pre-aggregates work
// hard: sessions whose children give two age bands and come over two
// months, every gender, "don't know" and skips, a population table for
// the weights; and three indices over it, one grown commit by commit, one
// loaded after, and one read from the grown one's snapshot.
func cubeFixture(t *testing.T) (*fixture, map[string]*indicator.Index) {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t)
	surveys, _ := fs.Sub(kinderstem.Assets(), "surveys")
	sample, err := surveys.Open(demo.SamplePopulation)
	if err != nil {
		t.Fatal(err)
	}
	pop, err := registration.DecodePopulation(sample, "sample.csv", f.cat)
	sample.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.ReplacePopulation(ctx, "sample.csv", pop); err != nil {
		t.Fatal(err)
	}
	secret := indicator.WithRecordKey([]byte("the same record secret for both indices"))
	live := indicator.New(f.cat, f.st.SessionByID, indicator.WithPopulation(indicator.NewPopulation(f.cat, pop)), secret)
	f.st.OnCommit(live.Append)
	_, err = demo.Generate(ctx, f.st, f.cat, f.clock, demo.Options{Submissions: 2500, Months: 5, Seed: 11,
		End: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), Workers: 8})
	if err != nil {
		t.Fatal(err)
	}
	rng := mrand.New(mrand.NewPCG(3, 4))
	for _, sv := range []string{"wellbeing", "participation", "best_interests"} {
		s, _ := f.cat.Survey(sv)
		for i := 0; i < 4; i++ {
			f.clock.Set(time.Date(2026, 1, 28, 10, 0, 0, 0, time.UTC))
			sess := &store.Session{OrganisationID: 1, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash, AgeBand: "10-13", Lang: "nl",
				Setting: []string{"school", "youth_care"}[i%2], Region: []string{"gent", "antwerpen"}[i/2],
				ClosesAt: f.clock.Now().Add(60 * 24 * time.Hour), ResultsUntil: f.clock.Now().Add(90 * 24 * time.Hour)}
			if err := f.st.CreateSession(ctx, sess); err != nil {
				t.Fatal(err)
			}
			for c := 0; c < 24; c++ {
				if c == 12 {
					f.clock.Set(time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC)) // the session goes on next month
				}
				sub := demo.NewChild(rng).Submission(s, sess)
				sub.Gender = survey.Genders[c%4]
				if c%3 == 0 {
					sub.AgeBand, sub.Age = "14-17", 14 // a child older than the session's band
				}
				if _, err := f.st.Submit(ctx, sub); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	loaded, err := indicator.Load(ctx, f.st, f.cat, secret)
	if err != nil {
		t.Fatal(err)
	}
	// And one read from the grown one's snapshot, whose sums by place are
	// made again from the blocks rather than kept commit by commit.
	snap := filepath.Join(t.TempDir(), "live.index")
	if err := live.SaveSnapshot(ctx, f.st, snap); err != nil {
		t.Fatal(err)
	}
	restored, err := indicator.OpenSnapshot(ctx, f.st, f.cat, snap, secret)
	if err != nil {
		t.Fatal(err)
	}
	return f, map[string]*indicator.Index{"live": live, "loaded": loaded, "restored": restored}
}

// The cube and the blocks answer every query they can exactly as the rows
// do: the same perturbed counts, values, intervals, design effects,
// sessions, weighted values, distributions and differences, to the last
// bit, for every indicator, breakdown, filter and weighting the cube
// holds. And the three indices, grown, loaded and restored, agree with each other.
func TestCubeAnswersAsRowsDo(t *testing.T) {
	t.Parallel()
	f, ixs := cubeFixture(t)
	dims := []indicator.Dim{indicator.DimAgeBand, indicator.DimGender, indicator.DimSetting, indicator.DimProvince, indicator.DimPeriod, indicator.DimVersion}
	filters := []indicator.Filter{{}, {Genders: []string{"girl"}}, {Settings: []string{"school"}}, {AgeBands: []string{"10-13"}},
		{From: "2025-11", To: "2026-01"}, {Regions: []string{"40000"}}, {Versions: []int{1}}, {Genders: []string{"skip"}, Settings: []string{"youth_care"}}}
	rng := mrand.New(mrand.NewPCG(5, 6))
	cubed, compared := 0, 0
	byName := map[string]string{}
	errs := map[string]int{}
	for _, s := range f.cat.Surveys() {
		if s.ForProfessionals() {
			continue
		}
		for _, ind := range s.Indicators {
			for i := 0; i < 24; i++ {
				q := indicator.Query{Survey: s.ID, Indicator: ind.ID, Policy: release.MustPolicy(5, 0),
					Period: []string{"month", "quarter", "year"}[rng.IntN(3)], Filter: filters[rng.IntN(len(filters))]}
				if q.Filter.Versions != nil {
					q.Filter.Versions = []int{s.Version}
				}
				if len(q.Filter.AgeBands) > 0 {
					if _, ok := s.Band(q.Filter.AgeBands[0]); !ok {
						q.Filter.AgeBands = []string{s.AgeBands[0].String()} // a survey of the youngest has 4-5 only
					}
				}
				switch n := rng.IntN(3); n {
				case 1:
					q.By = []indicator.Dim{dims[rng.IntN(len(dims))]}
				case 2:
					a, b := rng.IntN(len(dims)), rng.IntN(len(dims)-1)
					if b >= a {
						b++
					}
					q.By = []indicator.Dim{dims[a], dims[b]}
				}
				if i%2 == 1 {
					q.Weights = indicator.WeightsPopulation
				}
				if i == 23 {
					q.Policy = release.MustPolicy(10, 50)
				}
				for name, ix := range ixs {
					if !ix.Cubed(q) {
						t.Fatalf("%s: %+v is not answered from the cube", name, q)
					}
					got, gerr := ix.Compute(q)
					want, werr := ix.ComputeFromRows(q)
					g, w := flatAll(got, gerr), flatAll(want, werr)
					if g != w {
						t.Fatalf("%s: %s.%s by %v %+v weights %q:\ncube: %.2000s\nrows: %.2000s", name, q.Survey, q.Indicator, q.By, q.Filter, q.Weights, g, w)
					}
					if other, ok := byName[fmt.Sprint(q)]; ok && other != g {
						t.Fatalf("two of the indices differ on %+v:\n%.1500s\n%.1500s", q, g, other)
					}
					byName[fmt.Sprint(q)] = g
					compared++
					if gerr == nil && got.Grid.Total.N > 0 {
						cubed++
					} else {
						errs[fmt.Sprint(gerr, q.Filter)]++
					}
				}
			}
		}
	}
	if cubed < compared*3/4 {
		t.Fatalf("only %d of %d comparisons had answers: %v", cubed, compared, errs)
	}
}

// Queries the cube does not hold are answered from the rows, and say so.
func TestCubeLeavesTheRestToTheRows(t *testing.T) {
	t.Parallel()
	_, ixs := cubeFixture(t)
	ix := ixs["loaded"]
	for _, q := range []indicator.Query{
		{By: []indicator.Dim{indicator.DimRegion}},
		{By: []indicator.Dim{indicator.DimOrganisation}},
		{By: []indicator.Dim{indicator.DimAge}},
		{Filter: indicator.Filter{Age: "10-12"}},
		{Filter: indicator.Filter{Regions: []string{"44021"}}}, // Gent, a municipality
		{Filter: indicator.Filter{Organisations: []int64{1}}},
	} {
		q.Survey, q.Indicator, q.Policy = "wellbeing", "life_satisfied", release.MustPolicy(5, 0)
		if ix.Cubed(q) {
			t.Errorf("%+v: answered from the cube, which does not hold it", q)
		}
		if _, err := ix.Compute(q); err != nil && !indicator.BaseTooSmall(err) {
			t.Errorf("%+v: %v", q, err)
		}
	}
}

// flatAll prints everything a result publishes, and the error.
func flatAll(r *indicator.Result, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	var sb strings.Builder
	fmt.Fprint(&sb, r.Rows, r.Cols, r.Scale, r.K, r.Distribution, r.Differences, r.Weighting, "\ntotal", *r.Grid.Total)
	for i, row := range r.Grid.Cells {
		if r.Grid.RowTotals != nil {
			fmt.Fprint(&sb, "\nrow", *r.Grid.RowTotals[i])
		}
		for _, c := range row {
			fmt.Fprint(&sb, "\n", *c)
		}
	}
	for _, c := range r.Grid.ColTotals {
		fmt.Fprint(&sb, "\ncol", *c)
	}
	return sb.String()
}
