package indicator_test

import (
	"context"
	"fmt"
	"io/fs"
	mrand "math/rand/v2"
	"testing"

	kinderstem "github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/registration"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Weighted answers added up from the places (by month too) are the rows'
// to the bit whatever the weights: with a population table that leaves out a
// province and an age band of another (their children get the average
// weight), after the weights are remade because answers arrived, and after
// a new population table is put in while the index runs, when the index
// answers as one loaded afresh with that table does. Each step changes
// the published values, so nothing kept from before could pass for them.
func TestWeightedPlacesFollowTheWeights(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f, ixs := cubeFixture(t)
	live := ixs["live"]
	full := samplePopulation(t, f.cat)
	var thin []store.PopulationCount
	for _, r := range full {
		prov := f.cat.ProvinceOf(r.Area)
		if prov == "40000" || prov == "10000" && r.Age >= 14 && r.Age <= 17 {
			continue // no Oost-Vlaanderen; no 14-17 year olds in Antwerpen
		}
		thin = append(thin, r)
	}

	// The overview's queries at once, as the API asks them.
	var overview []indicator.Query
	for _, s := range f.cat.Surveys() {
		for _, ind := range s.Indicators {
			if !s.ForProfessionals() {
				overview = append(overview, indicator.Query{Survey: s.ID, Indicator: ind.ID, By: []indicator.Dim{indicator.DimPeriod},
					Period: "quarter", Weights: indicator.WeightsPopulation, Policy: release.MustPolicy(5, 0)})
			}
		}
	}
	all, err := live.ComputeAll(overview)
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range overview {
		want, werr := live.ComputeFromRows(q)
		if all[i] == nil { // refused, as too small a selection
			if !indicator.BaseTooSmall(werr) {
				t.Fatalf("overview %s.%s refused, but the rows give %v", q.Survey, q.Indicator, werr)
			}
			continue
		}
		if g, w := flatAll(all[i], nil), flatAll(want, werr); g != w {
			t.Fatalf("overview %s.%s:\nplaces: %.1500s\nrows:   %.1500s", q.Survey, q.Indicator, g, w)
		}
	}
	first := weightedAnswers(t, live, f.cat)
	live.SetPopulation(indicator.NewPopulation(f.cat, thin))
	second := weightedAnswers(t, live, f.cat)
	mustDiffer(t, "a population without Oost-Vlaanderen", first, second)

	rng := mrand.New(mrand.NewPCG(7, 8))
	for _, sv := range []string{"wellbeing", "participation", "best_interests"} {
		s, _ := f.cat.Survey(sv)
		for i, region := range []string{"gent", "antwerpen", "leuven"} {
			sess := f.session(t, sv, s.AgeBands[i%len(s.AgeBands)].String(), []string{"school", "youth_care"}[i%2], region)
			for c := 0; c < 40; c++ {
				sub := demo.NewChild(rng).Submission(s, sess)
				sub.Gender = survey.Genders[c%3]
				if _, err := f.st.Submit(ctx, sub); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	third := weightedAnswers(t, live, f.cat)
	mustDiffer(t, "360 answers more", second, third)

	fresh, err := indicator.Load(ctx, f.st, f.cat, indicator.WithRecordKey([]byte("the same record secret for both indices")),
		indicator.WithPopulation(indicator.NewPopulation(f.cat, thin)))
	if err != nil {
		t.Fatal(err)
	}
	again := weightedAnswers(t, fresh, f.cat)
	for q, a := range third {
		if again[q] != a {
			t.Fatalf("%s: the running index, its population replaced, answers otherwise than one loaded with it:\n%.1500s\n%.1500s", q, a, again[q])
		}
	}

	// Month sums moved to 32 bits answer as they did in 16.
	fresh.WidenMonthSums()
	widened := weightedAnswers(t, fresh, f.cat)
	for q, a := range third {
		if widened[q] != a {
			t.Fatalf("%s: with every month sum in 32 bits:\n%.1500s\nwant %.1500s", q, widened[q], a)
		}
	}

	// Month sums past 32 bits are marked wide and left alone: queries by
	// month walk the sessions and answer the same.
	fresh.OverflowMonthSums()
	wide := weightedAnswers(t, fresh, f.cat)
	for q, a := range third {
		if wide[q] != a {
			t.Fatalf("%s: with the month sums wide:\n%.1500s\nwant %.1500s", q, wide[q], a)
		}
	}
	for _, q := range overview {
		q.Weights = ""
		got, gerr := fresh.Compute(q)
		want, werr := fresh.ComputeFromRows(q)
		if g, w := flatAll(got, gerr), flatAll(want, werr); g != w {
			t.Fatalf("unweighted overview %s.%s with the month sums wide:\n%.1500s\nwant %.1500s", q.Survey, q.Indicator, g, w)
		}
	}
}

// weightedAnswers computes, for every indicator of the children's
// surveys, weighted queries the places answer, checks each against the
// rows, and returns what they publish.
func weightedAnswers(t *testing.T, ix *indicator.Index, cat *survey.Catalog) map[string]string {
	t.Helper()
	bys := [][]indicator.Dim{nil, {indicator.DimAgeBand, indicator.DimGender}, {indicator.DimProvince, indicator.DimGender},
		{indicator.DimGender}, {indicator.DimSetting}, {indicator.DimProvince}, {indicator.DimGender, indicator.DimSetting},
		{indicator.DimPeriod}, {indicator.DimPeriod, indicator.DimSetting}, {indicator.DimAgeBand, indicator.DimPeriod}}
	filters := []indicator.Filter{{}, {Genders: []string{"girl", "boy"}}, {Regions: []string{"10000"}}, {AgeBands: []string{"10-13"}}}
	out := map[string]string{}
	for _, s := range cat.Surveys() {
		if s.ForProfessionals() {
			continue
		}
		for _, ind := range s.Indicators {
			for i, by := range bys {
				q := indicator.Query{Survey: s.ID, Indicator: ind.ID, By: by, Filter: filters[i%len(filters)],
					Weights: indicator.WeightsPopulation, Policy: release.MustPolicy(5, 0), Period: []string{"month", "quarter"}[i%2]}
				if _, ok := s.Band("10-13"); !ok {
					q.Filter.AgeBands = nil
				}
				if !ix.Cubed(q) {
					continue // an indicator the cube does not count
				}
				got, gerr := ix.Compute(q)
				want, werr := ix.ComputeFromRows(q)
				g, w := flatAll(got, gerr), flatAll(want, werr)
				if g != w {
					t.Fatalf("%s.%s by %v %+v:\nplaces: %.2000s\nrows:   %.2000s", s.ID, ind.ID, by, q.Filter, g, w)
				}
				out[fmt.Sprint(q)] = g
			}
		}
	}
	if len(out) < 100 {
		t.Fatalf("only %d weighted queries were answered from the cube", len(out))
	}
	return out
}

func mustDiffer(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	changed := 0
	for q, a := range after {
		if before[q] != a {
			changed++
		}
	}
	t.Logf("%s changed %d of %d weighted answers", what, changed, len(after))
	if changed < len(after)/4 {
		t.Fatalf("%s changed only %d of %d weighted answers", what, changed, len(after))
	}
}

// samplePopulation is the shipped synthetic population table.
func samplePopulation(t *testing.T, cat *survey.Catalog) []store.PopulationCount {
	t.Helper()
	surveys, _ := fs.Sub(kinderstem.Assets(), "surveys")
	sample, err := surveys.Open(demo.SamplePopulation)
	if err != nil {
		t.Fatal(err)
	}
	defer sample.Close()
	pop, err := registration.DecodePopulation(sample, "sample.csv", cat)
	if err != nil {
		t.Fatal(err)
	}
	return pop
}
