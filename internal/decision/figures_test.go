package decision_test

import (
	"fmt"
	"math"
	"net/url"
	"testing"

	"github.com/kinderstem/kinderstem/internal/decision"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
)

// shells makes n decisions of an organisation and setting with an
// outcome, ids from first on.
func shells(first, org int64, setting, outcome string, heard string, days, n int) []store.VoiceShell {
	out := make([]store.VoiceShell, n)
	for i := range out {
		out[i] = store.VoiceShell{ID: first + int64(i), OrganisationID: org, Setting: setting, Outcome: outcome, Heard: heard, Days: days}
	}
	return out
}

func policy(secret string) release.Policy {
	return release.MustPolicy(10, 0).WithSecret([]byte(secret))
}

// A group of fewer than k decisions shows nothing at all, and its days
// and felt-heard parts need k of their own; a count of 1 or 2 is never
// shown, so no single child's outcome can be read off a share.
func TestFiguresHideSmallGroups(t *testing.T) {
	t.Parallel()
	var all []store.VoiceShell
	all = append(all, shells(1, 1, "youth_care", "view", "yes", 4, 30)...)
	all = append(all, shells(100, 1, "youth_care", "declined", "", -1, 1)...)
	all = append(all, shells(200, 2, "residential_care", "view", "no", 9, 4)...)
	q := decision.FiguresQuery{By: "organisation", Settings: []string{"youth_care", "residential_care"}}
	for i := range 50 {
		figs, err := decision.Figures(all, q, policy(fmt.Sprint("installation ", i)))
		if err != nil {
			t.Fatal(err)
		}
		if len(figs) != 2 || figs[0].Hidden || !figs[1].Hidden || figs[1].Decisions != 0 || !math.IsNaN(figs[1].View) {
			t.Fatalf("%+v", figs)
		}
		chose := math.Round(figs[0].ChoseNot * float64(figs[0].Decisions))
		if chose == 1 || chose == 2 {
			t.Fatalf("installation %d shows %v decisions where the child chose not to", i, chose)
		}
		if figs[0].DaysHidden || figs[0].MedianDays != 4 || figs[0].HeardHidden {
			t.Fatalf("installation %d: days %v (hidden %v), heard hidden %v", i, figs[0].MedianDays, figs[0].DaysHidden, figs[0].HeardHidden)
		}
	}
	bySetting, err := decision.Figures(all, decision.FiguresQuery{By: "setting", Settings: []string{"youth_care", "residential_care", "other"}}, policy("x"))
	if err != nil {
		t.Fatal(err)
	}
	if len(bySetting) != 3 || !bySetting[2].Hidden {
		t.Fatalf("every setting is listed, an empty one like a hidden one: %+v", bySetting)
	}
}

// The subtraction attack: organisation 1 has 20 decisions, all with a
// view; organisation 2 has 3, one where the child chose not to take part.
// Organisation 2 is hidden under k, but without noise the overall row
// minus organisation 1's would give its 3 decisions and the 1 child who
// declined exactly. With cell key perturbation the difference is the
// true one now and then, and which time cannot be told. 200 record
// secrets, each an installation.
func TestFiguresSubtractionAttack(t *testing.T) {
	t.Parallel()
	var all []store.VoiceShell
	all = append(all, shells(1, 1, "youth_care", "view", "", -1, 20)...)
	all = append(all, shells(100, 2, "youth_care", "view", "", -1, 2)...)
	all = append(all, shells(200, 2, "youth_care", "declined", "", -1, 1)...)
	const runs = 200
	exact := 0
	for i := range runs {
		p := policy(fmt.Sprint("installation ", i))
		overall, err := decision.Figures(all, decision.FiguresQuery{}, p)
		if err != nil {
			t.Fatal(err)
		}
		byOrg, err := decision.Figures(all, decision.FiguresQuery{By: "organisation"}, p)
		if err != nil {
			t.Fatal(err)
		}
		if overall[0].Hidden || byOrg[0].Hidden || !byOrg[1].Hidden {
			t.Fatalf("overall %+v, by organisation %+v", overall, byOrg)
		}
		n := overall[0].Decisions - byOrg[0].Decisions
		declined := int(math.Round(overall[0].ChoseNot*float64(overall[0].Decisions))) - int(math.Round(byOrg[0].ChoseNot*float64(byOrg[0].Decisions)))
		if n == 3 && declined == 1 {
			exact++
		}
	}
	if exact > runs/5 {
		t.Fatalf("overall minus by organisation gave the hidden organisation's decisions exactly in %d of %d installations", exact, runs)
	}
	t.Logf("exact in %d of %d installations", exact, runs)
}

// The figures' query takes one known breakdown and nothing else.
func TestParseFigures(t *testing.T) {
	t.Parallel()
	for q, want := range map[string]fault.Kind{"": 0, "by=organisation": 0, "by=setting&lang=en": 0, "by=region": fault.Invalid,
		"by=organisation&by=setting": fault.Invalid, "region=gent": fault.Invalid, "by=": 0} {
		v, _ := url.ParseQuery(q)
		_, err := decision.ParseFigures(v, "lang")
		if (err == nil) != (want == 0) || (err != nil && fault.KindOf(err) != want) {
			t.Errorf("%q: %v", q, err)
		}
	}
}
