package model

import (
	"context"
	"math"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

// installation: twelve sessions of 14 children in January and February,
// four per setting (school, youth work, youth care) and four per age band,
// those of band 14–17 with 13 girls and one boy each; two children of
// gender "other";
// and in March one session at school with three girls, the few children
// a differencing attacker is after (life satisfaction 2, 1 and 3).
type installation struct {
	st    *store.Store
	cat   *survey.Catalog
	clock *demo.Clock
}

func newInstallation(t *testing.T) *installation { return newInstallationF(t) }

func newInstallationF(t testing.TB) *installation {
	t.Helper()
	clock := &demo.Clock{}
	clock.Set(time.Date(2026, 1, 10, 10, 0, 0, 0, time.UTC))
	st, _, cat, _ := testkit.OpenCatalogStore(t, store.Options{Now: clock.Now})
	in := &installation{st: st, cat: cat, clock: clock}
	settings := []string{"school", "youth_work", "youth_care"}
	child := 0
	for s := range 12 {
		clock.Set(time.Date(2026, time.Month(1+s%2), 10, 10, 0, 0, 0, time.UTC))
		band := []string{"6-9", "10-13", "14-17"}[s/4]
		sess := in.session(t, band, settings[s%3])
		for i := range 14 {
			gender := []string{"girl", "boy"}[i%2]
			if band == "14-17" {
				gender = "girl"
				if i == 0 {
					gender = "boy"
				}
			}
			if child == 20 || child == 90 {
				gender = "other"
			}
			child++
			life := 2 + (child*7+s)%9 + s%3%2 + i%2 // 2..10, higher in youth work and for boys
			in.submit(t, sess, gender, map[string]int{"life_satisfaction": min(life, 10), "bullied": 1 + (child+s)%5})
		}
	}
	clock.Set(time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC))
	march := in.session(t, "10-13", "school")
	for _, life := range []int{2, 1, 3} {
		in.submit(t, march, "girl", map[string]int{"life_satisfaction": life, "bullied": 5})
	}
	return in
}

func (in *installation) session(t testing.TB, band, setting string) *store.Session {
	t.Helper()
	return testkit.NewSession(t, in.st, in.cat, "wellbeing", band, setting, "gent", in.clock.Now())
}

func (in *installation) submit(t testing.TB, sess *store.Session, gender string, answers map[string]int) {
	t.Helper()
	testkit.SubmitAnswers(t, in.st, sess, gender, answers)
}

func (in *installation) index(t testing.TB, secret string, opts ...indicator.Option) *indicator.Index {
	t.Helper()
	ix, err := indicator.Load(context.Background(), in.st, in.cat, append(opts, indicator.WithRecordKey([]byte(secret)))...)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// exactFit is the model of the true counts, unrounded: what R's svyglm
// gives on the same children (glm_test.go checks the estimator), with the
// protection switched off.
func exactFit(t *testing.T, ix *indicator.Index, cat *survey.Catalog, q url.Values) *Model {
	t.Helper()
	req, err := indicator.ParseRequest(q, cat, Params...)
	if err != nil {
		t.Fatal(err)
	}
	refs, err := cat.Indicators("wellbeing", q.Get("indicator"))
	if err != nil {
		t.Fatal(err)
	}
	in, err := ix.ModelInput(req.Query(refs[0], release.Policy{}))
	if err != nil {
		t.Fatal(err)
	}
	m, err := fit(in, req, nil, release.Policy{}, true)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The published model is the exact one within its noise: every
// coefficient within three published standard errors (which carry the
// cell key noise) of the exact one, every standard
// error between 0.8 and 4 times the exact one (the design effect is
// never taken below 1, and the noise adds to it); levels under k are left
// out, and the reference levels are each breakdown's first.
func TestReleaseIsTheExactModelWithinItsNoise(t *testing.T) {
	t.Parallel()
	in := newInstallation(t)
	ix := in.index(t, "a record secret")
	// Oost-Vlaanderen's children (Gent's province), more of them older,
	// more boys than girls: weights that move the model.
	var pop []store.PopulationCount
	for age := 6; age <= 17; age++ {
		pop = append(pop, store.PopulationCount{Area: "40000", Sex: "female", Age: age, Count: 300 + 40*age},
			store.PopulationCount{Area: "40000", Sex: "male", Age: age, Count: 500 + 40*age})
	}
	weighted := in.index(t, "a record secret", indicator.WithPopulation(indicator.NewPopulation(in.cat, pop)))
	for _, tc := range []struct{ ind, weights string }{{"life_satisfaction_mean", ""}, {"life_satisfied", ""}, {"life_satisfied", "population"}, {"life_satisfaction_mean", "population"}} {
		ind, q := tc.ind, url.Values{"survey": {"wellbeing"}, "indicator": {tc.ind}, "by": {"setting,gender"}}
		ix := ix
		if tc.weights != "" {
			q.Set("weights", tc.weights)
			ix = weighted
		}
		got, err := Release(ix, in.cat, q, release.Policy{})
		if err != nil {
			t.Fatal(ind, err)
		}
		want := exactFit(t, ix, in.cat, q)
		if tc.weights != "" {
			q.Del("weights")
			if plain := exactFit(t, in.index(t, "a record secret"), in.cat, q); math.Abs(plain.Terms[0].Estimate-want.Terms[0].Estimate) < 1e-6 {
				t.Errorf("%s: weighted intercept %v, unweighted the same", ind, want.Terms[0].Estimate)
			}
		}
		if (tc.weights != "") != (got.Weighting != nil && got.Weights == "population") || got.RCall() == "" {
			t.Errorf("%s: weights %q, weighting %+v", ind, got.Weights, got.Weighting)
		}
		if got.Predictors[0].Reference != "school" || got.Predictors[1].Reference != "girl" || !slices.Contains(got.Predictors[1].LeftOut, "other") {
			t.Errorf("%s: predictors %+v", ind, got.Predictors)
		}
		if got.Sessions != 13 || got.DF != 13-4 || got.DesignDF != 12 || len(got.Terms) != 4 {
			t.Errorf("%s: %d sessions, df %d, design df %d, %d terms", ind, got.Sessions, got.DF, got.DesignDF, len(got.Terms))
		}
		for j, term := range got.Terms {
			w := want.Terms[j]
			if math.Abs(term.Estimate-w.Estimate) > 3*term.SE || term.SE < 0.8*w.SE || term.SE > 4*w.SE || math.IsNaN(term.P) {
				t.Errorf("%s %s=%s: %.4f (se %.4f, p %.4f), exact %.6f (se %.6f)", ind, term.By, term.Level, term.Estimate, term.SE, term.P, w.Estimate, w.SE)
			}
			if r := roundTo(term.Estimate, got.Decimals); r != term.Estimate {
				t.Errorf("%s: %v not rounded to %d decimals", ind, term.Estimate, got.Decimals)
			}
			if (ind == "life_satisfied") == math.IsNaN(term.OddsRatio) {
				t.Errorf("%s: odds ratio %v", ind, term.OddsRatio)
			}
		}
	}
}

// The gate's refusals, each with its reason, and bad input, each with its
// field: the release is noted before any of them.
func TestReleaseRefuses(t *testing.T) {
	t.Parallel()
	in := newInstallation(t)
	ix := in.index(t, "a record secret")
	cases := []struct {
		query  string
		reason string // a Refused reason, or the fault's message
		levels []string
	}{
		{"indicator=life_satisfied&by=age_band,gender", "model.refused_crossing", []string{"14-17", "boy"}},
		{"indicator=life_satisfied&by=gender&from=2026-03", "error.base_too_small", nil},
		{"indicator=life_satisfied&by=gender&from=2026-03", "model.refused_levels", nil},
		{"indicator=life_satisfied&by=gender&gender=girl", "model.refused_levels", nil},
		{"indicator=life_satisfied", "error.model_no_predictor", nil},
		{"by=gender", "error.model_no_indicator", nil},
		{"indicator=no_such&by=gender", "error.indicator_unknown", nil},
		{"indicator=life_satisfied&by=shoe_size", "error.breakdown_invalid", nil},
		{"indicator=life_satisfied&by=gender,setting,age_band", "error.breakdown_invalid", nil},
		{"indicator=life_satisfied&by=gender&weights=heavy", "error.weights_invalid", nil},
		{"indicator=life_satisfied&by=gender&colour=red", "error.param_unknown", nil},
		{"indicator=life_satisfied&by=gender&ref=setting:school", "error.model_ref", nil},
		{"indicator=life_satisfied&by=gender&ref=gender", "error.model_ref", nil},
		{"indicator=life_satisfied&by=gender&ref=gender:other", "error.model_ref", nil},
		{"indicator=life_satisfied&by=gender&ref=gender:boy,gender:girl", "error.model_ref", nil},
		{"survey=child_guarantee&indicator=access_by_service&by=gender", "error.indicator_unknown", nil},
	}
	for _, tc := range cases {
		q, _ := url.ParseQuery(tc.query)
		if q.Get("indicator") != "" && q.Get("survey") == "" {
			q.Set("survey", "wellbeing")
		}
		noted := 0
		p := release.Policy{}.WithObserver(func(what string) {
			if what == release.Model {
				noted++
			}
		})
		m, err := Release(ix, in.cat, q, p)
		if noted != 1 {
			t.Errorf("%s: noted %d times", tc.query, noted)
		}
		if m != nil || err == nil {
			t.Errorf("%s: a model, %v", tc.query, err)
			continue
		}
		var msgs []string
		if r, ok := err.(*Refused); ok {
			for _, rs := range r.Reasons {
				msgs = append(msgs, rs.Message)
				if rs.Message == tc.reason && tc.levels != nil && !slices.Equal(rs.Levels, tc.levels) {
					t.Errorf("%s: levels %v, want %v", tc.query, rs.Levels, tc.levels)
				}
			}
			if k := fault.KindOf(err); k != fault.Invalid {
				t.Errorf("%s: a refusal is %v", tc.query, k)
			}
		} else if f, ok := fault.As(err); ok {
			msgs = append(msgs, f.Message)
		}
		if !slices.Contains(msgs, tc.reason) {
			t.Errorf("%s: %v (%v), want %s", tc.query, msgs, err, tc.reason)
		}
	}
}

// A model of more coefficients than maxTerms is refused before it is
// fitted: by setting, three coefficients, refused under a limit of 2 and
// fitted under 3. Not parallel: it lowers the limit for its duration.
func TestReleaseRefusesTooManyTerms(t *testing.T) {
	in := newInstallation(t)
	ix := in.index(t, "a record secret")
	q := url.Values{"survey": {"wellbeing"}, "indicator": {"life_satisfaction_mean"}, "by": {"setting"}}
	defer func(n int) { maxTerms = n }(maxTerms)
	maxTerms = 2
	_, err := Release(ix, in.cat, q, release.Policy{})
	if r, ok := err.(*Refused); !ok || r.Reasons[0].Message != "model.refused_terms" || r.Reasons[0].Number != 2 {
		t.Fatalf("3 coefficients under a limit of 2: %v", err)
	}
	maxTerms = 3
	if m, err := Release(ix, in.cat, q, release.Policy{}); err != nil || len(m.Terms) != 3 {
		t.Fatalf("3 coefficients under a limit of 3: %v", err)
	}
}

// ref= names another reference level: the same model, the gender
// coefficient with its sign turned and the same standard error (to the
// last rounded decimal).
func TestReleaseAnotherReference(t *testing.T) {
	t.Parallel()
	in := newInstallation(t)
	ix := in.index(t, "a record secret")
	q := url.Values{"survey": {"wellbeing"}, "indicator": {"life_satisfaction_mean"}, "by": {"setting,gender"}}
	girls, err := Release(ix, in.cat, q, release.Policy{})
	if err != nil {
		t.Fatal(err)
	}
	q.Set("ref", "gender:boy")
	boys, err := Release(ix, in.cat, q, release.Policy{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := girls.Terms[3], boys.Terms[3]
	unit := math.Pow(10, -float64(girls.Decimals)) * 1.01
	if boys.Predictors[1].Reference != "boy" || a.Level != "boy" || b.Level != "girl" || math.Abs(a.Estimate+b.Estimate) > unit || math.Abs(a.SE-b.SE) > unit {
		t.Errorf("reference girl: %+v; reference boy: %+v (%+v)", a, b, boys.Predictors[1])
	}
}
